#pragma once
// AccountDirectory: what the admin console needs to find and manage client accounts (issue 10):
// a search over every account, one account's users and API-key counts, and suspension.
//
// Suspension (columns accounts.suspended_at / suspended_reason, migration 0100):
//  - Suspend ends every portal session of the account's users in the same transaction as the
//    change and its audit event (admin.account.suspend); Reinstate clears it
//    (admin.account.reinstate). Neither touches the account's data, API keys or campaigns.
//  - While suspended, sign-in (AccountService::Login, after the password was checked, so it
//    tells nothing to someone who does not know it) and every session or API-key request
//    (api::AccountsApi) fail with SuspendedError(): HTTP 403, code `account_suspended`. The
//    campaigns of a suspended account are left out of CampaignStore::ListActive, so they
//    produce no leads until it is reinstated.
//  - Decisions where the issue was silent: suspending a suspended account (or reinstating one
//    that is not) is kConflict, so two admins cannot silently overwrite each other's reason; the
//    reason is required (1..300 characters) and kept in the audit log; no email is sent to the
//    client (support tells them; the sign-in error says to contact support).
//
// Thread-safe; every reference must outlive the directory.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/audit_log.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/database.h"

namespace leados::accounts {

// One account in the admin's search results.
struct AccountSummary {
  std::string id;
  std::string company_name;
  std::string owner_email;  // the oldest owner's address ("" if it has none)
  std::string status;       // active | closed
  int64_t created_at_ms = 0;
  std::optional<int64_t> suspended_at_ms;
  std::string suspended_reason;
};

struct AccountSearchQuery {
  std::string q;       // "" = all; else an account id, or part of the company name or a user email
  std::string cursor;  // next_cursor of the previous page, or ""
  int limit = 50;      // 1..kMaxSearchLimit
};

struct AccountSearchPage {
  std::vector<AccountSummary> accounts;  // newest first
  std::string next_cursor;               // "" on the last page
};

struct AccountUser {
  std::string id;
  std::string email;
  std::string name;
  std::string role;
  bool email_verified = false;
  int64_t created_at_ms = 0;
};

// One account as the admin sees it (the parts this module owns).
struct AccountDetail {
  AccountSummary summary;
  std::vector<AccountUser> users;  // oldest first
  int64_t api_keys_active = 0;     // not revoked and not expired
  int64_t api_keys_total = 0;
};

// The error a suspended account's sign-in and requests fail with (403; the API renders the code
// `account_suspended`, see IsSuspendedError).
core::Error SuspendedError();
// True for exactly the error SuspendedError() returns.
bool IsSuspendedError(const core::Error& error);
// Whether `account_id` is suspended now (false for an unknown account).
core::Result<bool> IsAccountSuspended(store::Database& db, std::string_view account_id);

class AccountDirectory {
 public:
  static constexpr int kMaxSearchLimit = 100;
  static constexpr size_t kMaxReason = 300;

  AccountDirectory(store::Database& db, const core::Clock& clock, AuditLog& audit);

  // Accounts whose id equals `q`, or whose company name or one of whose users' email contains it
  // (case-insensitive), newest first. kInvalidArgument "limit: …" / "cursor: …" for bad paging.
  core::Result<AccountSearchPage> Search(const AccountSearchQuery& query);
  // kNotFound "no account <id>".
  core::Result<AccountDetail> Get(std::string_view account_id);

  // Suspends the account with `reason` (trimmed; kInvalidArgument "reason: …" when empty or too
  // long), ends its users' sessions and audits it as `admin_id` from `ip`; all in one
  // transaction. kNotFound for an unknown account, kConflict when it is already suspended.
  core::Result<AccountDetail> Suspend(std::string_view account_id, std::string_view reason,
                                      std::string_view admin_id, std::string_view ip);
  // Lifts a suspension (audited). kNotFound, or kConflict when it is not suspended.
  core::Result<AccountDetail> Reinstate(std::string_view account_id, std::string_view admin_id,
                                        std::string_view ip);

 private:
  store::Database& db_;
  const core::Clock& clock_;
  AuditLog& audit_;
};

}  // namespace leados::accounts
