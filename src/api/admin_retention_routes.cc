#include "api/admin_retention_routes.h"

#include <cmath>

#include "api/http_util.h"
#include "retention/retention_status.h"

namespace leados::api {
namespace {

using http::Auth;
using http::Request;
using http::Response;
using http::ResponseDoc;
namespace json = core::json;

json::value Days(std::optional<int64_t> ms) {
  if (!ms) return nullptr;
  return std::round(static_cast<double>(*ms) / 8'640'000.0) / 10.0;
}

json::object RunJson(const retention::RetentionRun& r) {
  auto deleted = core::ParseJsonObject(r.deleted_json);
  int64_t rows = 0;
  if (deleted) {
    for (const auto& [key, tables] : *deleted) rows += r.Rows(key);
  }
  return json::object{{"id", r.id},
                      {"started_at", Rfc3339Millis(r.started_at_ms)},
                      {"finished_at", Rfc3339Millis(r.finished_at_ms)},
                      {"dry_run", r.dry_run},
                      {"rows_deleted", rows},
                      {"deleted", deleted ? json::value(std::move(*deleted)) : json::value()},
                      {"error", r.error ? json::value(*r.error) : json::value()}};
}

}  // namespace

void AddAdminRetentionRoutes(AccountsApi& api, http::Router& router, store::Database& db,
                             const core::Clock& clock, retention::RetentionPeriods periods) {
  api.Add(router, "GET", "/admin/api/retention",
          {.operation_id = "adminGetRetentionStatus",
           .summary = "Retention status: per category the policy and configured period, the last "
                      "run, the oldest row held and whether it is within its period; the last 10 "
                      "runs",
           .tags = {"admin"},
           .auth = Auth::kAdmin,
           .responses = {ResponseDoc{200, "the status"}}},
          std::nullopt, [&db, &clock, periods](Request&, const Caller&) {
            auto status = retention::ReadRetentionStatus(db, clock, periods);
            if (!status) return ErrorResponse(status.error());
            json::array categories;
            for (const auto& c : status->categories) {
              json::array oldest;
              for (const auto& o : c.oldest) {
                oldest.emplace_back(json::object{{"table", o.table},
                                                 {"column", o.column},
                                                 {"oldest_at", TimeOrNull(o.oldest_ms)},
                                                 {"age_days", Days(o.age_ms)},
                                                 {"within", o.within}});
              }
              json::value last;
              if (c.last_run) {
                last = json::object{{"id", c.last_run->id},
                                    {"at", Rfc3339Millis(c.last_run->started_at_ms)},
                                    {"rows_deleted", c.last_run_rows}};
              }
              categories.emplace_back(json::object{{"key", c.rule->key},
                                                   {"policy", c.rule->policy_line},
                                                   {"policy_days", c.rule->max_days},
                                                   {"configured_days", c.configured_days},
                                                   {"governs", c.rule->governs},
                                                   {"time_column", c.rule->time_column},
                                                   {"kv_ttl", c.rule->kv_ttl},
                                                   {"last_run", std::move(last)},
                                                   {"within", c.within},
                                                   {"oldest", std::move(oldest)}});
            }
            json::array runs;
            for (const auto& r : status->recent_runs) runs.emplace_back(RunJson(r));
            Response r = Response::Json(200, json::object{{"now", Rfc3339Millis(status->now_ms)},
                                                          {"categories", std::move(categories)},
                                                          {"runs", std::move(runs)}});
            r.WithHeader("Cache-Control", "no-store");
            return r;
          });
}

}  // namespace leados::api
