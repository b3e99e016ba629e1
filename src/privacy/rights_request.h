#pragma once
// The rights request of an individual (GDPR art. 15/17, CCPA §1798.100/105): its model, its
// statutory deadline and its row in privacy_requests (migration 0120). Pure value types and the
// SQL of that one table; the workflow is RightsService (rights_service.h).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace leados::privacy {

// access: what is held about the person; deletion: erase it and suppress the person.
enum class RightsKind { kAccess, kDeletion };
// gdpr: one month (30 days); ccpa: 45 days; other: 30 days.
enum class Jurisdiction { kGdpr, kCcpa, kOther };
// awaiting_verification (email identifiers until the link is used) → pending (admin queue) →
// completed | rejected. An email request that is verified is processed at once (completed).
enum class RightsStatus { kAwaitingVerification, kPending, kCompleted, kRejected };

std::string_view RightsKindName(RightsKind k);
std::string_view JurisdictionName(Jurisdiction j);
std::string_view RightsStatusName(RightsStatus s);
core::Result<RightsKind> ParseRightsKind(std::string_view s);      // kInvalidArgument "kind: …"
core::Result<Jurisdiction> ParseJurisdiction(std::string_view s);  // "jurisdiction: …"
core::Result<RightsStatus> ParseRightsStatus(std::string_view s);

// Days until the statutory deadline: 30 (gdpr, other), 45 (ccpa).
int DeadlineDays(Jurisdiction j);

// One row of privacy_requests. No identifier in clear: identifier_enc is a FieldCipher ciphertext
// (AD privacy_requests/identifier/<id>), NULL in SQL ("" here) once the request is closed.
struct RightsRequest {
  std::string id;  // prq_…
  RightsKind kind = RightsKind::kAccess;
  std::string identifier_type;  // email | handle | profile_url
  std::string identity_hash;    // IdentityHasher::Keyed of the normalised identity
  std::string identifier_enc;
  Jurisdiction jurisdiction = Jurisdiction::kGdpr;
  RightsStatus status = RightsStatus::kPending;
  bool verified = false;
  std::optional<std::string> verification_hash;  // SHA-256 hex of the emailed token
  int64_t received_at_ms = 0;
  int64_t due_at_ms = 0;
  std::optional<int64_t> verified_at_ms;
  std::optional<int64_t> closed_at_ms;
  std::optional<std::string> closed_by;  // "requester" or an admin id
  std::string result_json = "{}";        // counts only
  std::string reject_reason;

  bool open() const {
    return status == RightsStatus::kAwaitingVerification || status == RightsStatus::kPending;
  }
  // Open and past its deadline.
  bool Overdue(int64_t now_ms) const { return open() && now_ms > due_at_ms; }
};

// The SQL of privacy_requests. Thread-safe when the database is.
class RightsRequestStore {
 public:
  explicit RightsRequestStore(store::Database& db) : db_(db) {}

  core::Status Insert(store::SqlSession& tx, const RightsRequest& r);
  // kNotFound "no privacy request <id>".
  core::Result<RightsRequest> Get(std::string_view id);
  core::Result<RightsRequest> GetIn(store::SqlSession& tx, std::string_view id, bool for_update);
  // The request whose emailed token hashes to `verification_hash`; nullopt when none.
  core::Result<std::optional<RightsRequest>> ByVerification(std::string_view verification_hash);
  // The queue: open requests first by deadline, then closed ones newest first, at most `limit`.
  // `status` filters when given.
  core::Result<std::vector<RightsRequest>> List(std::optional<RightsStatus> status, int limit);
  // Marks verified (status pending, token used). False when it was not awaiting verification.
  core::Result<bool> MarkVerified(store::SqlSession& tx, std::string_view id, int64_t now_ms);
  // Closes an open request (completed or rejected), clearing its identifier ciphertext. False when
  // it was already closed (a concurrent close won).
  core::Result<bool> Close(store::SqlSession& tx, std::string_view id, RightsStatus status,
                           std::string_view closed_by, std::string_view result_json,
                           std::string_view reject_reason, int64_t now_ms);

 private:
  store::Database& db_;
};

}  // namespace leados::privacy
