#include "api/policy_routes.h"

#include "accounts/session_token.h"
#include "api/http_util.h"

namespace leados::api {
namespace {

using http::Auth;
using http::Request;
using http::Response;
using http::ResponseDoc;
namespace json = core::json;

json::object VersionJson(const accounts::PolicyVersion& v) {
  return json::object{
      {"kind", std::string(accounts::PolicyKindName(v.kind))},
      {"version", v.version},
      {"published_at",
       v.published_at_ms == 0 ? json::value() : json::value(Rfc3339Millis(v.published_at_ms))},
      {"summary", v.summary},
      {"path", std::string(accounts::PolicyPath(v.kind))}};
}

json::object CurrentJson(const accounts::CurrentPolicy& c) {
  json::object o = VersionJson(c.version);
  o["accepted"] = c.accepted ? json::value(*c.accepted) : json::value();
  o["accepted_at"] = TimeOrNull(c.accepted_at_ms);
  return o;
}

Response NoStore(Response r) {
  r.WithHeader("Cache-Control", "no-store");
  return r;
}

}  // namespace

void AddPolicyRoutes(AccountsApi& api, http::Router& router, PolicyRouteServices s) {
  api.Add(router, "GET", "/v1/policies/current",
          {.operation_id = "getCurrentPolicies",
           .summary = "The current privacy policy and terms versions and, for a signed-in user, "
                      "whether they were accepted",
           .tags = {"policies"},
           .auth = Auth::kNone,
           .responses = {ResponseDoc{200, "data: privacy then terms"}}},
          std::nullopt, [s](Request& req, const Caller&) {
            std::optional<std::string> user;
            if (auto token =
                    CookieValue(req, accounts::SessionCookieName(accounts::SessionKind::kUser))) {
              auto session = s.sessions.Validate(accounts::SessionKind::kUser, *token);
              if (!session) return ErrorResponse(session.error());
              if (*session) user = (*session)->principal_id;
            }
            auto current =
                s.policies.Current(user ? std::optional<std::string_view>(*user) : std::nullopt);
            if (!current) return ErrorResponse(current.error());
            json::array data;
            for (const auto& c : *current) data.emplace_back(CurrentJson(c));
            return NoStore(Response::Json(200, json::object{{"data", std::move(data)}}));
          });

  api.Add(router, "POST", "/v1/policies/accept",
          {.operation_id = "acceptPolicy",
           .summary = "Records that the signed-in user accepted the current version of a policy",
           .tags = {"policies"},
           .auth = Auth::kSession,
           .request_schema = JsonSchema(R"({"type":"object","required":["kind","version"],
             "properties":{"kind":{"type":"string","enum":["privacy","terms"]},
             "version":{"type":"string","minLength":1,"maxLength":40}}})"),
           .responses = {ResponseDoc{200, "accepted (also when it already was)"},
                         ResponseDoc{400, "kind or version missing or malformed"},
                         ResponseDoc{409, "not the current version: reload and accept that"}}},
          std::nullopt, [s](Request& req, const Caller& caller) {
            auto body = JsonBody(req);
            if (!body) return ErrorResponse(body.error());
            auto kind = core::ReqString(*body, "kind");
            if (!kind) return ErrorResponse(kind.error());
            auto version = core::ReqString(*body, "version");
            if (!version) return ErrorResponse(version.error());
            auto done = s.policies.Accept(caller.principal_id, caller.account_id, *kind, *version,
                                          caller.ip);
            if (!done) return ErrorResponse(done.error());
            return NoStore(Response::Json(200, CurrentJson(*done)));
          });

  api.Add(
      router, "POST", "/admin/api/policies",
      {.operation_id = "adminPublishPolicy",
       .summary = "Publishes a new version of the privacy policy or terms and emails every "
                  "account holder; audited",
       .tags = {"admin"},
       .auth = Auth::kAdmin,
       .request_schema = JsonSchema(R"({"type":"object","required":["kind","version","summary"],
             "properties":{"kind":{"type":"string","enum":["privacy","terms"]},
             "version":{"type":"string","minLength":1,"maxLength":40},
             "summary":{"type":"string","minLength":1,"maxLength":2000}}})"),
       .responses = {ResponseDoc{201, "published: policy and emails_queued"},
                     ResponseDoc{400, "a field is missing or malformed (the message names it)"},
                     ResponseDoc{409, "that version was already published"}}},
      std::nullopt, [s](Request& req, const Caller& caller) {
        auto body = JsonBody(req);
        if (!body) return ErrorResponse(body.error());
        accounts::PublishPolicyRequest p;
        for (auto [field, out] : {std::pair{"kind", &p.kind}, std::pair{"version", &p.version},
                                  std::pair{"summary", &p.summary}}) {
          auto v = core::ReqString(*body, field);
          if (!v) return ErrorResponse(v.error());
          *out = *v;
        }
        auto done = s.policies.Publish(p, caller.principal_id, caller.ip);
        if (!done) return ErrorResponse(done.error());
        json::object policy = VersionJson(done->version);
        policy["id"] = done->version.id;
        return NoStore(Response::Json(201, json::object{{"policy", std::move(policy)},
                                                        {"emails_queued", done->emails_queued}}));
      });

  api.Add(router, "GET", "/admin/api/policies",
          {.operation_id = "adminListPolicies",
           .summary = "Every published policy version, newest first, with acceptance counts",
           .tags = {"admin"},
           .auth = Auth::kAdmin,
           .responses = {ResponseDoc{200, "data"}}},
          std::nullopt, [s](Request&, const Caller&) {
            auto list = s.policies.List();
            if (!list) return ErrorResponse(list.error());
            json::array data;
            for (const auto& l : *list) {
              json::object o = VersionJson(l.version);
              o["id"] = l.version.id;
              o["published_by"] = l.version.published_by;
              o["acceptances"] = l.acceptances;
              o["current"] = l.current;
              data.emplace_back(std::move(o));
            }
            return NoStore(Response::Json(200, json::object{{"data", std::move(data)}}));
          });
}

}  // namespace leados::api
