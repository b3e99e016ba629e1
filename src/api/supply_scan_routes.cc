// The supply-scan routes (see supply_scan_routes.h).
#include "api/supply_scan_routes.h"

#include <fmt/format.h>

#include "api/http_util.h"

namespace leados::api {
namespace {

namespace json = core::json;
using accounts::ApiScope;
using http::Auth;
using http::Operation;
using http::Request;
using http::Response;
using http::ResponseDoc;

constexpr std::string_view kStartSchema = R"json({"type":"object","properties":{
  "campaign_id":{"type":"string","description":"scan a saved campaign (its query, sources, languages and min_score)"},
  "query":{"type":"string","description":"or scan a query before launch (docs/query-language.md)"},
  "filters":{"type":"object","properties":{
    "sources":{"type":"array","items":{"type":"string","enum":["hn","reddit","rss","greenhouse",
      "lever","ashby","press","jobpage"]}},
    "languages":{"type":"array","items":{"type":"string","pattern":"^[a-z]{2,3}$"}}}},
  "min_score":{"type":"number","minimum":0,"maximum":1},
  "window_days":{"type":"integer","minimum":1,"maximum":7,"default":7},
  "notify":{"type":"boolean","default":true,"description":"email the results"}}})json";

json::object ScanJson(const campaigns::SupplyScan& s) {
  json::object o{{"id", s.id},
                 {"status", s.status},
                 {"campaign_id", s.campaign_id ? json::value(*s.campaign_id) : json::value()},
                 {"name", s.name},
                 {"query", s.query},
                 {"options", s.options},
                 {"created_at", Rfc3339Millis(s.created_at_ms)},
                 {"started_at", TimeOrNull(s.started_at_ms)},
                 {"finished_at", TimeOrNull(s.finished_at_ms)},
                 {"error", s.error.empty() ? json::value() : json::value(s.error)},
                 {"result", s.summary ? json::value(*s.summary) : json::value()},
                 {"examples", s.examples ? json::value(*s.examples) : json::value()}};
  return o;
}

core::Result<std::vector<std::string>> Strings(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  const auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_array()) return core::InvalidArgument(fmt::format("filters.{}: must be an array of strings", key));
  for (const auto& e : v->as_array()) {
    if (!e.is_string())
      return core::InvalidArgument(fmt::format("filters.{}: must be an array of strings", key));
    out.emplace_back(e.as_string());
  }
  return out;
}

// Reads the body into a request; kInvalidArgument names the field.
core::Result<campaigns::SupplyScanRequest> ReadRequest(const json::object& body) {
  static const std::vector<std::string_view> kKnown = {"campaign_id", "query",       "filters",
                                                       "min_score",   "window_days", "notify"};
  for (const auto& [key, value] : body) {
    if (std::find(kKnown.begin(), kKnown.end(), key) == kKnown.end()) {
      return core::InvalidArgument(fmt::format(
          "{}: unknown field (allowed: campaign_id, query, filters, min_score, window_days, "
          "notify)",
          std::string_view(key)));
    }
  }
  campaigns::SupplyScanRequest r;
  if (const auto* v = body.if_contains("campaign_id"); v != nullptr && !v->is_null()) {
    if (!v->is_string()) return core::InvalidArgument("campaign_id: must be a string");
    r.campaign_id = std::string(v->as_string());
  }
  if (const auto* v = body.if_contains("query"); v != nullptr && !v->is_null()) {
    if (!v->is_string()) return core::InvalidArgument("query: must be a string");
    r.query = std::string(v->as_string());
  }
  if (const auto* v = body.if_contains("filters"); v != nullptr && !v->is_null()) {
    if (!v->is_object()) return core::InvalidArgument("filters: must be an object");
    for (const auto& [key, value] : v->as_object()) {
      if (key != "sources" && key != "languages") {
        return core::InvalidArgument(fmt::format(
            "filters.{}: a scan filters by sources and languages only", std::string_view(key)));
      }
    }
    auto sources = Strings(v->as_object(), "sources");
    if (!sources) return core::Fail(sources.error());
    auto languages = Strings(v->as_object(), "languages");
    if (!languages) return core::Fail(languages.error());
    r.sources = std::move(*sources);
    r.languages = std::move(*languages);
  }
  if (const auto* v = body.if_contains("min_score"); v != nullptr && !v->is_null()) {
    if (!v->is_number()) return core::InvalidArgument("min_score: must be a number from 0 to 1");
    r.min_score = v->to_number<double>();
  }
  if (const auto* v = body.if_contains("window_days"); v != nullptr && !v->is_null()) {
    if (!v->is_int64() && !v->is_uint64())
      return core::InvalidArgument("window_days: must be a whole number from 1 to 7");
    r.window_days = static_cast<int>(std::clamp<int64_t>(v->to_number<int64_t>(), -1, 1000));
  }
  return r;
}

std::vector<ResponseDoc> Docs(std::initializer_list<ResponseDoc> ok) {
  std::vector<ResponseDoc> docs(ok);
  docs.push_back(ResponseDoc{400, "invalid input; the message names the field (query errors give "
                                  "LINE:COL)"});
  docs.push_back(ResponseDoc{401, "not signed in and no API key"});
  docs.push_back(ResponseDoc{403, "the API key lacks the scope"});
  docs.push_back(ResponseDoc{404, "no such campaign or scan in this account"});
  return docs;
}

}  // namespace

void AddSupplyScanRoutes(AccountsApi& api, http::Router& router,
                         campaigns::SupplyScanService& scans, ScanRecipients recipients) {
  Operation start{.operation_id = "startSupplyScan",
                  .summary = "Estimate what a campaign (or a query) would yield: matches a day "
                             "by source, scores, leads and credits a month, examples",
                  .tags = {"campaigns"},
                  .auth = Auth::kSessionOrApiKey,
                  .responses = Docs({ResponseDoc{202, "queued; poll getSupplyScan"}})};
  start.request_schema = JsonSchema(kStartSchema);
  api.Add(router, "POST", "/v1/supply-scans", std::move(start), ApiScope::kCampaignsWrite,
          [&scans, recipients](Request& req, const Caller& caller) {
            auto body = JsonBody(req);
            if (!body) return ErrorResponse(body.error());
            auto request = ReadRequest(*body);
            if (!request) return ErrorResponse(request.error());
            request->account_id = caller.account_id;
            const auto* notify = body->if_contains("notify");
            if (notify != nullptr && !notify->is_bool() && !notify->is_null())
              return ErrorResponse({core::ErrorCode::kInvalidArgument, "notify: must be true or false"});
            if ((notify == nullptr || !notify->is_bool() || notify->as_bool()) && recipients) {
              auto to = recipients(caller);
              if (!to.empty()) request->notify_email = to.front();
            }
            auto scan = scans.Start(std::move(*request));
            if (!scan) return ErrorResponse(scan.error());
            Response r = Response::Json(202, ScanJson(*scan));
            r.WithHeader("Location", "/v1/supply-scans/" + scan->id);
            return r;
          });

  api.Add(router, "GET", "/v1/supply-scans/{id}",
          Operation{.operation_id = "getSupplyScan",
                    .summary = "A supply scan: its status and, when done, its result and "
                               "examples (examples expire with the recent-signal window)",
                    .tags = {"campaigns"},
                    .auth = Auth::kSessionOrApiKey,
                    .responses = Docs({ResponseDoc{200, "the scan"}})},
          std::nullopt, [&scans](Request& req, const Caller& caller) {
            if (caller.kind == Caller::Kind::kApiKey &&
                !caller.scopes.Has(ApiScope::kLeadsRead) &&
                !caller.scopes.Has(ApiScope::kCampaignsWrite)) {
              return ErrorResponse(
                  {core::ErrorCode::kPermissionDenied,
                   fmt::format("API key {}… lacks the scope leads:read or campaigns:write",
                               caller.display)});
            }
            auto scan = scans.Get(caller.account_id, req.PathParam("id"));
            if (!scan) return ErrorResponse(scan.error());
            return Response::Json(200, ScanJson(*scan));
          });
}

}  // namespace leados::api
