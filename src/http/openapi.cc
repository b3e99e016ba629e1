#include "http/openapi.h"

#include <algorithm>
#include <cctype>

namespace leados::http {
namespace json = core::json;
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

json::value ErrorRef() {
  return json::object{{"$ref", "#/components/responses/Error"}};
}

json::array Security(Auth auth) {
  switch (auth) {
    case Auth::kNone: return {};
    case Auth::kSession:
    case Auth::kAdmin: return {json::object{{"sessionCookie", json::array{}}}};
    case Auth::kApiKey: return {json::object{{"apiKey", json::array{}}}};
    case Auth::kSessionOrApiKey:
      return {json::object{{"sessionCookie", json::array{}}},
              json::object{{"apiKey", json::array{}}}};
  }
  return {};
}

json::object OperationObject(const RouteInfo& route) {
  const Operation& op = *route.operation;
  json::object o;
  o["operationId"] = op.operation_id;
  if (!op.summary.empty()) o["summary"] = op.summary;
  if (!op.tags.empty()) {
    json::array tags;
    for (const auto& t : op.tags) tags.emplace_back(t);
    o["tags"] = std::move(tags);
  }
  json::array params;
  // Path parameters come from the {name} segments of the pattern.
  for (size_t pos = route.pattern.find('{'); pos != std::string::npos;
       pos = route.pattern.find('{', pos + 1)) {
    const size_t end = route.pattern.find('}', pos);
    if (end == std::string::npos) break;
    params.emplace_back(json::object{{"name", route.pattern.substr(pos + 1, end - pos - 1)},
                                     {"in", "path"},
                                     {"required", true},
                                     {"schema", json::object{{"type", "string"}}}});
  }
  for (const auto& q : op.query_params) {
    json::object p{{"name", q.name},
                   {"in", "query"},
                   {"required", q.required},
                   {"schema", json::object{{"type", q.type}}}};
    if (!q.description.empty()) p["description"] = q.description;
    params.emplace_back(std::move(p));
  }
  if (!params.empty()) o["parameters"] = std::move(params);
  if (op.request_schema) {
    o["requestBody"] = json::object{
        {"required", true},
        {"content",
         json::object{{"application/json", json::object{{"schema", *op.request_schema}}}}}};
  }
  json::object responses;
  if (op.responses.empty()) {
    responses["200"] = json::object{{"description", "OK"}};
  }
  for (const auto& r : op.responses) {
    json::object resp{{"description", r.description}};
    if (r.schema) {
      resp["content"] = json::object{{r.content_type, json::object{{"schema", *r.schema}}}};
    }
    responses[std::to_string(r.status)] = std::move(resp);
  }
  if (!responses.contains("4XX")) responses["4XX"] = ErrorRef();
  if (!responses.contains("5XX")) responses["5XX"] = ErrorRef();
  o["responses"] = std::move(responses);
  o["security"] = Security(op.auth);
  return o;
}

}  // namespace

json::object BuildOpenApi(const Router& router, const OpenApiInfo& info) {
  json::object doc;
  doc["openapi"] = "3.1.0";
  json::object i{{"title", info.title}, {"version", info.version}};
  if (!info.description.empty()) i["description"] = info.description;
  doc["info"] = std::move(i);
  doc["servers"] = json::array{json::object{{"url", info.server_url}}};
  json::object paths;
  for (const RouteInfo& route : router.Routes()) {
    json::value& item = paths[route.pattern];
    if (!item.is_object()) item = json::object{};
    item.as_object()[Lower(route.method)] = OperationObject(route);
  }
  doc["paths"] = std::move(paths);
  json::object error_schema{
      {"type", "object"},
      {"required", json::array{"error"}},
      {"properties",
       json::object{
           {"error",
            json::object{
                {"type", "object"},
                {"required", json::array{"code", "message"}},
                {"properties",
                 json::object{
                     {"code", json::object{{"type", "string"},
                                           {"description",
                                            "stable machine-readable code, e.g. invalid_argument, "
                                            "not_found, payload_too_large"}}},
                     {"message", json::object{{"type", "string"},
                                              {"description",
                                               "what went wrong and how to fix "
                                               "it, for humans"}}}}}}}}}};
  doc["components"] = json::object{
      {"schemas", json::object{{"Error", std::move(error_schema)}}},
      {"responses",
       json::object{
           {"Error",
            json::object{
                {"description", "An error; see the code and message."},
                {"content",
                 json::object{{"application/json",
                               json::object{{"schema", json::object{{"$ref",
                                                                     "#/components/"
                                                                     "schemas/Error"}}}}}}}}}}},
      {"securitySchemes",
       json::object{
           {"sessionCookie",
            json::object{{"type", "apiKey"}, {"in", "cookie"}, {"name", info.session_cookie}}},
           {"apiKey", json::object{{"type", "http"},
                                   {"scheme", "bearer"},
                                   {"description",
                                    "An API key (lk_live_… or lk_test_…) "
                                    "as a bearer token."}}}}}};
  return doc;
}

}  // namespace leados::http
