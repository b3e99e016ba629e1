#include "http/openapi.h"

#include <gtest/gtest.h>

#include "core/metrics.h"
#include "http/system_routes.h"

namespace leados::http {
namespace {
namespace json = core::json;

TEST(OpenApiTest, DocumentDescribesEveryOperation) {
  core::Metrics metrics;
  Router router;
  AddSystemRoutes(router, metrics, [] { return core::Ok(); }, {.title = "T", .version = "1.2.3"});
  router.Add("POST", "/v1/campaigns/{id}/pause",
             {.operation_id = "pauseCampaign",
              .summary = "Pause a campaign.",
              .tags = {"campaigns"},
              .auth = Auth::kSessionOrApiKey,
              .request_schema = json::object{{"type", "object"}},
              .query_params = {{.name = "reason", .description = "why"}}},
             [](Request&) { return Response::Text(200, ""); });
  router.Freeze();

  const json::object doc = BuildOpenApi(router, {.title = "T", .version = "1.2.3"});
  EXPECT_EQ(doc.at("openapi").as_string(), "3.1.0");
  EXPECT_EQ(doc.at("info").at("version").as_string(), "1.2.3");
  EXPECT_TRUE(doc.at("servers").as_array().size() == 1);

  std::vector<std::string> ids;
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    for (const auto& [method, op] : item.as_object()) {
      ASSERT_TRUE(op.as_object().contains("operationId")) << path << " " << method;
      ids.emplace_back(op.at("operationId").as_string());
      EXPECT_EQ(op.at("responses").at("4XX").at("$ref").as_string(),
                "#/components/responses/Error");
    }
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"getHealth", "getReadiness", "getMetrics", "getOpenApi",
                                           "pauseCampaign"}));

  const auto& pause = doc.at("paths").at("/v1/campaigns/{id}/pause").at("post").as_object();
  const auto& params = pause.at("parameters").as_array();
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(params[0].at("name").as_string(), "id");
  EXPECT_EQ(params[0].at("in").as_string(), "path");
  EXPECT_EQ(params[1].at("in").as_string(), "query");
  EXPECT_TRUE(pause.contains("requestBody"));
  EXPECT_EQ(pause.at("security").as_array().size(), 2u);

  const auto& schemes = doc.at("components").at("securitySchemes").as_object();
  EXPECT_EQ(schemes.at("sessionCookie").at("in").as_string(), "cookie");
  EXPECT_EQ(schemes.at("apiKey").at("scheme").as_string(), "bearer");
  EXPECT_TRUE(doc.at("components").at("schemas").as_object().contains("Error"));
}

}  // namespace
}  // namespace leados::http
