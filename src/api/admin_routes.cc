// Admin console API routes of AccountsApi. Every path here is under /admin, so the allow-list
// middleware has already let only allow-listed addresses through.
#include "api/accounts_api.h"
#include "api/audit_json.h"
#include "api/http_util.h"

namespace leados::api {
namespace {

namespace json = core::json;
using http::Auth;
using http::Request;
using http::Response;
using http::ResponseDoc;

}  // namespace

void AccountsApi::AddAdminRoutes(http::Router& router) {
  Add(router, "POST", "/admin/api/login",
      {.operation_id = "adminLogin",
       .summary = "Admin sign-in with password and TOTP code; sets the admin session cookie",
       .tags = {"admin"},
       .auth = Auth::kNone,
       .request_schema = JsonSchema(R"({"type":"object","required":["email","password","code"],
         "properties":{"email":{"type":"string"},"password":{"type":"string"},
         "code":{"type":"string","pattern":"^[0-9]{6}$"}}})"),
       .responses = {ResponseDoc{200, "signed in"},
                     ResponseDoc{401, "email, password or code is wrong"},
                     ResponseDoc{404, "the address is not allow-listed"},
                     ResponseDoc{429, "too many attempts; see Retry-After"}}},
      std::nullopt, [this](Request& req, const Caller&) {
        auto body = JsonBody(req);
        if (!body) return ErrorResponse(body.error());
        auto email = core::ReqString(*body, "email");
        if (!email) return ErrorResponse(email.error());
        auto password = core::ReqString(*body, "password");
        if (!password) return ErrorResponse(password.error());
        auto code = core::ReqString(*body, "code");
        if (!code) return ErrorResponse(code.error());
        auto in = s_.admins.Login(*email, *password, *code, req.remote_ip,
                                  req.headers.Get("User-Agent").value_or(""));
        if (!in) return ErrorResponse(in.error());
        Response r = Response::Json(
            200,
            json::object{{"admin", json::object{{"id", in->admin.id}, {"email", in->admin.email}}},
                         {"csrf_token", CsrfToken(in->session.session)},
                         {"expires_at", Rfc3339Millis(in->session.session.expires_at_ms)}});
        r.WithHeader("Set-Cookie",
                     accounts::SessionCookie(accounts::SessionKind::kAdmin, in->session.token,
                                             in->session.max_age_seconds));
        r.WithHeader("Cache-Control", "no-store");
        return r;
      });
  Add(router, "POST", "/admin/api/logout",
      {.operation_id = "adminLogout",
       .summary = "Admin sign-out",
       .tags = {"admin"},
       .auth = Auth::kAdmin,
       .responses = {ResponseDoc{204, "signed out"}}},
      std::nullopt, [this](Request&, const Caller& caller) {
        if (auto ok = s_.sessions.Revoke(caller.session->token_hash); !ok) {
          return ErrorResponse(ok.error());
        }
        (void)s_.audit.Record(s_.db, {accounts::ActorKind::kAdmin, caller.principal_id,
                                      std::nullopt, "admin.sign_out", caller.principal_id,
                                      caller.ip, accounts::AuditOutcome::kSuccess, ""});
        Response r;
        r.status = 204;
        r.WithHeader("Set-Cookie", accounts::ClearingSessionCookie(accounts::SessionKind::kAdmin));
        return r;
      });
  Add(router, "GET", "/admin/api/me",
      {.operation_id = "adminGetMe",
       .summary = "The signed-in admin, with the CSRF token for the session",
       .tags = {"admin"},
       .auth = Auth::kAdmin,
       .responses = {ResponseDoc{200, "the admin"}}},
      std::nullopt, [this](Request&, const Caller& caller) {
        auto admin = s_.admins.Get(caller.principal_id);
        if (!admin) return ErrorResponse(admin.error());
        return Response::Json(
            200, json::object{{"admin", json::object{{"id", admin->id}, {"email", admin->email}}},
                              {"csrf_token", CsrfToken(*caller.session)}});
      });
  Add(router, "GET", "/admin/api/audit-events",
      {.operation_id = "adminListAuditEvents",
       .summary = "The whole audit log, filtered, newest first",
       .tags = {"admin"},
       .auth = Auth::kAdmin,
       .responses = {ResponseDoc{200, "a page of events"}, ResponseDoc{400, "bad filter"}},
       .query_params = {{"account_id", "one client account"},
                        {"actor_id", "one actor (usr_…, adm_…, a key prefix)"},
                        {"action", "actions starting with this, e.g. admin."},
                        {"outcome", "success, failure or denied"},
                        {"since", "RFC 3339 time, inclusive"},
                        {"until", "RFC 3339 time, exclusive"},
                        {"before", "the next_cursor of the previous page"},
                        {"limit", "1..500, default 50", false, "integer"}}},
      std::nullopt, [this](Request& req, const Caller& caller) {
        accounts::AuditQuery q;
        auto text = [&](std::string_view name) -> std::optional<std::string> {
          auto v = req.Query(name);
          return v ? std::optional<std::string>(std::string(*v)) : std::nullopt;
        };
        q.account_id = text("account_id");
        q.actor_id = text("actor_id");
        q.action_prefix = text("action");
        q.outcome = text("outcome");
        q.before_id = text("before");
        for (auto [name, out] : {std::pair{"since", &q.since_ms}, {"until", &q.until_ms}}) {
          if (auto v = text(name)) {
            auto t = ParseTimeField(name, *v);
            if (!t) return ErrorResponse(t.error());
            *out = *t;
          }
        }
        if (auto l = text("limit")) {
          try {
            q.limit = std::stoi(*l);
          } catch (...) {
            return ErrorResponse({core::ErrorCode::kInvalidArgument, "limit must be a number"});
          }
        }
        auto events = s_.audit.List(s_.db, q);
        if (!events) return ErrorResponse(events.error());
        (void)s_.audit.Record(s_.db, {accounts::ActorKind::kAdmin, caller.principal_id,
                                      q.account_id, "admin.read_audit_log", "audit_events",
                                      caller.ip, accounts::AuditOutcome::kSuccess, ""});
        return Response::Json(200, AuditPage(*events, q.limit));
      });
}

}  // namespace leados::api
