#pragma once
// AccountClosure: an owner closes the client account, and may reopen it during the grace period
// (the retention policy's account-data period, 30 days). Closing, in ONE transaction: the account
// becomes 'closed' (closed_at, optional reason), every portal session of it is deleted, its API
// keys are revoked, its active campaigns paused, its enabled webhook endpoints disabled
// (disabled_reason 'account_closed'), each owner is emailed through the outbox (with the date the
// data will be deleted and how to reopen), and the closure is audited (account.close). Reopening
// (email + password, since a closed account cannot sign in) sets the account active again; keys
// stay revoked, campaigns paused and endpoints disabled — the owner turns back on what they want.
// After the grace period RetentionEngine purges the account.
//
// It writes the tables of accounts, campaigns and deliver directly (one transaction across them
// is the point); src/retention/README.md lists what it touches. Thread-safe.

#include <cstdint>
#include <optional>
#include <string>

#include "accounts/account_service.h"
#include "accounts/audit_log.h"
#include "core/clock.h"
#include "core/result.h"
#include "notify/outbox.h"
#include "store/database.h"

namespace leados::retention {

struct ClosureOptions {
  int64_t grace_days = 30;                           // retention.account_data_days
  std::string public_url = "http://127.0.0.1:8080";  // the sign-in link in the emails
  std::string product_name = "LeadOS";
};

struct ClosureResult {
  int64_t closed_at_ms = 0;
  int64_t reopen_until_ms = 0;  // closed_at + grace: the data is deleted after this
  int64_t sessions_ended = 0;
  int64_t api_keys_revoked = 0;
  int64_t campaigns_paused = 0;
  int64_t webhook_endpoints_disabled = 0;
};

class AccountClosure {
 public:
  // Every reference must outlive this object.
  AccountClosure(store::Database& db, const core::Clock& clock, accounts::AccountService& accounts,
                 accounts::AuditLog& audit, notify::Outbox& outbox, ClosureOptions options);

  // Closes the account of signed-in user `user_id` after checking `password` again. Errors:
  // kPermissionDenied "password is wrong" / "only an owner can close the account";
  // kInvalidArgument when `reason` is over 1000 characters; kConflict when it is already closed.
  core::Result<ClosureResult> Close(const std::string& user_id, const std::string& password,
                                    const std::optional<std::string>& reason,
                                    const accounts::ClientContext& ctx);

  // Reopens the closed account of owner `email` within the grace period. Errors: kUnauthenticated
  // for a wrong email or password (as sign-in); kPermissionDenied when the user is not an owner;
  // kConflict when the account is not closed; kFailedPrecondition when the period has ended.
  core::Status Reopen(const std::string& email, const std::string& password,
                      const accounts::ClientContext& ctx);

 private:
  store::Database& db_;
  const core::Clock& clock_;
  accounts::AccountService& accounts_;
  accounts::AuditLog& audit_;
  notify::Outbox& outbox_;
  ClosureOptions options_;
};

}  // namespace leados::retention
