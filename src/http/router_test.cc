#include "http/router.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace leados::http {
namespace {

using ::testing::HasSubstr;

Request Make(std::string method, std::string target) {
  Request r;
  r.method = std::move(method);
  r.target = target;
  r.path = target.substr(0, target.find('?'));
  return r;
}

Handler Echo(std::string tag) {
  return [tag](Request& req) {
    std::string out = tag;
    for (const auto& [k, v] : req.path_params) out += " " + k + "=" + v;
    return Response::Text(200, out);
  };
}

TEST(RouterTest, MatchesLiteralAndParameterPatterns) {
  Router router;
  router.Add("GET", "/v1/campaigns", {.operation_id = "listCampaigns"}, Echo("list"));
  router.Add("GET", "/v1/campaigns/{id}", {.operation_id = "getCampaign"}, Echo("get"));
  router.Add("GET", "/v1/campaigns/{id}/leads/{lead}", {.operation_id = "getLead"}, Echo("lead"));
  router.Freeze();

  auto r1 = Make("GET", "/v1/campaigns");
  EXPECT_EQ(router.Dispatch(r1).body, "list");
  EXPECT_EQ(r1.route, "/v1/campaigns");

  auto r2 = Make("GET", "/v1/campaigns/cmp_42");
  EXPECT_EQ(router.Dispatch(r2).body, "get id=cmp_42");
  EXPECT_EQ(r2.route, "/v1/campaigns/{id}");
  ASSERT_NE(r2.operation, nullptr);
  EXPECT_EQ(r2.operation->operation_id, "getCampaign");

  auto r3 = Make("GET", "/v1/campaigns/c1/leads/l%2F2");  // an encoded '/' stays in the segment
  EXPECT_EQ(router.Dispatch(r3).body, "lead id=c1 lead=l/2");
}

TEST(RouterTest, LiteralSegmentsWinOverParameters) {
  Router router;
  router.Add("GET", "/v1/things/{id}", {.operation_id = "getThing"}, Echo("param"));
  router.Add("GET", "/v1/things/export", {.operation_id = "exportThings"}, Echo("literal"));
  router.Freeze();
  auto r = Make("GET", "/v1/things/export");
  EXPECT_EQ(router.Dispatch(r).body, "literal");
}

TEST(RouterTest, UnknownPathIs404JsonAndRouteUnmatched) {
  Router router;
  router.Add("GET", "/v1/campaigns/{id}", {.operation_id = "getCampaign"}, Echo("get"));
  router.Freeze();
  for (std::string target : {"/nope", "/v1/campaigns/", "/v1/campaigns/a/b"}) {
    auto r = Make("GET", target);
    Response res = router.Dispatch(r);
    EXPECT_EQ(res.status, 404) << target;
    EXPECT_EQ(res.Header("content-type"), "application/json");
    EXPECT_THAT(res.body,
                HasSubstr(R"({"error":{"code":"not_found","message":"no route matches GET )"));
    EXPECT_EQ(r.route, "unmatched");
  }
}

TEST(RouterTest, KnownPathWithOtherMethodIs405WithAllow) {
  Router router;
  router.Add("GET", "/v1/keys", {.operation_id = "listKeys"}, Echo("list"));
  router.Add("POST", "/v1/keys", {.operation_id = "createKey"}, Echo("create"));
  router.Freeze();
  auto r = Make("DELETE", "/v1/keys");
  Response res = router.Dispatch(r);
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(res.Header("Allow"), "GET, HEAD, POST");
  EXPECT_THAT(res.body, HasSubstr(R"("code":"method_not_allowed")"));
  EXPECT_THAT(res.body,
              HasSubstr("method DELETE is not allowed on /v1/keys; allowed: GET, HEAD, POST"));
  EXPECT_EQ(r.route, "/v1/keys");
}

TEST(RouterTest, HeadFallsBackToGet) {
  Router router;
  router.Add("GET", "/x", {.operation_id = "getX"}, Echo("x"));
  router.Freeze();
  auto r = Make("HEAD", "/x");
  EXPECT_EQ(router.Dispatch(r).status, 200);
}

TEST(RouterTest, MiddlewareRunsInOrderAroundHandlersAnd404s) {
  Router router;
  std::vector<std::string> trace;
  router.Use([&trace](Request& req, const Handler& next) {
    trace.push_back("a>");
    Response res = next(req);
    trace.push_back("<a");
    return res.WithHeader("X-A", "1");
  });
  router.Use([&trace](Request& req, const Handler& next) {
    trace.push_back("b>");
    if (req.Query("deny")) return Response::Text(403, "denied");
    Response res = next(req);
    trace.push_back("<b");
    return res;
  });
  router.Add("GET", "/x", {.operation_id = "getX"}, [&trace](Request&) {
    trace.push_back("h");
    return Response::Text(200, "x");
  });
  router.Freeze();

  auto r = Make("GET", "/x");
  Response res = router.Dispatch(r);
  EXPECT_EQ(res.Header("X-A"), "1");
  EXPECT_EQ(trace, (std::vector<std::string>{"a>", "b>", "h", "<b", "<a"}));

  trace.clear();
  auto denied = Make("GET", "/x?deny=1");
  denied.query.emplace("deny", "1");
  EXPECT_EQ(router.Dispatch(denied).status, 403);
  EXPECT_EQ(trace, (std::vector<std::string>{"a>", "b>", "<a"}));

  trace.clear();
  auto missing = Make("GET", "/missing");
  EXPECT_EQ(router.Dispatch(missing).status, 404);
  EXPECT_EQ(trace, (std::vector<std::string>{"a>", "b>", "<b", "<a"}));
}

TEST(RouterDeathTest, DuplicateRouteAborts) {
  Router router;
  router.Add("GET", "/x", {.operation_id = "getX"}, Echo("x"));
  EXPECT_DEATH(router.Add("GET", "/x", {.operation_id = "getX2"}, Echo("x")), "registered twice");
}

}  // namespace
}  // namespace leados::http
