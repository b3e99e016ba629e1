// Client account and API-key routes of AccountsApi (see accounts_api.h for the pipeline).
#include "api/accounts_api.h"
#include "api/audit_json.h"
#include "api/http_util.h"

namespace leados::api {
namespace {

namespace json = core::json;
using accounts::ClientContext;
using http::Auth;
using http::Operation;
using http::Request;
using http::Response;
using http::ResponseDoc;

ClientContext Context(const Request& req) {
  return {req.remote_ip, std::string(req.headers.Get("User-Agent").value_or(""))};
}

json::object UserJson(const accounts::UserView& u) {
  return {{"id", u.id},
          {"account_id", u.account_id},
          {"email", u.email},
          {"name", u.name},
          {"role", u.role},
          {"email_verified", u.email_verified},
          {"created_at", Rfc3339Millis(u.created_at_ms)}};
}

json::object ApiKeyJson(const accounts::ApiKeyInfo& k) {
  json::array scopes;
  for (auto s : {accounts::ApiScope::kLeadsRead, accounts::ApiScope::kCampaignsWrite,
                 accounts::ApiScope::kWebhooksWrite, accounts::ApiScope::kBillingRead}) {
    if (k.scopes.Has(s)) scopes.emplace_back(accounts::ApiScopeName(s));
  }
  return {{"id", k.id},
          {"name", k.name},
          {"prefix", k.display_prefix},
          {"scopes", std::move(scopes)},
          {"created_at", Rfc3339Millis(k.created_at_ms)},
          {"expires_at", TimeOrNull(k.expires_at_ms)},
          {"revoked_at", TimeOrNull(k.revoked_at_ms)},
          {"last_used_at", TimeOrNull(k.last_used_at_ms)},
          {"status", k.revoked_at_ms ? "revoked" : "active"}};
}

Response Accepted(std::string_view message) {
  return Response::Json(202, json::object{{"status", "accepted"}, {"message", message}});
}

// Errors every operation may answer with.
std::vector<ResponseDoc> Docs(std::initializer_list<ResponseDoc> ok) {
  std::vector<ResponseDoc> docs(ok);
  docs.push_back(ResponseDoc{400, "invalid input; the message names the field"});
  docs.push_back(ResponseDoc{429, "too many attempts; see Retry-After"});
  return docs;
}

}  // namespace

void AccountsApi::AddAccountRoutes(http::Router& router) {
  Add(router, "POST", "/v1/signup",
      {.operation_id = "signup",
       .summary = "Create a client account; a verification link is emailed",
       .tags = {"accounts"},
       .auth = Auth::kNone,
       .request_schema = JsonSchema(R"({"type":"object","required":["name","email","company_name",
         "billing_address","password","terms_version","privacy_version","confirm_business",
         "confirm_adult"],"properties":{"name":{"type":"string"},"email":{"type":"string"},
         "company_name":{"type":"string"},"billing_address":{"type":"string"},
         "password":{"type":"string","minLength":10},"terms_version":{"type":"string"},
         "privacy_version":{"type":"string"},"confirm_business":{"type":"boolean"},
         "confirm_adult":{"type":"boolean"}}})"),
       .responses =
           Docs({ResponseDoc{202, "accepted; check the inbox (same answer for a known email)"}})},
      std::nullopt, [this](Request& req, const Caller&) {
        auto body = JsonBody(req);
        if (!body) return ErrorResponse(body.error());
        accounts::SignupRequest r;
        for (auto [key, out] : {std::pair{"name", &r.name},
                                {"email", &r.email},
                                {"company_name", &r.company_name},
                                {"billing_address", &r.billing_address},
                                {"password", &r.password},
                                {"terms_version", &r.terms_version},
                                {"privacy_version", &r.privacy_version}}) {
          auto v = core::ReqString(*body, key);
          if (!v) return ErrorResponse(v.error());
          *out = *v;
        }
        for (auto [key, out] : {std::pair{"confirm_business", &r.confirm_business},
                                {"confirm_adult", &r.confirm_adult}}) {
          auto v = core::OptBool(*body, key);
          if (!v) return ErrorResponse(v.error());
          *out = v->value_or(false);
        }
        if (auto ok = s_.accounts.Signup(r, Context(req)); !ok) return ErrorResponse(ok.error());
        return Accepted("check your inbox for a link to confirm your email address");
      });

  auto verify = [this](Request& req, std::string_view token) {
    return s_.accounts.VerifyEmail(token, Context(req));
  };
  Add(router, "POST", "/v1/verify-email",
      {.operation_id = "verifyEmail",
       .summary = "Confirm an email address with the token from the emailed link",
       .tags = {"accounts"},
       .auth = Auth::kNone,
       .request_schema = JsonSchema(
           R"({"type":"object","required":["token"],"properties":{"token":{"type":"string"}}})"),
       .responses = Docs({ResponseDoc{200, "verified"}, ResponseDoc{404, "unknown or used link"},
                          ResponseDoc{422, "expired link"}})},
      std::nullopt, [verify](Request& req, const Caller&) {
        auto body = JsonBody(req);
        if (!body) return ErrorResponse(body.error());
        auto token = core::ReqString(*body, "token");
        if (!token) return ErrorResponse(token.error());
        if (auto ok = verify(req, *token); !ok) return ErrorResponse(ok.error());
        return Response::Json(200, json::object{{"status", "verified"}});
      });
  // The page the emailed link opens. (The portal, a later issue, may take this path over.)
  Add(router, "GET", "/verify-email",
      {.operation_id = "openVerificationLink",
       .summary = "The emailed verification link: confirms the address, answers a short page",
       .tags = {"accounts"},
       .auth = Auth::kNone,
       .responses = {ResponseDoc{200, "confirmed", std::nullopt, "text/html"},
                     ResponseDoc{404, "unknown or used link", std::nullopt, "text/html"}},
       .query_params = {{"token", "the token from the email", true}}},
      std::nullopt, [verify](Request& req, const Caller&) {
        auto ok = verify(req, req.Query("token").value_or(""));
        const std::string page =
            ok ? "<!doctype html><title>Email confirmed</title><h1>Email confirmed</h1>"
                 "<p>Your email address is confirmed. You can now <a href=\"/\">sign in</a>.</p>"
               : "<!doctype html><title>Link not valid</title><h1>This link did not work</h1><p>" +
                     ok.error().message + "</p>";
        return Response::Text(ok ? 200 : core::HttpStatus(ok.error().code), page,
                              "text/html; charset=utf-8");
      });
  Add(router, "POST", "/v1/verify-email/resend",
      {.operation_id = "resendVerificationEmail",
       .summary = "Email a new verification link (same answer whether or not the email is known)",
       .tags = {"accounts"},
       .auth = Auth::kNone,
       .request_schema = JsonSchema(
           R"({"type":"object","required":["email"],"properties":{"email":{"type":"string"}}})"),
       .responses = Docs({ResponseDoc{202, "accepted"}})},
      std::nullopt, [this](Request& req, const Caller&) {
        auto body = JsonBody(req);
        if (!body) return ErrorResponse(body.error());
        auto email = core::ReqString(*body, "email");
        if (!email) return ErrorResponse(email.error());
        if (auto ok = s_.accounts.ResendVerification(*email, Context(req)); !ok) {
          return ErrorResponse(ok.error());
        }
        return Accepted("if that address has an unconfirmed account, a new link is on its way");
      });

  Add(router, "POST", "/v1/login",
      {.operation_id = "login",
       .summary = "Sign in to the portal: sets the session cookie, returns the CSRF token",
       .tags = {"accounts"},
       .auth = Auth::kNone,
       .request_schema = JsonSchema(R"({"type":"object","required":["email","password"],
         "properties":{"email":{"type":"string"},"password":{"type":"string"}}})"),
       .responses =
           Docs({ResponseDoc{200, "signed in"}, ResponseDoc{401, "email or password is wrong"},
                 ResponseDoc{422, "email not confirmed yet"}})},
      std::nullopt, [this](Request& req, const Caller&) {
        auto body = JsonBody(req);
        if (!body) return ErrorResponse(body.error());
        auto email = core::ReqString(*body, "email");
        if (!email) return ErrorResponse(email.error());
        auto password = core::ReqString(*body, "password");
        if (!password) return ErrorResponse(password.error());
        auto in = s_.accounts.Login(*email, *password, Context(req));
        if (!in) return ErrorResponse(in.error());
        Response r = Response::Json(
            200, json::object{{"user", UserJson(in->user)},
                              {"csrf_token", CsrfToken(in->session.session)},
                              {"expires_at", Rfc3339Millis(in->session.session.expires_at_ms)}});
        r.WithHeader("Set-Cookie",
                     accounts::SessionCookie(accounts::SessionKind::kUser, in->session.token,
                                             in->session.max_age_seconds));
        r.WithHeader("Cache-Control", "no-store");
        return r;
      });
  Add(router, "POST", "/v1/logout",
      {.operation_id = "logout",
       .summary = "Sign out: ends the session and clears the cookie",
       .tags = {"accounts"},
       .auth = Auth::kSession,
       .responses = {ResponseDoc{204, "signed out"}, ResponseDoc{401, "not signed in"}}},
      std::nullopt, [this](Request& req, const Caller& caller) {
        if (auto ok = s_.accounts.Logout(*caller.session, Context(req)); !ok) {
          return ErrorResponse(ok.error());
        }
        Response r;
        r.status = 204;
        r.WithHeader("Set-Cookie", accounts::ClearingSessionCookie(accounts::SessionKind::kUser));
        return r;
      });

  Add(router, "POST", "/v1/password-reset/request",
      {.operation_id = "requestPasswordReset",
       .summary = "Email a password-reset link (same answer whether or not the email is known)",
       .tags = {"accounts"},
       .auth = Auth::kNone,
       .request_schema = JsonSchema(
           R"({"type":"object","required":["email"],"properties":{"email":{"type":"string"}}})"),
       .responses = Docs({ResponseDoc{202, "accepted"}})},
      std::nullopt, [this](Request& req, const Caller&) {
        auto body = JsonBody(req);
        if (!body) return ErrorResponse(body.error());
        auto email = core::ReqString(*body, "email");
        if (!email) return ErrorResponse(email.error());
        if (auto ok = s_.accounts.RequestPasswordReset(*email, Context(req)); !ok) {
          return ErrorResponse(ok.error());
        }
        return Accepted("if that address has an account, a reset link is on its way");
      });
  Add(router, "POST", "/v1/password-reset",
      {.operation_id = "resetPassword",
       .summary = "Set a new password with the token from the emailed link; ends all sessions",
       .tags = {"accounts"},
       .auth = Auth::kNone,
       .request_schema = JsonSchema(R"({"type":"object","required":["token","password"],
         "properties":{"token":{"type":"string"},"password":{"type":"string"}}})"),
       .responses =
           Docs({ResponseDoc{200, "password changed"}, ResponseDoc{404, "unknown or used link"},
                 ResponseDoc{422, "expired link"}})},
      std::nullopt, [this](Request& req, const Caller&) {
        auto body = JsonBody(req);
        if (!body) return ErrorResponse(body.error());
        auto token = core::ReqString(*body, "token");
        if (!token) return ErrorResponse(token.error());
        auto password = core::ReqString(*body, "password");
        if (!password) return ErrorResponse(password.error());
        if (auto ok = s_.accounts.ResetPassword(*token, *password, Context(req)); !ok) {
          return ErrorResponse(ok.error());
        }
        return Response::Json(200, json::object{{"status", "password_changed"}});
      });

  Add(router, "GET", "/v1/me",
      {.operation_id = "getMe",
       .summary = "The caller's user (portal) and account, with the CSRF token for the session",
       .tags = {"accounts"},
       .auth = Auth::kSessionOrApiKey,
       .responses = {ResponseDoc{200, "the caller"}, ResponseDoc{401, "not signed in"}}},
      std::nullopt, [this](Request&, const Caller& caller) {
        auto account = s_.accounts.GetAccount(caller.account_id);
        if (!account) return ErrorResponse(account.error());
        json::object out{
            {"account",
             json::object{{"id", account->id},
                          {"company_name", account->company_name},
                          {"billing_address", account->billing_address},
                          {"status", account->status},
                          {"terms_version", account->terms_version},
                          {"terms_accepted_at", Rfc3339Millis(account->terms_accepted_at_ms)},
                          {"created_at", Rfc3339Millis(account->created_at_ms)}}}};
        if (caller.kind == Caller::Kind::kUser) {
          auto user = s_.accounts.GetUser(caller.principal_id);
          if (!user) return ErrorResponse(user.error());
          out["user"] = UserJson(*user);
          out["csrf_token"] = CsrfToken(*caller.session);
        } else {
          out["api_key"] = json::object{{"id", caller.principal_id}, {"prefix", caller.display}};
        }
        return Response::Json(200, out);
      });
  Add(router, "PATCH", "/v1/me",
      {.operation_id = "updateProfile",
       .summary = "Change the caller's name and (owners only) the account's company name",
       .tags = {"accounts"},
       .auth = Auth::kSession,
       .request_schema = JsonSchema(R"({"type":"object","properties":{
         "name":{"type":"string","maxLength":200},
         "company_name":{"type":"string","maxLength":200}}})"),
       .responses = Docs({ResponseDoc{200, "the updated user and account (as getMe)"},
                          ResponseDoc{403, "a member tried to rename the company"}})},
      std::nullopt, [this](Request& req, const Caller& caller) {
        auto body = JsonBody(req);
        if (!body) return ErrorResponse(body.error());
        accounts::AccountService::ProfileChange change;
        for (const char* key : {"name", "company_name"}) {
          const auto* v = body->if_contains(key);
          if (v == nullptr || v->is_null()) continue;
          if (!v->is_string()) {
            return ErrorResponse(core::Error{core::ErrorCode::kInvalidArgument,
                                             std::string(key) + " must be a string"});
          }
          (std::string_view(key) == "name" ? change.name : change.company_name) =
              std::string(v->as_string());
        }
        if (auto ok = s_.accounts.UpdateProfile(caller.principal_id, change, Context(req)); !ok) {
          return ErrorResponse(ok.error());
        }
        auto user = s_.accounts.GetUser(caller.principal_id);
        if (!user) return ErrorResponse(user.error());
        auto account = s_.accounts.GetAccount(caller.account_id);
        if (!account) return ErrorResponse(account.error());
        return Response::Json(
            200, json::object{{"user", UserJson(*user)},
                              {"account", json::object{{"id", account->id},
                                                       {"company_name", account->company_name}}}});
      });
  Add(router, "POST", "/v1/me/password",
      {.operation_id = "changePassword",
       .summary = "Change the password (needs the current one); ends every other session",
       .tags = {"accounts"},
       .auth = Auth::kSession,
       .request_schema = JsonSchema(R"({"type":"object","required":["current_password",
         "new_password"],"properties":{"current_password":{"type":"string"},
         "new_password":{"type":"string"}}})"),
       .responses = Docs({ResponseDoc{200, "changed; a new session cookie is set"},
                          ResponseDoc{403, "current password wrong or CSRF check failed"}})},
      std::nullopt, [this](Request& req, const Caller& caller) {
        auto body = JsonBody(req);
        if (!body) return ErrorResponse(body.error());
        auto current = core::ReqString(*body, "current_password");
        if (!current) return ErrorResponse(current.error());
        auto fresh = core::ReqString(*body, "new_password");
        if (!fresh) return ErrorResponse(fresh.error());
        auto session =
            s_.accounts.ChangePassword(caller.principal_id, *current, *fresh, Context(req));
        if (!session) return ErrorResponse(session.error());
        Response r = Response::Json(200, json::object{{"status", "password_changed"},
                                                      {"csrf_token", CsrfToken(session->session)}});
        r.WithHeader("Set-Cookie",
                     accounts::SessionCookie(accounts::SessionKind::kUser, session->token,
                                             session->max_age_seconds));
        return r;
      });
  Add(router, "POST", "/v1/me/email",
      {.operation_id = "changeEmail",
       .summary = "Change the email address (needs the password); confirmed by a link sent there",
       .tags = {"accounts"},
       .auth = Auth::kSession,
       .request_schema = JsonSchema(R"({"type":"object","required":["current_password",
         "new_email"],"properties":{"current_password":{"type":"string"},
         "new_email":{"type":"string"}}})"),
       .responses =
           Docs({ResponseDoc{202, "confirmation link sent"}, ResponseDoc{409, "address taken"}})},
      std::nullopt, [this](Request& req, const Caller& caller) {
        auto body = JsonBody(req);
        if (!body) return ErrorResponse(body.error());
        auto current = core::ReqString(*body, "current_password");
        if (!current) return ErrorResponse(current.error());
        auto email = core::ReqString(*body, "new_email");
        if (!email) return ErrorResponse(email.error());
        if (auto ok =
                s_.accounts.RequestEmailChange(caller.principal_id, *current, *email, Context(req));
            !ok) {
          return ErrorResponse(ok.error());
        }
        return Accepted("open the link we sent to the new address to finish the change");
      });

  Add(router, "GET", "/v1/audit-events",
      {.operation_id = "listAuditEvents",
       .summary = "The security events of the caller's account, newest first",
       .tags = {"accounts"},
       .auth = Auth::kSession,
       .responses = {ResponseDoc{200, "a page of events"}, ResponseDoc{401, "not signed in"}},
       .query_params = {{"action", "only actions starting with this, e.g. session."},
                        {"before", "the next_cursor of the previous page"},
                        {"limit", "1..500, default 50", false, "integer"}}},
      std::nullopt, [this](Request& req, const Caller& caller) {
        accounts::AuditQuery q;
        q.account_id = caller.account_id;
        if (auto a = req.Query("action")) q.action_prefix = std::string(*a);
        if (auto b = req.Query("before")) q.before_id = std::string(*b);
        if (auto l = req.Query("limit")) {
          try {
            q.limit = std::stoi(std::string(*l));
          } catch (...) {
            return ErrorResponse({core::ErrorCode::kInvalidArgument, "limit must be a number"});
          }
        }
        auto events = s_.audit.List(s_.db, q);
        if (!events) return ErrorResponse(events.error());
        return Response::Json(200, AuditPage(*events, q.limit));
      });
}

void AccountsApi::AddApiKeyRoutes(http::Router& router) {
  Add(router, "POST", "/v1/api-keys",
      {.operation_id = "createApiKey",
       .summary = "Create an API key; its secret is in this answer only",
       .tags = {"api-keys"},
       .auth = Auth::kSession,
       .request_schema = JsonSchema(R"({"type":"object","required":["name","scopes"],
         "properties":{"name":{"type":"string"},"scopes":{"type":"array","items":{"type":"string",
         "enum":["leads:read","campaigns:write","webhooks:write","billing:read"]}},
         "expires_at":{"type":"string","format":"date-time"}}})"),
       .responses = Docs({ResponseDoc{201, "created; `secret` is shown once"}})},
      std::nullopt, [this](Request& req, const Caller& caller) {
        auto body = JsonBody(req);
        if (!body) return ErrorResponse(body.error());
        auto name = core::ReqString(*body, "name");
        if (!name) return ErrorResponse(name.error());
        accounts::ApiScopes scopes;
        const json::value* list = body->if_contains("scopes");
        if (list == nullptr || !list->is_array()) {
          return ErrorResponse({core::ErrorCode::kInvalidArgument,
                                "scopes must be a list such as [\"leads:read\"]"});
        }
        for (const auto& item : list->as_array()) {
          if (!item.is_string()) {
            return ErrorResponse({core::ErrorCode::kInvalidArgument, "scopes must hold strings"});
          }
          auto scope = accounts::ParseApiScope(std::string_view(item.as_string()));
          if (!scope) return ErrorResponse(scope.error());
          scopes = scopes.With(*scope);
        }
        std::optional<int64_t> expires;
        auto expires_text = core::OptString(*body, "expires_at");
        if (!expires_text) return ErrorResponse(expires_text.error());
        if (*expires_text) {
          auto t = ParseTimeField("expires_at", **expires_text);
          if (!t) return ErrorResponse(t.error());
          expires = *t;
        }
        auto created =
            s_.api_keys.Create(caller.account_id, *name, scopes, expires, caller.Actor());
        if (!created) return ErrorResponse(created.error());
        json::object out = ApiKeyJson(created->info);
        out["secret"] = created->plaintext;
        Response r = Response::Json(201, out);
        r.WithHeader("Cache-Control", "no-store");
        return r;
      });
  Add(router, "GET", "/v1/api-keys",
      {.operation_id = "listApiKeys",
       .summary = "The account's API keys (never their secrets), newest first",
       .tags = {"api-keys"},
       .auth = Auth::kSession,
       .responses = {ResponseDoc{200, "the keys"}}},
      std::nullopt, [this](Request&, const Caller& caller) {
        auto keys = s_.api_keys.List(caller.account_id);
        if (!keys) return ErrorResponse(keys.error());
        json::array data;
        for (const auto& k : *keys) data.emplace_back(ApiKeyJson(k));
        return Response::Json(200, json::object{{"data", std::move(data)}});
      });
  Add(router, "DELETE", "/v1/api-keys/{id}",
      {.operation_id = "revokeApiKey",
       .summary = "Revoke an API key at once",
       .tags = {"api-keys"},
       .auth = Auth::kSession,
       .responses = {ResponseDoc{204, "revoked"}, ResponseDoc{404, "no such key in this account"}}},
      std::nullopt, [this](Request& req, const Caller& caller) {
        if (auto ok = s_.api_keys.Revoke(caller.account_id, req.PathParam("id"), caller.Actor());
            !ok) {
          return ErrorResponse(ok.error());
        }
        Response r;
        r.status = 204;
        return r;
      });
}

}  // namespace leados::api
