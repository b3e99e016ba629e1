#include "accounts/audit_log.h"

namespace leados::accounts {
namespace {

constexpr std::string_view kInsert =
    "INSERT INTO audit_events (id, at, actor_kind, actor_id, account_id, action, target, ip, "
    "outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

store::SqlValue OptValue(const std::optional<std::string>& v) {
  return v ? store::SqlValue(*v) : store::SqlValue();
}

}  // namespace

std::string_view ActorKindName(ActorKind kind) {
  switch (kind) {
    case ActorKind::kUser: return "user";
    case ActorKind::kAdmin: return "admin";
    case ActorKind::kApiKey: return "api_key";
    case ActorKind::kSystem: return "system";
    case ActorKind::kAnonymous: return "anonymous";
  }
  return "system";
}

std::string_view AuditOutcomeName(AuditOutcome outcome) {
  switch (outcome) {
    case AuditOutcome::kSuccess: return "success";
    case AuditOutcome::kFailure: return "failure";
    case AuditOutcome::kDenied: return "denied";
  }
  return "failure";
}

std::vector<store::SqlValue> AuditLog::Params(const std::string& id, const AuditEvent& e) {
  return {id,
          clock_.NowUnixMillis(),
          std::string(ActorKindName(e.actor_kind)),
          e.actor_id,
          OptValue(e.account_id),
          e.action,
          e.target,
          e.ip,
          std::string(AuditOutcomeName(e.outcome)),
          e.detail};
}

core::Result<std::string> AuditLog::Record(store::SqlSession& tx, const AuditEvent& event) {
  std::string id = ids_.NewId("aud");
  auto done = tx.Exec(kInsert, Params(id, event));
  if (!done) return core::Fail(done.error());
  return id;
}

core::Result<std::string> AuditLog::Record(store::Database& db, const AuditEvent& event) {
  std::string id = ids_.NewId("aud");
  auto done = db.Exec(kInsert, Params(id, event));
  if (!done) return core::Fail(done.error());
  return id;
}

core::Result<std::vector<AuditRecord>> AuditLog::List(store::Database& db,
                                                      const AuditQuery& q) const {
  if (q.limit < 1 || q.limit > 500) {
    return core::InvalidArgument("limit must be between 1 and 500 (got " + std::to_string(q.limit) +
                                 ")");
  }
  if (q.outcome && *q.outcome != "success" && *q.outcome != "failure" && *q.outcome != "denied") {
    return core::InvalidArgument("outcome must be success, failure or denied (got '" + *q.outcome +
                                 "')");
  }
  std::string sql =
      "SELECT id, at, actor_kind, actor_id, account_id, action, target, ip, outcome, detail "
      "FROM audit_events WHERE 1 = 1";
  std::vector<store::SqlValue> params;
  auto add = [&](std::string_view clause, store::SqlValue v) {
    sql += clause;
    params.push_back(std::move(v));
  };
  if (q.account_id) add(" AND account_id = ?", *q.account_id);
  if (q.actor_id) add(" AND actor_id = ?", *q.actor_id);
  if (q.action_prefix) {
    add(" AND substr(action, 1, ?)", static_cast<int64_t>(q.action_prefix->size()));
    add(" = ?", *q.action_prefix);
  }
  if (q.outcome) add(" AND outcome = ?", *q.outcome);
  if (q.since_ms) add(" AND at >= ?", *q.since_ms);
  if (q.until_ms) add(" AND at < ?", *q.until_ms);
  if (q.before_id) add(" AND id < ?", *q.before_id);
  sql += " ORDER BY id DESC LIMIT " + std::to_string(q.limit);
  auto rows = db.Query(sql, params);
  if (!rows) return core::Fail(rows.error());
  std::vector<AuditRecord> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) {
    out.push_back(AuditRecord{r.Text(0), r.Int(1), r.Text(2), r.Text(3), r.OptText(4), r.Text(5),
                              r.Text(6), r.Text(7), r.Text(8), r.Text(9)});
  }
  return out;
}

}  // namespace leados::accounts
