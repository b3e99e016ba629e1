// The request pipeline of AccountsApi: client IP, admin allow-list, authentication, CSRF.
#include "api/accounts_api.h"

#include "api/http_util.h"
#include "core/crypto.h"
#include "core/log.h"

namespace leados::api {
namespace {

bool IsSafeMethod(std::string_view m) {
  return m == "GET" || m == "HEAD" || m == "OPTIONS";
}

bool IsAdminPath(std::string_view path) {
  return path == "/admin" || path.starts_with("/admin/");
}

core::Error Unauthenticated(std::string message) {
  return {core::ErrorCode::kUnauthenticated, std::move(message)};
}

}  // namespace

// One api_call event: a duration from the steady clock (the recorder stamps the time of day).
void AccountsApi::RecordCall(const Caller& caller, const std::string& operation, int status,
                             std::chrono::steady_clock::time_point started) {
  usage::UsageEvent e;
  e.account_id = caller.account_id;
  e.name = operation;
  e.key_prefix = caller.kind == Caller::Kind::kApiKey ? caller.display : "";
  e.status = status;
  e.latency_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - started)
                     .count();
  usage_->Record(std::move(e));
}

accounts::Actor Caller::Actor() const {
  switch (kind) {
    case Kind::kUser: return {accounts::ActorKind::kUser, principal_id, ip};
    case Kind::kApiKey: return {accounts::ActorKind::kApiKey, display, ip};
    case Kind::kAdmin: return {accounts::ActorKind::kAdmin, principal_id, ip};
    case Kind::kAnonymous: break;
  }
  return {accounts::ActorKind::kAnonymous, "", ip};
}

AccountsApi::AccountsApi(AccountsApiServices services, AccountsApiConfig config)
    : s_(services), config_(std::move(config)) {}

std::string AccountsApi::CsrfToken(const accounts::Session& session) const {
  return accounts::CsrfTokenFor(config_.csrf_key, session.token_hash);
}

void AccountsApi::Register(http::Router& router) {
  // 1. The real client address.
  router.Use([this](http::Request& req, const http::Handler& next) {
    req.remote_ip = http::ClientIp(req.remote_ip, req.headers.GetAll("X-Forwarded-For"),
                                   config_.trusted_proxies);
    return next(req);
  });
  // 2. The admin console exists only for allow-listed addresses.
  router.Use([this](http::Request& req, const http::Handler& next) {
    if (IsAdminPath(req.path) && !config_.admin_allow_ips.Contains(req.remote_ip)) {
      (void)s_.audit.Record(s_.db, {accounts::ActorKind::kAnonymous, "", std::nullopt,
                                    "admin.allow_list", req.method + " " + req.path, req.remote_ip,
                                    accounts::AuditOutcome::kDenied, "address not allow-listed"});
      return http::Response::Error(
          core::Error{core::ErrorCode::kNotFound, "no route for " + req.method + " " + req.path});
    }
    return next(req);
  });
  // 3. Requests per client address (API-key requests are counted per key in Add).
  if (s_.rate_limits != nullptr) router.Use(s_.rate_limits->IpMiddleware());
  AddAccountRoutes(router);
  AddApiKeyRoutes(router);
  AddAdminRoutes(router);
}

core::Result<Caller> AccountsApi::Authenticate(http::Request& req, http::Auth auth,
                                               std::optional<accounts::ApiScope> scope) {
  Caller caller;
  caller.ip = req.remote_ip;
  const bool unsafe = !IsSafeMethod(req.method);
  auto origin = req.headers.Get("Origin");
  if (auth == http::Auth::kNone) {
    // Login CSRF: a cross-site form must not sign the browser in to someone else's account.
    if (unsafe && origin && !origin->empty() && *origin != config_.site_origin) {
      return core::Fail(core::ErrorCode::kPermissionDenied, "cross-site request refused: Origin " +
                                                                std::string(*origin) + " is not " +
                                                                config_.site_origin);
    }
    return caller;
  }
  if (auth == http::Auth::kAdmin) {
    auto token = CookieValue(req, accounts::SessionCookieName(accounts::SessionKind::kAdmin));
    if (!token) return core::Fail(Unauthenticated("sign in to the admin console first"));
    auto session = s_.sessions.Validate(accounts::SessionKind::kAdmin, *token);
    if (!session) return core::Fail(session.error());
    if (!*session)
      return core::Fail(Unauthenticated("your admin session has ended; sign in again"));
    caller.kind = Caller::Kind::kAdmin;
    caller.principal_id = (*session)->principal_id;
    caller.session = std::move(**session);
  } else {
    auto authorization = req.headers.Get("Authorization");
    const bool api_key_allowed =
        auth == http::Auth::kApiKey || auth == http::Auth::kSessionOrApiKey;
    const bool session_allowed =
        auth == http::Auth::kSession || auth == http::Auth::kSessionOrApiKey;
    if (authorization) {
      std::string_view value = *authorization;
      if (!value.starts_with("Bearer ")) {
        return core::Fail(Unauthenticated("Authorization must be 'Bearer <API key>'"));
      }
      if (!api_key_allowed) {
        return core::Fail(core::ErrorCode::kPermissionDenied,
                          "this operation needs a signed-in portal session, not an API key");
      }
      auto principal = s_.api_keys.Authenticate(value.substr(7), scope);
      if (!principal) return core::Fail(principal.error());
      caller.kind = Caller::Kind::kApiKey;
      caller.principal_id = principal->key_id;
      caller.account_id = principal->account_id;
      caller.display = principal->display_prefix;
      caller.scopes = principal->scopes;
      if (auto ok = RefuseSuspended(caller.account_id); !ok) return core::Fail(ok.error());
      return caller;  // no ambient credential: no CSRF check
    }
    auto token = CookieValue(req, accounts::SessionCookieName(accounts::SessionKind::kUser));
    if (!token || !session_allowed) {
      return core::Fail(Unauthenticated(
          session_allowed ? (api_key_allowed ? "sign in, or send Authorization: Bearer <API key>"
                                             : "sign in first")
                          : "send Authorization: Bearer <API key>"));
    }
    auto session = s_.sessions.Validate(accounts::SessionKind::kUser, *token);
    if (!session) return core::Fail(session.error());
    if (!*session) return core::Fail(Unauthenticated("your session has ended; sign in again"));
    caller.kind = Caller::Kind::kUser;
    caller.principal_id = (*session)->principal_id;
    caller.account_id = (*session)->account_id.value_or("");
    caller.scopes = accounts::ApiScopes::All();
    caller.session = std::move(**session);
    if (auto ok = RefuseSuspended(caller.account_id); !ok) return core::Fail(ok.error());
  }
  accounts::CsrfRequest csrf{req.method, req.headers.Get("X-CSRF-Token").value_or(""),
                             origin.value_or(""), caller.session->token_hash};
  if (auto ok = accounts::CheckCsrf(csrf, config_.csrf_key, config_.site_origin); !ok) {
    return core::Fail(ok.error());
  }
  return caller;
}

core::Status AccountsApi::RefuseSuspended(const std::string& account_id) {
  if (account_id.empty()) return core::Ok();
  auto suspended = accounts::IsAccountSuspended(s_.db, account_id);
  if (!suspended) return core::Fail(suspended.error());
  if (*suspended) return core::Fail(accounts::SuspendedError());
  return core::Ok();
}

void AccountsApi::Add(http::Router& router, std::string method, std::string pattern,
                      http::Operation op, std::optional<accounts::ApiScope> scope,
                      AuthedHandler handler) {
  const http::Auth auth = op.auth;
  // The beacon is counted as a portal interaction, not also as an API call.
  const std::string usage_name = op.operation_id == "sendUsageBeacon" ? "" : op.operation_id;
  router.Add(std::move(method), std::move(pattern), std::move(op),
             [this, auth, scope, usage_name, handler = std::move(handler)](http::Request& req) {
               const auto started = std::chrono::steady_clock::now();
               RateLimitGate* gate = s_.rate_limits;
               auto caller = Authenticate(req, auth, scope);
               if (!caller) {
                 // A key that did not authenticate counts against the address (the IP middleware
                 // left this request to the key check): guessing keys is limited too.
                 std::optional<RateLimitDecision> limited;
                 if (gate != nullptr && RateLimitGate::CountedPerKey(req)) {
                   limited = gate->TakeIp(req.remote_ip);
                   if (limited && !limited->bucket.allowed) return RateLimitGate::Refusal(*limited);
                 }
                 http::Response r = ErrorResponse(caller.error());
                 if (caller.error().code == core::ErrorCode::kUnauthenticated &&
                     auth != http::Auth::kNone) {
                   r.WithHeader("WWW-Authenticate", "Bearer realm=\"leados\"");
                 }
                 if (limited) RateLimitGate::Annotate(r, *limited);
                 return r;
               }
               http::Response r = [&] {
                 if (gate == nullptr || caller->kind != Caller::Kind::kApiKey) {
                   return handler(req, *caller);
                 }
                 auto limited = gate->TakeApiKey(caller->principal_id);
                 if (!limited) return handler(req, *caller);
                 if (!limited->bucket.allowed) return RateLimitGate::Refusal(*limited);
                 http::Response answer = handler(req, *caller);
                 RateLimitGate::Annotate(answer, *limited);
                 return answer;
               }();
               if (usage_ != nullptr && !caller->account_id.empty() && !usage_name.empty()) {
                 RecordCall(*caller, usage_name, r.status, started);
               }
               return r;
             });
}

}  // namespace leados::api
