#include "api/admin_anomaly_routes.h"

#include "api/http_util.h"

namespace leados::api {
namespace {

using http::Auth;
using http::Request;
using http::Response;
using http::ResponseDoc;
namespace json = core::json;

json::object FlagJson(const oversight::AnomalyFlag& f) {
  auto details = core::ParseJson(f.details_json);
  return json::object{
      {"id", f.id},
      {"kind", f.kind},
      {"account_id", f.account_id ? json::value(*f.account_id) : json::value()},
      {"account_name", f.account_name},
      {"subject", f.subject},
      {"detected_at", Rfc3339Millis(f.detected_at_ms)},
      {"updated_at", Rfc3339Millis(f.updated_at_ms)},
      {"window_start", Rfc3339Millis(f.window_start_ms)},
      {"window_end", Rfc3339Millis(f.window_end_ms)},
      {"observed", f.observed},
      {"baseline", f.baseline},
      {"details", details ? std::move(*details) : json::value(json::object{})},
      {"status", f.status},
      {"dismissed_by", f.dismissed_by ? json::value(*f.dismissed_by) : json::value()},
      {"dismissed_at", TimeOrNull(f.dismissed_at_ms)},
      {"note", f.note}};
}

}  // namespace

void AddAdminAnomalyRoutes(AccountsApi& api, http::Router& router,
                           oversight::AnomalyFlagStore& flags) {
  api.Add(
      router, "GET", "/admin/api/anomalies",
      {.operation_id = "adminListAnomalies",
       .summary = "Anomaly flags (credit burn, failed sign-ins, key bursts), newest first",
       .tags = {"admin"},
       .auth = Auth::kAdmin,
       .responses = {ResponseDoc{200, "a page: data and next_cursor"},
                     ResponseDoc{400, "bad status, kind, limit or cursor; the message names it"}},
       .query_params = {{"status", "open (default), dismissed or all"},
                        {"kind", "credit_burn, failed_signins or key_burst"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1 to 100 (default 50)", false, "integer"}}},
      std::nullopt, [&flags](Request& req, const Caller&) {
        auto limit = LimitParam(req, 50, oversight::AnomalyFlagStore::kMaxLimit);
        if (!limit) return ErrorResponse(limit.error());
        oversight::AnomalyQuery q;
        q.status = std::string(req.Query("status").value_or("open"));
        if (auto kind = req.Query("kind"); kind && !kind->empty()) q.kind = std::string(*kind);
        q.cursor = std::string(req.Query("cursor").value_or(""));
        q.limit = *limit;
        auto page = flags.List(q);
        if (!page) return ErrorResponse(page.error());
        json::array data;
        for (const auto& f : page->flags) data.emplace_back(FlagJson(f));
        Response r = Response::Json(
            200, json::object{
                     {"data", std::move(data)},
                     {"next_cursor",
                      page->next_cursor.empty() ? json::value() : json::value(page->next_cursor)}});
        r.WithHeader("Cache-Control", "no-store");
        return r;
      });

  api.Add(router, "POST", "/admin/api/anomalies/{id}/dismiss",
          {.operation_id = "adminDismissAnomaly",
           .summary = "Dismisses an open anomaly flag with an optional note; audited",
           .tags = {"admin"},
           .auth = Auth::kAdmin,
           .request_schema = JsonSchema(R"({"type":"object",
             "properties":{"note":{"type":"string","maxLength":500}}})"),
           .responses = {ResponseDoc{200, "the flag, dismissed"}, ResponseDoc{400, "note too long"},
                         ResponseDoc{404, "no such flag"},
                         ResponseDoc{409, "the flag is already dismissed"}}},
          std::nullopt, [&flags](Request& req, const Caller& caller) {
            auto body = JsonBody(req);
            if (!body) return ErrorResponse(body.error());
            auto note = core::OptString(*body, "note");
            if (!note) return ErrorResponse(note.error());
            auto done = flags.Dismiss(std::string(req.PathParam("id")), caller.principal_id,
                                      caller.ip, note->value_or(""));
            if (!done) return ErrorResponse(done.error());
            return Response::Json(200, FlagJson(*done));
          });
}

}  // namespace leados::api
