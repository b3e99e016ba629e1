#pragma once
// RightsService: the rights requests of individuals (issue 9) — submitPrivacyRequest, email
// verification, the admin queue with statutory deadlines, completion and rejection.
//
// Flow (decisions; also in README.md):
//  - Submit: the identifier is normalised (identity.h); the row keeps its keyed hash and the
//    canonical identity as a FieldCipher ciphertext (AD privacy_requests/identifier/<id>) for the
//    request's life only — Close clears it. Deadline: received + 30 days (gdpr, other) or 45
//    days (ccpa). An email identifier gets a one-time link (32 random bytes; only its SHA-256 is
//    stored) mailed to that address, and waits (awaiting_verification); a handle or profile URL
//    cannot be proven by us, so it goes to the admin queue unverified (pending).
//  - Verify(token): the email request becomes verified and is processed at once; an access
//    answer is mailed to the verified address, never shown on the page that used the link.
//  - Complete(id, admin): the admin processes any open request (the admin decides whether an
//    unverified one is genuine); an access answer is returned to the admin in result_json.
//  - Processing a deletion: RightsExecutor::Erase deletes what the KV store holds and then, in ONE
//    transaction with its own SQL (payload marks, erasure events and client emails), this service
//    adds the keyed hash to the suppression list and closes the request. A crash between the two
//    leaves the request open; running it again is safe (every step is idempotent).
// Thread-safe.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/ids.h"
#include "core/json.h"
#include "core/result.h"
#include "privacy/field_cipher.h"
#include "privacy/identity.h"
#include "privacy/rights_request.h"
#include "privacy/suppression_store.h"
#include "store/database.h"

namespace leados::privacy {

// What a person sends (strings as received; Submit validates them).
struct RightsSubmission {
  std::string kind;             // access | deletion
  std::string identifier_type;  // email | handle | profile_url
  std::string identifier;
  std::string jurisdiction;  // gdpr | ccpa | other
};

// Emails to the requester (src/app: the notify outbox). Called inside the caller's transaction.
class RightsMailer {
 public:
  virtual ~RightsMailer() = default;
  // "Confirm your privacy request": `link` verifies it.
  virtual core::Status SendVerification(store::SqlSession& tx, const RightsRequest& request,
                                        std::string_view to, std::string_view link) = 0;
  // The answer to a verified access request (counts only, see RightsExecutor::Inventory).
  virtual core::Status SendAccessAnswer(store::SqlSession& tx, const RightsRequest& request,
                                        std::string_view to, const core::json::object& answer) = 0;
};

// What LeadOS holds about a person, and erasing it (src/app: leads, payloads, webhooks).
class RightsExecutor {
 public:
  virtual ~RightsExecutor() = default;
  // Counts only (no personal data): e.g. {"payloads_in_flight":{"hn":2},"leads":3}.
  virtual core::Result<core::json::object> Inventory(const Identity& identity) = 0;
  // Runs `finish(tx, counts)` inside the executor's one transaction; it closes the request.
  using Finish = std::function<core::Status(store::SqlSession&, const core::json::object&)>;
  // Deletes every payload holding `identity` (idempotent), then in ONE transaction records that,
  // tells the clients who received a lead about the person, and calls `finish`. Returns counts.
  virtual core::Result<core::json::object> Erase(const Identity& identity,
                                                 std::string_view request_id,
                                                 const Finish& finish) = 0;
};

struct RightsServiceOptions {
  // The verification link is verify_url + "?token=" + token.
  std::string verify_url = "http://localhost:8080/v1/privacy/requests/verify";
};

class RightsService {
 public:
  // Every reference must outlive the service.
  RightsService(store::Database& db, const core::Clock& clock, const FieldCipher& cipher,
                const IdentityHasher& hasher, SuppressionStore& suppression, RightsMailer& mailer,
                RightsExecutor& executor, RightsServiceOptions options = {});

  // submitPrivacyRequest. kInvalidArgument naming the field (kind, identifier_type, identifier,
  // jurisdiction). The returned request never carries the identifier.
  core::Result<RightsRequest> Submit(const RightsSubmission& submission);
  // Uses an emailed token: verifies and processes the request. kNotFound "this link is not valid
  // or was already used" for an unknown or used token.
  core::Result<RightsRequest> Verify(std::string_view token);
  // Processes an open request as admin `admin_id`. kNotFound; kFailedPrecondition when closed.
  core::Result<RightsRequest> Complete(std::string_view id, std::string_view admin_id);
  // Rejects an open request (e.g. the identity could not be confirmed). `reason` is required
  // (kInvalidArgument "reason: …"). kNotFound; kFailedPrecondition when closed.
  core::Result<RightsRequest> Reject(std::string_view id, std::string_view admin_id,
                                     std::string_view reason);

  core::Result<std::vector<RightsRequest>> List(std::optional<RightsStatus> status, int limit);
  core::Result<RightsRequest> Get(std::string_view id) { return requests_.Get(id); }

  // The hash forms the suppression list may hold for `identity`: its keyed hash, and the DROP
  // hash for an email.
  std::vector<std::string> SuppressionHashes(const Identity& identity) const;

 private:
  core::Result<RightsRequest> Process(const RightsRequest& request, std::string closed_by);
  core::Result<Identity> IdentityOf(const RightsRequest& request) const;

  store::Database& db_;
  const core::Clock& clock_;
  const FieldCipher& cipher_;
  const IdentityHasher& hasher_;
  SuppressionStore& suppression_;
  RightsMailer& mailer_;
  RightsExecutor& executor_;
  RightsServiceOptions options_;
  RightsRequestStore requests_;
  core::IdGenerator ids_;
};

// The request as JSON for the API (no identifier): id, kind, identifier_type, jurisdiction,
// status, verified, received_at, due_at, overdue, closed_at, result.
core::json::object RightsRequestJson(const RightsRequest& r, int64_t now_ms);

}  // namespace leados::privacy
