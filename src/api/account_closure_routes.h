#pragma once
// The account closure and data export routes (issue 9; src/retention/README.md, docs/privacy.md):
//  - POST /v1/account/close (closeAccount): a portal session of an owner, body
//    {"password": "…", "reason": "…" (optional)}; 200 {"status":"closed","closed_at",
//    "reopen_until", …} and the session cookie cleared. 403 permission_denied for a wrong password
//    or a member; 409 when already closed.
//  - POST /v1/account/reopen (reopenAccount): no session (a closed account has none), body
//    {"email","password"}; 200 {"status":"active"}, then sign in as usual. 401 wrong credentials;
//    409 not closed; 422 after the reopening period.
//  - GET /v1/account/export (exportAccountData): a portal session; the account's data as one JSON
//    document (retention::AccountExport), as an attachment leados-account-<id>.json.
// Signing in to a closed account answers 403 account_closed (accounts/account_closed.h).

#include <functional>
#include <string>

#include "api/accounts_api.h"
#include "http/router.h"
#include "retention/account_closure.h"
#include "retention/account_export.h"

namespace leados::api {

// Registers the three routes behind `api`'s authentication and CSRF checks. `on_change` runs after
// a closure (with the account id) or a reopening (with "") committed: src/app reloads the live
// campaigns and drops the account's cached API keys; may be empty. Every argument must outlive
// the router.
void AddAccountClosureRoutes(AccountsApi& api, http::Router& router,
                             retention::AccountClosure& closure, retention::AccountExport& exporter,
                             std::function<void(const std::string& account_id)> on_change);

}  // namespace leados::api
