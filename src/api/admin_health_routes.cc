#include "api/admin_health_routes.h"

#include "api/http_util.h"
#include "deliver/delivery_health.h"

namespace leados::api {
namespace {

using http::Auth;
using http::Request;
using http::Response;
using http::ResponseDoc;
namespace json = core::json;

}  // namespace

void AddAdminHealthRoutes(AccountsApi& api, http::Router& router, store::Database& db,
                          const core::Clock& clock, ingest::SourceStore& sources) {
  api.Add(router, "GET", "/admin/api/health",
          {.operation_id = "adminGetHealth",
           .summary = "Delivery health: deliveries of the last 24 h by status, disabled and "
                      "failing webhook endpoints, sources by status",
           .tags = {"admin"},
           .auth = Auth::kAdmin,
           .responses = {ResponseDoc{200, "the health"}}},
          std::nullopt, [&db, &clock, &sources](Request&, const Caller&) {
            auto health = deliver::ReadDeliveryHealth(db, clock);
            if (!health) return ErrorResponse(health.error());
            json::object deliveries;
            for (const auto& [status, n] : health->by_status) deliveries[status] = n;
            json::array disabled;
            for (const auto& e : health->disabled) {
              disabled.emplace_back(json::object{{"id", e.id},
                                                 {"account_id", e.account_id},
                                                 {"reason", e.reason},
                                                 {"disabled_at", Rfc3339Millis(e.disabled_at_ms)}});
            }
            auto list = sources.List();
            if (!list) return ErrorResponse(list.error());
            int64_t ok = 0, failing = 0, pending = 0, off = 0;
            json::array failing_list;
            for (const auto& s : *list) {
              // The same classes as listSources' state.status.
              if (!s.spec.enabled) {
                ++off;
              } else if (s.state.consecutive_failures > 0) {
                ++failing;
                failing_list.emplace_back(
                    json::object{{"id", s.id},
                                 {"name", s.spec.name},
                                 {"consecutive_failures", s.state.consecutive_failures},
                                 {"last_error", s.state.last_error_message.value_or("")}});
              } else if (!s.state.last_success_at_ms) {
                ++pending;
              } else {
                ++ok;
              }
            }
            Response r = Response::Json(
                200,
                json::object{{"window_start", Rfc3339Millis(health->since_ms)},
                             {"deliveries", std::move(deliveries)},
                             {"endpoints", json::object{{"total", health->endpoints_total},
                                                        {"disabled", health->endpoints_disabled},
                                                        {"failing", health->endpoints_failing},
                                                        {"disabled_list", std::move(disabled)}}},
                             {"sources", json::object{{"total", static_cast<int64_t>(list->size())},
                                                      {"ok", ok},
                                                      {"failing", failing},
                                                      {"pending", pending},
                                                      {"disabled", off},
                                                      {"failing_list", std::move(failing_list)}}}});
            r.WithHeader("Cache-Control", "no-store");
            return r;
          });
}

}  // namespace leados::api
