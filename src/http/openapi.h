#pragma once
// Generates the OpenAPI 3.1 document of a Router's registered operations.

#include <string>

#include "core/json.h"
#include "http/router.h"

namespace leados::http {

struct OpenApiInfo {
  std::string title = "LeadOS API";
  std::string version = "0.0.0";
  std::string description;
  std::string server_url = "/";  // `servers[0].url`; "/" = same origin as the document
  std::string session_cookie = "leados_session";  // name of the portal session cookie
};

// The document: every route with its operationId, path parameters (from `{name}` segments),
// query parameters, request body, responses (plus the shared Error response for 4XX/5XX) and
// security requirement; components hold the Error schema and the security schemes
// `sessionCookie` (cookie) and `apiKey` (HTTP bearer). Thread-safe for a frozen router.
core::json::object BuildOpenApi(const Router& router, const OpenApiInfo& info);

}  // namespace leados::http
