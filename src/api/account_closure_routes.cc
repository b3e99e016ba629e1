// The account closure and export routes (see account_closure_routes.h).
#include "api/account_closure_routes.h"

#include "accounts/session_token.h"
#include "api/http_util.h"

namespace leados::api {
namespace {

namespace json = core::json;
using http::Auth;
using http::Operation;
using http::Request;
using http::Response;
using http::ResponseDoc;

accounts::ClientContext Context(const Request& req) {
  return {req.remote_ip, std::string(req.headers.Get("User-Agent").value_or(""))};
}

// Reads an optional string field; kInvalidArgument naming it when it is not a string.
core::Result<std::optional<std::string>> OptionalString(const json::object& body,
                                                        std::string_view key) {
  auto it = body.find(key);
  if (it == body.end() || it->value().is_null()) return std::optional<std::string>();
  if (!it->value().is_string()) {
    return core::InvalidArgument(std::string(key) + ": must be a string");
  }
  return std::optional<std::string>(std::string(it->value().as_string()));
}

core::Result<std::string> RequiredString(const json::object& body, std::string_view key,
                                         std::string_view what) {
  auto v = OptionalString(body, key);
  if (!v) return core::Fail(v.error());
  if (!*v || (*v)->empty())
    return core::InvalidArgument(std::string(key) + ": is required (" + std::string(what) + ")");
  return **v;
}

}  // namespace

void AddAccountClosureRoutes(AccountsApi& api, http::Router& router,
                             retention::AccountClosure& closure, retention::AccountExport& exporter,
                             std::function<void(const std::string& account_id)> on_change) {
  api.Add(
      router, "POST", "/v1/account/close",
      {.operation_id = "closeAccount",
       .summary = "Close the account (owner; password again): sessions and API keys revoked, "
                  "campaigns paused, webhook endpoints disabled; reopenable for 30 days, then "
                  "its data is deleted",
       .tags = {"accounts"},
       .auth = Auth::kSession,
       .request_schema = JsonSchema(R"({"type":"object","required":["password"],
             "properties":{"password":{"type":"string"},
             "reason":{"type":"string","maxLength":1000}}})"),
       .responses = {ResponseDoc{200, "closed; the session cookie is cleared"},
                     ResponseDoc{400, "invalid input; the message names the field"},
                     ResponseDoc{403, "wrong password, or not an owner"},
                     ResponseDoc{409, "already closed"},
                     ResponseDoc{429, "too many attempts; see Retry-After"}}},
      std::nullopt, [&closure, on_change](Request& req, const Caller& caller) {
        auto body = JsonBody(req);
        if (!body) return ErrorResponse(body.error());
        auto password = RequiredString(*body, "password", "your current password");
        if (!password) return ErrorResponse(password.error());
        auto reason = OptionalString(*body, "reason");
        if (!reason) return ErrorResponse(reason.error());
        auto closed = closure.Close(caller.principal_id, *password, *reason, Context(req));
        if (!closed) return ErrorResponse(closed.error());
        if (on_change) on_change(caller.account_id);
        Response r = Response::Json(
            200, json::object{{"status", "closed"},
                              {"closed_at", Rfc3339Millis(closed->closed_at_ms)},
                              {"reopen_until", Rfc3339Millis(closed->reopen_until_ms)},
                              {"api_keys_revoked", closed->api_keys_revoked},
                              {"campaigns_paused", closed->campaigns_paused},
                              {"webhook_endpoints_disabled", closed->webhook_endpoints_disabled}});
        r.WithHeader("Set-Cookie", accounts::ClearingSessionCookie(accounts::SessionKind::kUser));
        r.WithHeader("Cache-Control", "no-store");
        return r;
      });

  api.Add(router, "POST", "/v1/account/reopen",
          {.operation_id = "reopenAccount",
           .summary = "Reopen a closed account within 30 days of closing it (an owner's email "
                      "and password); then sign in as usual",
           .tags = {"accounts"},
           .auth = Auth::kNone,
           .request_schema = JsonSchema(R"({"type":"object","required":["email","password"],
             "properties":{"email":{"type":"string"},"password":{"type":"string"}}})"),
           .responses = {ResponseDoc{200, "reopened"},
                         ResponseDoc{400, "invalid input; the message names the field"},
                         ResponseDoc{401, "email or password is wrong"},
                         ResponseDoc{403, "not an owner"},
                         ResponseDoc{409, "the account is not closed"},
                         ResponseDoc{422, "the reopening period has ended"},
                         ResponseDoc{429, "too many attempts; see Retry-After"}}},
          std::nullopt, [&closure, on_change](Request& req, const Caller&) {
            auto body = JsonBody(req);
            if (!body) return ErrorResponse(body.error());
            auto email = RequiredString(*body, "email", "the owner's email address");
            if (!email) return ErrorResponse(email.error());
            auto password = RequiredString(*body, "password", "the owner's password");
            if (!password) return ErrorResponse(password.error());
            auto done = closure.Reopen(*email, *password, Context(req));
            if (!done) return ErrorResponse(done.error());
            if (on_change) on_change("");
            return Response::Json(200,
                                  json::object{{"status", "active"},
                                               {"message",
                                                "the account is open again: sign in; API keys "
                                                "stay revoked, campaigns paused and webhook "
                                                "endpoints disabled until you turn them back on"}});
          });

  api.Add(router, "GET", "/v1/account/export",
          {.operation_id = "exportAccountData",
           .summary = "All the account's data as one JSON document (no password hashes, key "
                      "hashes or secrets), as a download",
           .tags = {"accounts"},
           .auth = Auth::kSession,
           .responses = {ResponseDoc{200, "the export document (attachment)"}}},
          std::nullopt, [&exporter](Request&, const Caller& caller) {
            auto doc = exporter.Export(caller.account_id);
            if (!doc) return ErrorResponse(doc.error());
            Response r = Response::Json(200, *doc);
            r.WithHeader("Content-Disposition",
                         "attachment; filename=\"leados-account-" + caller.account_id + ".json\"");
            r.WithHeader("Cache-Control", "no-store");
            return r;
          });
}

}  // namespace leados::api
