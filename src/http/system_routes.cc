#include "http/system_routes.h"

#include <memory>
#include <mutex>

namespace leados::http {
namespace json = core::json;

void AddSystemRoutes(Router& router, core::Metrics& metrics,
                     std::function<core::Status()> readiness, const OpenApiInfo& info) {
  const json::object status_schema{
      {"type", "object"},
      {"properties", json::object{{"status", json::object{{"type", "string"}}}}}};

  router.Add("GET", "/healthz",
             Operation{.operation_id = "getHealth",
                       .summary = "Liveness: 200 whenever the process serves requests.",
                       .tags = {"system"},
                       .responses = {{200, "The process is alive.", status_schema}}},
             [](Request&) {
               // A static body: nothing is serialised per request.
               static const std::string kBody = R"({"status":"ok"})";
               return Response::RawJson(200, kBody);
             });

  router.Add("GET", "/readyz",
             Operation{.operation_id = "getReadiness",
                       .summary = "Readiness: 200 when the database and KV store answer, else 503.",
                       .tags = {"system"},
                       .responses = {{200, "Ready to serve traffic.", status_schema},
                                     {503, "Not ready; the message says why.",
                                      json::object{{"$ref", "#/components/schemas/Error"}}}}},
             [readiness = std::move(readiness)](Request&) {
               if (auto st = readiness(); !st) {
                 return Response::Error(503, core::Error{core::ErrorCode::kUnavailable,
                                                         "not ready: " + st.error().message});
               }
               static const std::string kBody = R"({"status":"ready"})";
               return Response::RawJson(200, kBody);
             });

  router.Add("GET", "/metrics",
             Operation{.operation_id = "getMetrics",
                       .summary = "Metrics in the Prometheus text exposition format 0.0.4.",
                       .tags = {"system"},
                       .responses = {{200, "Prometheus text.", json::object{{"type", "string"}},
                                      "text/plain; version=0.0.4"}}},
             [&metrics](Request&) {
               return Response::Text(200, metrics.Render(),
                                     "text/plain; version=0.0.4; charset=utf-8");
             });

  // Built on first request, when every route is registered; the router is frozen by then.
  struct Cache {
    std::once_flag once;
    std::string text;
  };
  auto cache = std::make_shared<Cache>();
  router.Add(
      "GET", "/openapi.json",
      Operation{.operation_id = "getOpenApi",
                .summary = "This API's OpenAPI 3.1 document.",
                .tags = {"system"},
                .responses = {{200, "The OpenAPI document.", json::object{{"type", "object"}}}}},
      [&router, info, cache](Request&) {
        std::call_once(cache->once,
                       [&] { cache->text = core::ToJson(BuildOpenApi(router, info)); });
        return Response::RawJson(200, cache->text);
      });
}

}  // namespace leados::http
