#pragma once
// PolicyVersions (issue 9, "policy changes"): an admin publishes a new version of the privacy
// policy or the terms of service; every account holder is emailed; each user accepts the current
// version in the portal, recorded with version and time. Tables policy_versions and
// policy_acceptances (migration 0140_policy_versions.sql).
//
// Decisions, where the issue was silent:
//  - The *current* version of a kind is the one published last. Before any was published it is
//    the bundled version kBundledPolicyVersion ("2026-11-01", the text shipped in the portal's
//    pages, and what every sign-up accepted until now); the migration records every existing
//    user's acceptance of the versions on their users row, so nothing is asked after an upgrade.
//  - Recipients of the announcement: every user with a verified address whose account is not
//    closed (suspended accounts included: they are still bound by the terms). One outbox row per
//    user, all in the publishing transaction with its audit event: it is published and announced
//    together, or not at all. (At 10,000 users that is 10,000 small inserts in one transaction,
//    well within what both backends commit in seconds.)
//  - A version is 1 to 40 characters of letters, digits, '.', '_' or '-' ("2026-11-30"); it must
//    be new for its kind (409 already_exists) and differ from the bundled one.
//  - Accepting is per user and idempotent. Only the current version can be accepted (409 conflict
//    "… reload …"), so a stale tab cannot record acceptance of a text that was replaced. The
//    users row's terms_version / privacy_version (and terms_accepted_at) follow the latest
//    acceptance, so older readers of those columns stay right.
//  - Nothing is blocked until acceptance: the portal asks (a dialog) and the API and API keys keep
//    working, as Stripe and GitHub do; the record is what the operator needs.
//  - No IP address is stored with an acceptance (see the migration): the audit event
//    policy.accept carries the IP for the 2-year audit period, like every other user action.
//
// Thread-safe; every reference must outlive the object.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/audit_log.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/result.h"
#include "notify/outbox.h"
#include "notify/templates.h"
#include "store/database.h"

namespace leados::accounts {

enum class PolicyKind { kPrivacy, kTerms };

// "privacy" | "terms".
std::string_view PolicyKindName(PolicyKind kind);
// kInvalidArgument "kind must be \"privacy\" or \"terms\"" otherwise.
core::Result<PolicyKind> ParsePolicyKind(std::string_view text);
// The portal page with the text: "/privacy" or "/terms".
std::string_view PolicyPath(PolicyKind kind);
// "privacy policy" | "terms of service".
std::string_view PolicyTitle(PolicyKind kind);

// The version of both texts bundled with the portal, current until an admin publishes another.
inline constexpr std::string_view kBundledPolicyVersion = "2026-11-01";

// The current version of `kind` as seen by `tx` (latest published, else the bundled one).
core::Result<std::string> CurrentPolicyVersion(store::SqlSession& tx, PolicyKind kind);
core::Result<std::string> CurrentPolicyVersion(store::Database& db, PolicyKind kind);
// Records that `user_id` accepted `version` of `kind` at `at_ms` inside `tx` (sign-up uses it);
// accepting twice keeps the first time. Does not check the version is current.
core::Status RecordPolicyAcceptance(store::SqlSession& tx, const std::string& user_id,
                                    PolicyKind kind, const std::string& version, int64_t at_ms);

// One published version.
struct PolicyVersion {
  std::string id;  // pol_…; "" for the bundled version
  PolicyKind kind = PolicyKind::kTerms;
  std::string version;
  int64_t published_at_ms = 0;  // 0 for the bundled version
  std::string summary;
  std::string published_by;  // adm_…
};

// A published version and how many users accepted it (the console's list).
struct PolicyListing {
  PolicyVersion version;
  int64_t acceptances = 0;
  bool current = false;
};

// The current version of one kind as a user sees it.
struct CurrentPolicy {
  PolicyVersion version;         // id "" and published_at_ms 0 when it is the bundled one
  std::optional<bool> accepted;  // nullopt when asked without a user (anonymous, API key)
  std::optional<int64_t> accepted_at_ms;
};

struct PublishPolicyRequest {
  std::string kind;  // "privacy" | "terms"
  std::string version;
  std::string summary;  // what changed, 1 to 2,000 characters
};

struct PublishedPolicy {
  PolicyVersion version;
  int64_t emails_queued = 0;
};

struct PolicyVersionsOptions {
  std::string public_url = "http://127.0.0.1:8080";  // base of the link in the email
  std::string product_name = "LeadOS";
};

class PolicyVersions {
 public:
  PolicyVersions(store::Database& db, const core::Clock& clock, AuditLog& audit,
                 PolicyVersionsOptions options);

  // Validates the request (kInvalidArgument naming the field and what to change), then in one
  // transaction stores the version, emails every account holder (see the decisions above) and
  // audits admin.policy.publish. kAlreadyExists when that version of that kind exists.
  core::Result<PublishedPolicy> Publish(const PublishPolicyRequest& request,
                                        std::string_view admin_id, std::string_view ip);
  // Every published version, newest first, with its acceptance count; the bundled versions are
  // not listed.
  core::Result<std::vector<PolicyListing>> List();
  // The current version of each kind (privacy, then terms) and, when `user_id` is given, whether
  // that user accepted it.
  core::Result<std::vector<CurrentPolicy>> Current(std::optional<std::string_view> user_id);
  // Records acceptance of `version` of `kind` by the user (audited policy.accept). kConflict
  // "… is not the current … reload the page …" when `version` is not the current one; Ok (and
  // the first acceptance kept) when it was already accepted.
  core::Result<CurrentPolicy> Accept(std::string_view user_id, std::string_view account_id,
                                     std::string_view kind, std::string_view version,
                                     std::string_view ip);

 private:
  store::Database& db_;
  const core::Clock& clock_;
  AuditLog& audit_;
  PolicyVersionsOptions options_;
  notify::Outbox outbox_;
  notify::EmailTemplates templates_;
  core::IdGenerator ids_;
};

}  // namespace leados::accounts
