#include "oversight/anomaly_flag_store.h"

#include <fmt/format.h>

namespace leados::oversight {
namespace {

using store::SqlValue;

constexpr const char* kColumns =
    "f.id, f.account_id, COALESCE(a.company_name, ''), f.subject, f.kind, f.detected_at_ms, "
    "f.updated_at_ms, f.window_start_ms, f.window_end_ms, f.observed, f.baseline, "
    "f.details_json, f.status, f.dismissed_by, f.dismissed_at_ms, f.note "
    "FROM anomaly_flags f LEFT JOIN accounts a ON a.id = f.account_id";

AnomalyFlag FromRow(const store::Row& r) {
  AnomalyFlag f;
  f.id = r.Text(0);
  f.account_id = r.OptText(1);
  f.account_name = r.Text(2);
  f.subject = r.Text(3);
  f.kind = r.Text(4);
  f.detected_at_ms = r.Int(5);
  f.updated_at_ms = r.Int(6);
  f.window_start_ms = r.Int(7);
  f.window_end_ms = r.Int(8);
  f.observed = r.Int(9);
  f.baseline = r.Int(10);
  f.details_json = r.Text(11);
  f.status = r.Text(12);
  f.dismissed_by = r.OptText(13);
  f.dismissed_at_ms = r.OptInt(14);
  f.note = r.Text(15);
  return f;
}

SqlValue OptValue(const std::optional<std::string>& v) {
  return v ? SqlValue(*v) : SqlValue();
}

}  // namespace

std::string_view AnomalyKindName(AnomalyKind kind) {
  switch (kind) {
    case AnomalyKind::kCreditBurn: return "credit_burn";
    case AnomalyKind::kFailedSignins: return "failed_signins";
    case AnomalyKind::kKeyBurst: return "key_burst";
  }
  return "credit_burn";
}

std::optional<AnomalyKind> ParseAnomalyKind(std::string_view name) {
  for (auto k : {AnomalyKind::kCreditBurn, AnomalyKind::kFailedSignins, AnomalyKind::kKeyBurst}) {
    if (AnomalyKindName(k) == name) return k;
  }
  return std::nullopt;
}

AnomalyFlagStore::AnomalyFlagStore(store::Database& db, const core::Clock& clock,
                                   accounts::AuditLog& audit)
    : db_(db), clock_(clock), audit_(audit), ids_(clock) {}

core::Result<RaiseOutcome> AnomalyFlagStore::Raise(const AnomalyObservation& seen) {
  auto once = RaiseOnce(seen);
  // Two scans at once (the CLI while serve's hourly job runs): the loser's INSERT meets the
  // one-open-flag index; run again, and it finds the open flag to update.
  if (!once && once.error().code == core::ErrorCode::kAlreadyExists) return RaiseOnce(seen);
  return once;
}

core::Result<RaiseOutcome> AnomalyFlagStore::RaiseOnce(const AnomalyObservation& seen) {
  const std::string kind(AnomalyKindName(seen.kind));
  const int64_t now = clock_.NowUnixMillis();
  RaiseOutcome outcome = RaiseOutcome::kNew;
  auto st = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto open =
        tx.Query("SELECT id FROM anomaly_flags WHERE kind = ? AND subject = ? AND status = 'open'",
                 {kind, seen.subject});
    if (!open) return core::Fail(open.error());
    if (!open->empty()) {
      outcome = RaiseOutcome::kUpdated;
      auto upd = tx.Exec(
          "UPDATE anomaly_flags SET updated_at_ms = ?, window_start_ms = ?, window_end_ms = ?, "
          "observed = ?, baseline = ?, details_json = ? WHERE id = ?",
          {now, seen.window_start_ms, seen.window_end_ms, seen.observed, seen.baseline,
           seen.details_json, open->front().Text(0)});
      return upd ? core::Ok() : core::Status(core::Fail(upd.error()));
    }
    auto seen_before = tx.Query(
        "SELECT COUNT(*) FROM anomaly_flags WHERE kind = ? AND subject = ? AND status = "
        "'dismissed' AND dismissed_at_ms >= ?",
        {kind, seen.subject, seen.window_start_ms});
    if (!seen_before) return core::Fail(seen_before.error());
    if (!seen_before->empty() && seen_before->front().Int(0) > 0) {
      outcome = RaiseOutcome::kSuppressed;
      return core::Ok();
    }
    outcome = RaiseOutcome::kNew;
    auto ins = tx.Exec(
        "INSERT INTO anomaly_flags (id, account_id, subject, kind, detected_at_ms, updated_at_ms, "
        "window_start_ms, window_end_ms, observed, baseline, details_json, status, dismissed_by, "
        "dismissed_at_ms, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', NULL, NULL, '')",
        {ids_.NewId("anf"), OptValue(seen.account_id), seen.subject, kind, now, now,
         seen.window_start_ms, seen.window_end_ms, seen.observed, seen.baseline,
         seen.details_json});
    return ins ? core::Ok() : core::Status(core::Fail(ins.error()));
  });
  if (!st) return core::Fail(st.error());
  return outcome;
}

core::Result<AnomalyPage> AnomalyFlagStore::List(const AnomalyQuery& q) const {
  if (q.status != "open" && q.status != "dismissed" && q.status != "all") {
    return core::InvalidArgument("status: must be open, dismissed or all, got \"" + q.status +
                                 "\"");
  }
  if (q.kind && !ParseAnomalyKind(*q.kind)) {
    return core::InvalidArgument("kind: must be credit_burn, failed_signins or key_burst, got \"" +
                                 *q.kind + "\"");
  }
  if (q.limit < 1 || q.limit > kMaxLimit) {
    return core::InvalidArgument(fmt::format("limit: must be from 1 to {}", kMaxLimit));
  }
  if (!q.cursor.empty() && q.cursor.rfind("anf_", 0) != 0) {
    return core::InvalidArgument(
        "cursor: not a cursor of this list; pass the next_cursor of the previous page");
  }
  std::string sql = std::string("SELECT ") + kColumns + " WHERE 1 = 1";
  std::vector<SqlValue> params;
  if (q.status != "all") {
    sql += " AND f.status = ?";
    params.emplace_back(q.status);
  }
  if (q.kind) {
    sql += " AND f.kind = ?";
    params.emplace_back(*q.kind);
  }
  if (!q.cursor.empty()) {
    sql += " AND f.id < ?";
    params.emplace_back(q.cursor);
  }
  sql += " ORDER BY f.id DESC LIMIT ?";
  params.emplace_back(int64_t{q.limit} + 1);
  auto rows = db_.Query(sql, params);
  if (!rows) return core::Fail(rows.error());
  AnomalyPage page;
  for (const auto& r : *rows) {
    if (static_cast<int>(page.flags.size()) == q.limit) {
      page.next_cursor = page.flags.back().id;
      break;
    }
    page.flags.push_back(FromRow(r));
  }
  return page;
}

core::Result<AnomalyFlag> AnomalyFlagStore::Get(const std::string& id) const {
  auto rows = db_.Query(std::string("SELECT ") + kColumns + " WHERE f.id = ?", {id});
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return core::NotFound("no anomaly flag " + id);
  return FromRow(rows->front());
}

core::Result<AnomalyFlag> AnomalyFlagStore::Dismiss(const std::string& id,
                                                    const std::string& admin_id,
                                                    const std::string& ip,
                                                    const std::string& note) {
  if (note.size() > kMaxNote) {
    return core::InvalidArgument(
        fmt::format("note: at most {} characters, got {}", kMaxNote, note.size()));
  }
  auto st = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto row = tx.Query("SELECT status, account_id FROM anomaly_flags WHERE id = ?", {id});
    if (!row) return core::Fail(row.error());
    if (row->empty()) return core::NotFound("no anomaly flag " + id);
    if (row->front().Text(0) != "open") {
      return core::Fail(core::ErrorCode::kConflict, "anomaly flag " + id + " is already dismissed");
    }
    const int64_t now = clock_.NowUnixMillis();
    // The status condition makes a concurrent second dismissal change nothing.
    auto upd = tx.Exec(
        "UPDATE anomaly_flags SET status = 'dismissed', dismissed_by = ?, dismissed_at_ms = ?, "
        "updated_at_ms = ?, note = ? WHERE id = ? AND status = 'open'",
        {admin_id, now, now, note, id});
    if (!upd) return core::Fail(upd.error());
    if (*upd == 0) {
      return core::Fail(core::ErrorCode::kConflict, "anomaly flag " + id + " is already dismissed");
    }
    auto rec = audit_.Record(tx, {accounts::ActorKind::kAdmin, admin_id, row->front().OptText(1),
                                  "admin.anomaly.dismiss", id, ip, accounts::AuditOutcome::kSuccess,
                                  note.empty() ? "" : "with a note"});
    return rec ? core::Ok() : core::Status(core::Fail(rec.error()));
  });
  if (!st) return core::Fail(st.error());
  return Get(id);
}

}  // namespace leados::oversight
