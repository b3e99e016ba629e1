#pragma once
// The HTTP side of accounts: the routes of issue 3 (sign-up, email verification, sign-in and
// sign-out, password reset and change, email change, the caller's own account, API keys, the
// audit log, admin sign-in) and the request pipeline they rely on:
//
//  1. client IP: X-Forwarded-For is believed only from `trusted_proxies` (http::ClientIp); the
//     resolved address replaces Request::remote_ip for everything after it;
//  2. admin allow-list: any path under /admin (API and pages, known or not) from an address
//     outside `admin_allow_ips` answers 404 not_found, as if the console did not exist, and the
//     refusal is audited (admin.allow_list, denied). An empty list lets nobody in.
//  3. authentication per route (Operation::auth): the session cookie (`__Host-leados_session`),
//     `Authorization: Bearer lk_…`, or the admin cookie; 401 with a JSON error otherwise;
//  4. CSRF: a state-changing request (not GET/HEAD/OPTIONS) that authenticates with a cookie must
//     carry `X-CSRF-Token` (returned by login and getMe) and, when the browser sends Origin, come
//     from `site_origin`; a state-changing request without a cookie (login, signup) must not come
//     from a foreign Origin either (login CSRF). API-key requests are exempt (no ambient
//     credential).
//
// Thread-safe once registered (the router is frozen before serving).

#include <chrono>
#include <map>
#include <string>

#include "accounts/account_directory.h"
#include "accounts/account_service.h"
#include "accounts/admin_service.h"
#include "accounts/api_key_store.h"
#include "accounts/audit_log.h"
#include "accounts/session_store.h"
#include "api/rate_limit_gate.h"
#include "http/ip_allow_list.h"
#include "http/router.h"
#include "usage/usage_event.h"

namespace leados::api {

struct AccountsApiConfig {
  std::string site_origin;  // "https://leados.example.com": Origin checks and cookie context
  std::string csrf_key;     // HMAC key for CSRF tokens (derived from the keyring by src/app)
  http::IpAllowList admin_allow_ips;
  http::IpAllowList trusted_proxies;
};

struct AccountsApiServices {
  accounts::AccountService& accounts;
  accounts::AdminService& admins;
  accounts::ApiKeyStore& api_keys;
  accounts::SessionStore& sessions;
  accounts::AuditLog& audit;
  store::Database& db;
  // Optional (nullptr: no rate limits, as in tests of other routes). Must outlive the router.
  RateLimitGate* rate_limits = nullptr;
};

// Who a request acts for, filled by the auth step for the handler.
struct Caller {
  enum class Kind { kAnonymous, kUser, kApiKey, kAdmin };
  Kind kind = Kind::kAnonymous;
  std::string principal_id;  // usr_…, key_…, adm_…
  std::string account_id;    // for users and API keys
  std::string display;       // an API key's display prefix
  accounts::ApiScopes scopes;
  std::optional<accounts::Session> session;
  std::string ip;

  accounts::Actor Actor() const;
};

// A handler that runs after authentication succeeded.
using AuthedHandler = std::function<http::Response(http::Request&, const Caller&)>;

class AccountsApi {
 public:
  // `services` must outlive this object and the router it registers on.
  AccountsApi(AccountsApiServices services, AccountsApiConfig config);

  // Adds the client-IP and admin allow-list middleware (register before other middleware that
  // reads remote_ip) and every route above.
  void Register(http::Router& router);

  // Registers a route of another module with this pipeline's authentication and CSRF checks:
  // `op.auth` says who may call; `scope` is the API-key scope needed (none: any valid key).
  void Add(http::Router& router, std::string method, std::string pattern, http::Operation op,
           std::optional<accounts::ApiScope> scope, AuthedHandler handler);

  // Where every authenticated call of an account (session or API key) is counted as an
  // api_call usage event after its handler answered: operation id, status, latency, the key's
  // display prefix (src/usage). Null (the default): not counted. Set before serving; the sink
  // must outlive the router.
  void SetUsageSink(usage::UsageSink* sink) { usage_ = sink; }
  // That sink (null when none), for routes that record other kinds (campaign_created).
  usage::UsageSink* usage_sink() const { return usage_; }

  // The CSRF token for a session (what login and getMe return).
  std::string CsrfToken(const accounts::Session& session) const;

 private:
  core::Result<Caller> Authenticate(http::Request& req, http::Auth auth,
                                    std::optional<accounts::ApiScope> scope);
  // Ok, or accounts::SuspendedError() (403 account_suspended) while `account_id` is suspended
  // (accounts/account_directory.h). One indexed read per session or API-key request.
  core::Status RefuseSuspended(const std::string& account_id);
  void RecordCall(const Caller& caller, const std::string& operation, int status,
                  std::chrono::steady_clock::time_point started);
  void AddAccountRoutes(http::Router& router);
  void AddApiKeyRoutes(http::Router& router);
  void AddAdminRoutes(http::Router& router);

  AccountsApiServices s_;
  AccountsApiConfig config_;
  usage::UsageSink* usage_ = nullptr;
};

}  // namespace leados::api
