#include "privacy/rights_request.h"

namespace leados::privacy {
namespace {

constexpr char kColumns[] =
    "id, kind, identifier_type, identity_hash, identifier_enc, jurisdiction, status, verified, "
    "verification_hash, received_at, due_at, verified_at, closed_at, closed_by, result_json, "
    "reject_reason";

RightsRequest FromRow(const store::Row& r) {
  RightsRequest q;
  q.id = r.Text(0);
  q.kind = ParseRightsKind(r.Text(1)).value_or(RightsKind::kAccess);
  q.identifier_type = r.Text(2);
  q.identity_hash = r.Text(3);
  q.identifier_enc = r.OptText(4).value_or("");
  q.jurisdiction = ParseJurisdiction(r.Text(5)).value_or(Jurisdiction::kOther);
  q.status = ParseRightsStatus(r.Text(6)).value_or(RightsStatus::kPending);
  q.verified = r.Int(7) != 0;
  q.verification_hash = r.OptText(8);
  q.received_at_ms = r.Int(9);
  q.due_at_ms = r.Int(10);
  q.verified_at_ms = r.OptInt(11);
  q.closed_at_ms = r.OptInt(12);
  q.closed_by = r.OptText(13);
  q.result_json = r.Text(14);
  q.reject_reason = r.Text(15);
  return q;
}

store::SqlValue OptValue(const std::optional<std::string>& v) {
  return v ? store::SqlValue(*v) : store::SqlValue();
}
store::SqlValue OptValue(const std::optional<int64_t>& v) {
  return v ? store::SqlValue(*v) : store::SqlValue();
}

}  // namespace

std::string_view RightsKindName(RightsKind k) {
  return k == RightsKind::kAccess ? "access" : "deletion";
}
std::string_view JurisdictionName(Jurisdiction j) {
  switch (j) {
    case Jurisdiction::kGdpr: return "gdpr";
    case Jurisdiction::kCcpa: return "ccpa";
    case Jurisdiction::kOther: return "other";
  }
  return "other";
}
std::string_view RightsStatusName(RightsStatus s) {
  switch (s) {
    case RightsStatus::kAwaitingVerification: return "awaiting_verification";
    case RightsStatus::kPending: return "pending";
    case RightsStatus::kCompleted: return "completed";
    case RightsStatus::kRejected: return "rejected";
  }
  return "pending";
}

core::Result<RightsKind> ParseRightsKind(std::string_view s) {
  if (s == "access") return RightsKind::kAccess;
  if (s == "deletion") return RightsKind::kDeletion;
  return core::InvalidArgument("kind: must be access or deletion (got '" +
                               std::string(s.substr(0, 40)) + "')");
}
core::Result<Jurisdiction> ParseJurisdiction(std::string_view s) {
  if (s == "gdpr") return Jurisdiction::kGdpr;
  if (s == "ccpa") return Jurisdiction::kCcpa;
  if (s == "other") return Jurisdiction::kOther;
  return core::InvalidArgument("jurisdiction: must be gdpr, ccpa or other (got '" +
                               std::string(s.substr(0, 40)) + "')");
}
core::Result<RightsStatus> ParseRightsStatus(std::string_view s) {
  for (auto v : {RightsStatus::kAwaitingVerification, RightsStatus::kPending,
                 RightsStatus::kCompleted, RightsStatus::kRejected}) {
    if (s == RightsStatusName(v)) return v;
  }
  return core::InvalidArgument(
      "status: must be awaiting_verification, pending, completed or rejected (got '" +
      std::string(s.substr(0, 40)) + "')");
}

int DeadlineDays(Jurisdiction j) {
  return j == Jurisdiction::kCcpa ? 45 : 30;
}

core::Status RightsRequestStore::Insert(store::SqlSession& tx, const RightsRequest& r) {
  auto n = tx.Exec(
      std::string("INSERT INTO privacy_requests (") + kColumns +
          ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {r.id, std::string(RightsKindName(r.kind)), r.identifier_type, r.identity_hash,
       r.identifier_enc, std::string(JurisdictionName(r.jurisdiction)),
       std::string(RightsStatusName(r.status)), int64_t{r.verified ? 1 : 0},
       OptValue(r.verification_hash), r.received_at_ms, r.due_at_ms, OptValue(r.verified_at_ms),
       OptValue(r.closed_at_ms), OptValue(r.closed_by), r.result_json, r.reject_reason});
  if (!n) return core::Fail(n.error());
  return core::Ok();
}

core::Result<RightsRequest> RightsRequestStore::Get(std::string_view id) {
  auto rows = db_.Query(std::string("SELECT ") + kColumns + " FROM privacy_requests WHERE id = ?",
                        {std::string(id)});
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return core::NotFound("no privacy request " + std::string(id));
  return FromRow((*rows)[0]);
}

core::Result<RightsRequest> RightsRequestStore::GetIn(store::SqlSession& tx, std::string_view id,
                                                      bool for_update) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM privacy_requests WHERE id = ?";
  if (for_update && tx.dialect() == store::Dialect::kPostgres) sql += " FOR UPDATE";
  auto rows = tx.Query(sql, {std::string(id)});
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return core::NotFound("no privacy request " + std::string(id));
  return FromRow((*rows)[0]);
}

core::Result<std::optional<RightsRequest>> RightsRequestStore::ByVerification(
    std::string_view verification_hash) {
  auto rows = db_.Query(
      std::string("SELECT ") + kColumns + " FROM privacy_requests WHERE verification_hash = ?",
      {std::string(verification_hash)});
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return std::optional<RightsRequest>();
  return std::optional<RightsRequest>(FromRow((*rows)[0]));
}

core::Result<std::vector<RightsRequest>> RightsRequestStore::List(
    std::optional<RightsStatus> status, int limit) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM privacy_requests";
  std::vector<store::SqlValue> params;
  if (status) {
    sql += " WHERE status = ?";
    params.emplace_back(std::string(RightsStatusName(*status)));
  }
  sql +=
      " ORDER BY CASE WHEN status IN ('awaiting_verification', 'pending') THEN 0 ELSE 1 END, "
      "CASE WHEN status IN ('awaiting_verification', 'pending') THEN due_at ELSE -received_at END, "
      "id LIMIT ?";
  params.emplace_back(int64_t{limit});
  auto rows = db_.Query(sql, params);
  if (!rows) return core::Fail(rows.error());
  std::vector<RightsRequest> out;
  for (const auto& r : *rows) out.push_back(FromRow(r));
  return out;
}

core::Result<bool> RightsRequestStore::MarkVerified(store::SqlSession& tx, std::string_view id,
                                                    int64_t now_ms) {
  auto n = tx.Exec(
      "UPDATE privacy_requests SET status = 'pending', verified = 1, verification_hash = NULL, "
      "verified_at = ? WHERE id = ? AND status = 'awaiting_verification'",
      {now_ms, std::string(id)});
  if (!n) return core::Fail(n.error());
  return *n > 0;
}

core::Result<bool> RightsRequestStore::Close(store::SqlSession& tx, std::string_view id,
                                             RightsStatus status, std::string_view closed_by,
                                             std::string_view result_json,
                                             std::string_view reject_reason, int64_t now_ms) {
  auto n = tx.Exec(
      "UPDATE privacy_requests SET status = ?, identifier_enc = NULL, verification_hash = NULL, "
      "closed_at = ?, closed_by = ?, result_json = ?, reject_reason = ? "
      "WHERE id = ? AND status IN ('awaiting_verification', 'pending')",
      {std::string(RightsStatusName(status)), now_ms, std::string(closed_by),
       std::string(result_json), std::string(reject_reason), std::string(id)});
  if (!n) return core::Fail(n.error());
  return *n > 0;
}

}  // namespace leados::privacy
