#include "http/static_files.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace leados::http {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

Request Get(std::string path, std::string method = "GET") {
  Request r;
  r.method = std::move(method);
  r.target = path;
  r.path = std::move(path);
  return r;
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("leados-static-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "dist" / "assets");
    fs::create_directories(dir_ / "dist" / ".cache");
    Write("dist/index.html", "<!doctype html><title>LeadOS</title>");
    Write("dist/assets/index-3f9a1c.js", "console.log(1)");
    Write("dist/favicon.svg", "<svg/>");
    Write("dist/.cache/hidden.txt", "hidden");
    Write("secret.txt", "outside the root");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const std::string& rel, const std::string& text) { std::ofstream(dir_ / rel) << text; }

  // A router like leados serve's: security headers outermost, one API route, the fallback last.
  std::unique_ptr<Router> MakeRouter(const StaticFiles& files) {
    auto router = std::make_unique<Router>();
    router->Use(SecurityHeaders());
    router->Add("POST", "/v1/login", {.operation_id = "login"}, [](Request&) {
      return Response::Json(200, core::json::object{{"ok", true}});
    });
    router->Use(files.Fallback());
    router->Freeze();
    return router;
  }

  fs::path dir_;
};

TEST_F(StaticFilesTest, ServesFilesWithTypesAndCacheHeaders) {
  auto files = StaticFiles::Load({.root = dir_ / "dist"});
  ASSERT_TRUE(files) << files.error().message;
  EXPECT_EQ((*files)->file_count(), 3u);  // the hidden folder is skipped
  auto router = MakeRouter(**files);

  auto root = Get("/");
  Response r = router->Dispatch(root);
  EXPECT_EQ(r.status, 200);
  EXPECT_THAT(r.body, HasSubstr("<title>LeadOS</title>"));
  EXPECT_EQ(r.Header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.Header("Cache-Control"), "no-cache");

  auto js = Get("/assets/index-3f9a1c.js");
  r = router->Dispatch(js);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "console.log(1)");
  EXPECT_EQ(r.Header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(r.Header("Cache-Control"), "public, max-age=31536000, immutable");

  auto svg = Get("/favicon.svg", "HEAD");
  r = router->Dispatch(svg);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("Content-Type"), "image/svg+xml");
  EXPECT_EQ(r.Header("Cache-Control"), "no-cache");

  auto hidden = Get("/.cache/hidden.txt");
  EXPECT_EQ(router->Dispatch(hidden).status, 404);
}

TEST_F(StaticFilesTest, PortalRoutesFallBackToIndexButMissingFilesAndApiPathsStay404) {
  auto files = StaticFiles::Load({.root = dir_ / "dist"});
  ASSERT_TRUE(files) << files.error().message;
  auto router = MakeRouter(**files);

  for (std::string path : {"/campaigns", "/campaigns/cmp_1/edit", "/reset-password"}) {
    auto req = Get(path);
    Response r = router->Dispatch(req);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_THAT(r.body, HasSubstr("<title>LeadOS</title>")) << path;
    EXPECT_EQ(r.Header("Cache-Control"), "no-cache") << path;
  }
  // A missing hashed asset or file is a 404, not HTML the browser would try to run as script.
  for (std::string path : {"/assets/index-old.js", "/assets/chunk", "/robots.txt", "/v1/nothing",
                           "/v1", "/admin/api/x"}) {
    auto req = Get(path);
    Response r = router->Dispatch(req);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_THAT(r.body, HasSubstr("\"not_found\"")) << path;
  }
  // Only GET and HEAD; a known path keeps its 405.
  auto post = Get("/campaigns", "POST");
  EXPECT_EQ(router->Dispatch(post).status, 404);
  auto login = Get("/v1/login");
  EXPECT_EQ(router->Dispatch(login).status, 405);
  auto api = Get("/v1/login", "POST");
  EXPECT_EQ(router->Dispatch(api).status, 200);
}

TEST_F(StaticFilesTest, TraversalIsRefused) {
  auto files = StaticFiles::Load({.root = dir_ / "dist"});
  ASSERT_TRUE(files) << files.error().message;
  auto router = MakeRouter(**files);
  for (std::string path : {"/../secret.txt", "/assets/../../secret.txt", "/./index.html",
                           "/assets//index-3f9a1c.js", "/..\\secret.txt", "/.."}) {
    auto req = Get(path);
    Response r = router->Dispatch(req);
    EXPECT_EQ(r.status, 400) << path;
    EXPECT_THAT(r.body, Not(HasSubstr("outside the root"))) << path;
    EXPECT_THAT(r.body, HasSubstr("invalid_argument")) << path;
  }
}

TEST_F(StaticFilesTest, EveryResponseCarriesTheSecurityHeaders) {
  auto files = StaticFiles::Load({.root = dir_ / "dist"});
  ASSERT_TRUE(files) << files.error().message;
  auto router = MakeRouter(**files);
  for (auto [method, path] : {std::pair{"GET", "/"},
                              {"GET", "/assets/index-3f9a1c.js"},
                              {"GET", "/v1/nothing"},
                              {"POST", "/v1/login"},
                              {"GET", "/v1/login"},
                              {"GET", "/../x"}}) {
    auto req = Get(path, method);
    Response r = router->Dispatch(req);
    EXPECT_EQ(r.Header("Content-Security-Policy"),
              "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
              "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; "
              "base-uri 'none'")
        << method << " " << path;
    EXPECT_EQ(r.Header("X-Content-Type-Options"), "nosniff") << path;
    EXPECT_EQ(r.Header("Referrer-Policy"), "no-referrer") << path;
  }
}

TEST_F(StaticFilesTest, LoadNamesWhatIsWrong) {
  auto missing = StaticFiles::Load({.root = dir_ / "nope"});
  ASSERT_FALSE(missing);
  EXPECT_THAT(missing.error().message, HasSubstr("is not a folder"));

  fs::remove(dir_ / "dist" / "index.html");
  auto no_index = StaticFiles::Load({.root = dir_ / "dist"});
  ASSERT_FALSE(no_index);
  EXPECT_THAT(no_index.error().message, HasSubstr("has no index.html"));

  Write("dist/index.html", "x");
  auto too_big = StaticFiles::Load({.root = dir_ / "dist", .max_total_bytes = 8});
  ASSERT_FALSE(too_big);
  EXPECT_THAT(too_big.error().message, HasSubstr("holds more than 8 bytes"));
}

TEST(ContentTypeTest, ByExtension) {
  EXPECT_EQ(ContentTypeFor("a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("a.woff2"), "font/woff2");
  EXPECT_EQ(ContentTypeFor("a.bin"), "application/octet-stream");
}

}  // namespace
}  // namespace leados::http
