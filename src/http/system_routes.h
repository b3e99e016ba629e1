#pragma once
// The built-in routes every LeadOS server has: health, readiness, metrics and the OpenAPI document.

#include <functional>
#include <string>

#include "core/metrics.h"
#include "core/result.h"
#include "http/openapi.h"
#include "http/router.h"

namespace leados::http {

// Registers on `router` (all unauthenticated, tag "system"):
//   GET /healthz       getHealth     200 {"status":"ok"} whenever the process serves
//   GET /readyz        getReadiness  200 {"status":"ready"} when `readiness()` is ok, else 503
//                                    {"error":{"code":"unavailable","message":"not ready: …"}}
//   GET /metrics       getMetrics    `metrics` in Prometheus text format 0.0.4
//   GET /openapi.json  getOpenApi    the OpenAPI 3.1 document of every route on `router`, built
//                                    on first request (so routes added later are included)
// `router` and `metrics` must outlive the server; `readiness` must be thread-safe.
void AddSystemRoutes(Router& router, core::Metrics& metrics,
                     std::function<core::Status()> readiness, const OpenApiInfo& info);

}  // namespace leados::http
