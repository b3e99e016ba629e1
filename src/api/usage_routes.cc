#include "api/usage_routes.h"

#include "api/http_util.h"
#include "usage/portal_beacon.h"

namespace leados::api {
namespace {

using http::Auth;
using http::Request;
using http::Response;
using http::ResponseDoc;

std::optional<std::string> Param(const Request& req, std::string_view name) {
  auto v = req.Query(name);
  if (!v || v->empty()) return std::nullopt;
  return std::string(*v);
}

Response UsageResponse(usage::UsageReader& reader, const core::Clock& clock, const Request& req,
                       const std::optional<std::string>& account) {
  auto range = usage::ResolveDayRange(Param(req, "from"), Param(req, "to"), clock.NowUnixMillis());
  if (!range) return ErrorResponse(range.error());
  auto report = reader.Read(account, *range);
  if (!report) return ErrorResponse(report.error());
  core::json::object body = usage::UsageReportJson(*report);
  body["account"] = account ? core::json::value(*account) : core::json::value();
  Response r = Response::Json(200, body);
  r.WithHeader("Cache-Control", "no-store");
  return r;
}

std::vector<http::QueryParamDoc> RangeParams() {
  return {{"from", "first UTC day, YYYY-MM-DD (default: 29 days before `to`)"},
          {"to", "last UTC day, YYYY-MM-DD (default: today); at most 366 days in all"}};
}

}  // namespace

void AddUsageRoutes(AccountsApi& api, http::Router& router, UsageRouteServices s) {
  api.Add(router, "POST", "/v1/usage/beacon",
          {.operation_id = "sendUsageBeacon",
           .summary = "The portal reports a page view or interaction (first-party usage)",
           .tags = {"usage"},
           .auth = Auth::kSession,
           .request_schema = JsonSchema(R"({"type":"object","required":["page","action"],
             "properties":{"page":{"type":"string"},"action":{"type":"string"}}})"),
           .responses = {ResponseDoc{204, "recorded"},
                         ResponseDoc{400, "unknown page or action; the message lists the names"},
                         ResponseDoc{401, "not signed in"}}},
          std::nullopt, [s](Request& req, const Caller& caller) {
            auto body = JsonBody(req);
            if (!body) return ErrorResponse(body.error());
            auto page = core::ReqString(*body, "page");
            if (!page) return ErrorResponse(page.error());
            auto action = core::ReqString(*body, "action");
            if (!action) return ErrorResponse(action.error());
            auto name = usage::PortalInteractionName(*page, *action);
            if (!name) return ErrorResponse(name.error());
            usage::UsageEvent e;
            e.account_id = caller.account_id;
            e.kind = usage::UsageKind::kPortalInteraction;
            e.name = *name;
            s.sink.Record(std::move(e));
            Response r;
            r.status = 204;
            return r;
          });
  api.Add(router, "GET", "/v1/usage",
          {.operation_id = "getUsage",
           .summary = "Usage per UTC day and kind, totals and top operations (live)",
           .tags = {"usage"},
           .auth = Auth::kSessionOrApiKey,
           .responses = {ResponseDoc{200, "{from, to, days, totals, top}"},
                         ResponseDoc{400, "bad from / to or a range over 366 days"},
                         ResponseDoc{401, "not signed in and no API key"},
                         ResponseDoc{403, "the API key lacks the scope billing:read"}},
           .query_params = RangeParams()},
          accounts::ApiScope::kBillingRead, [s](Request& req, const Caller& caller) {
            return UsageResponse(s.reader, s.clock, req, caller.account_id);
          });
  auto admin_params = RangeParams();
  admin_params.insert(admin_params.begin(), {"account", "an account id (default: all accounts)"});
  api.Add(router, "GET", "/admin/api/usage",
          {.operation_id = "adminGetUsage",
           .summary = "Usage of one account, or of all accounts together",
           .tags = {"admin"},
           .auth = Auth::kAdmin,
           .responses = {ResponseDoc{200, "{account, from, to, days, totals, top}"},
                         ResponseDoc{400, "bad from / to or a range over 366 days"}},
           .query_params = std::move(admin_params)},
          std::nullopt, [s](Request& req, const Caller&) {
            return UsageResponse(s.reader, s.clock, req, Param(req, "account"));
          });
}

}  // namespace leados::api
