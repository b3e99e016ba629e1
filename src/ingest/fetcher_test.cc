// Fetcher against the local fixture server: conditional requests, back-off, token bucket,
// robots.txt, the fault list of issue 5, and the recorded fixtures served byte for byte.
#include "ingest/fetcher.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <vector>

#include "fixture_server.h"

namespace leados::ingest {
namespace {

using test_support::FixtureResponse;
using test_support::FixtureServer;
using namespace std::chrono_literals;

CurlHttpClientOptions AllowPrivate() {
  CurlHttpClientOptions o;
  o.ssrf.allow_private = true;  // the fixture servers are on 127.0.0.1
  return o;
}

FetchRequest Req(std::string url, bool robots = false) {
  FetchRequest r;
  r.url = std::move(url);
  r.respect_robots = robots;
  return r;
}

class FetcherTest : public ::testing::Test {
 protected:
  FetcherOptions Options() {
    FetcherOptions o;
    o.timeout = 2s;
    o.host_rate_per_second = 1000;
    o.host_burst = 1000;
    return o;
  }
  Fetcher::Sleeper Sleeper() {
    return [this](core::Duration d) {
      slept_.push_back(d);
      clock_.Advance(d);
    };
  }
  std::string HostKey(const FixtureServer& s) { return "127.0.0.1:" + std::to_string(s.port()); }

  core::ManualClock clock_;
  std::vector<core::Duration> slept_;
  CurlHttpClient client_{AllowPrivate()};
};

TEST_F(FetcherTest, ConditionalRequestRoundTrip) {
  FixtureServer server;
  FixtureResponse feed;
  feed.headers = {{"Content-Type", "application/rss+xml"}};
  feed.body = "<rss version=\"2.0\"><channel/></rss>";
  feed.etag = "\"v1\"";
  feed.last_modified = "Wed, 21 Oct 2015 07:28:00 GMT";
  server.Route("/feed", feed);
  Fetcher fetcher(client_, clock_, Options(), Sleeper());

  auto first = fetcher.Fetch(Req(server.Url("/feed")));
  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_EQ(first->status, 200);
  EXPECT_FALSE(first->not_modified);
  EXPECT_EQ(first->body, feed.body);
  EXPECT_EQ(first->validators.etag, "\"v1\"");
  EXPECT_EQ(first->validators.last_modified, "Wed, 21 Oct 2015 07:28:00 GMT");

  FetchRequest again = Req(server.Url("/feed"));
  again.validators = first->validators;
  auto second = fetcher.Fetch(again);
  ASSERT_TRUE(second.has_value()) << second.error().message;
  EXPECT_EQ(second->status, 304);
  EXPECT_TRUE(second->not_modified);
  EXPECT_TRUE(second->body.empty());
  EXPECT_EQ(second->validators, first->validators);

  auto log = server.RequestsFor("/feed");
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].Header("If-None-Match"), "");
  EXPECT_EQ(log[1].Header("If-None-Match"), "\"v1\"");
  EXPECT_EQ(log[1].Header("If-Modified-Since"), "Wed, 21 Oct 2015 07:28:00 GMT");

  // A changed resource answers 200 again with new validators.
  feed.etag = "\"v2\"";
  feed.body += "<!-- changed -->";
  server.Route("/feed", feed);
  auto third = fetcher.Fetch(again);
  ASSERT_TRUE(third.has_value());
  EXPECT_FALSE(third->not_modified);
  EXPECT_EQ(third->validators.etag, "\"v2\"");
}

TEST_F(FetcherTest, RetryAfterSecondsBlocksTheHostUntilThen) {
  FixtureServer server;
  FixtureResponse limited;
  limited.status = 429;
  limited.headers = {{"Retry-After", "120"}};
  FixtureResponse ok;
  ok.body = "ok";
  server.Route("/api", std::vector<FixtureResponse>{limited, ok});
  Fetcher fetcher(client_, clock_, Options(), Sleeper());
  const core::TimePoint t0 = clock_.Now();

  auto r = fetcher.Fetch(Req(server.Url("/api")));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, FetchErrorKind::kRateLimited);
  EXPECT_EQ(r.error().http_status, 429);
  EXPECT_EQ(r.error().retry_at, t0 + 120s);
  EXPECT_EQ(r.error().message, "GET " + server.Url("/api") +
                                   ": HTTP 429 Too Many Requests; backing off " + HostKey(server) +
                                   " until 2026-01-01T00:02:00Z (in 120 s) as "
                                   "Retry-After asks");

  // Before the time: refused without contacting the host.
  clock_.Advance(119s);
  auto early = fetcher.Fetch(Req(server.Url("/api")));
  ASSERT_FALSE(early.has_value());
  EXPECT_EQ(early.error().kind, FetchErrorKind::kRateLimited);
  EXPECT_EQ(early.error().retry_at, t0 + 120s);
  EXPECT_NE(early.error().message.find("(in 1 s)"), std::string::npos) << early.error().message;
  EXPECT_EQ(server.RequestsFor("/api").size(), 1u);

  clock_.Advance(1s);
  auto later = fetcher.Fetch(Req(server.Url("/api")));
  ASSERT_TRUE(later.has_value()) << later.error().message;
  EXPECT_EQ(later->body, "ok");
}

TEST_F(FetcherTest, RetryAfterHttpDateOn503) {
  FixtureServer server;
  FixtureResponse down;
  down.status = 503;
  down.headers = {{"Retry-After", FormatHttpDate(clock_.Now() + 10min)}};
  server.Route("/x", down);
  Fetcher fetcher(client_, clock_, Options(), Sleeper());
  auto r = fetcher.Fetch(Req(server.Url("/x")));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, FetchErrorKind::kHttpStatus);
  EXPECT_EQ(r.error().http_status, 503);
  EXPECT_EQ(r.error().retry_at, clock_.Now() + 10min);
  auto again = fetcher.Fetch(Req(server.Url("/x")));
  EXPECT_EQ(again.error().kind, FetchErrorKind::kRateLimited);
  EXPECT_EQ(server.Requests().size(), 1u);
}

TEST_F(FetcherTest, ForbiddenWithoutRetryAfterBacksOffByDefaultAndDoubles) {
  FixtureServer server;
  server.ServeBytes("/f", "blocked UA", "text/plain", 403);
  Fetcher fetcher(client_, clock_, Options(), Sleeper());
  auto r = fetcher.Fetch(Req(server.Url("/f")));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, FetchErrorKind::kHttpStatus);
  EXPECT_EQ(r.error().retry_at, clock_.Now() + 60s);
  EXPECT_NE(r.error().message.find("HTTP 403 Forbidden"), std::string::npos);
  EXPECT_NE(r.error().message.find("— blocked UA"), std::string::npos) << r.error().message;
  clock_.Advance(60s);
  auto r2 = fetcher.Fetch(Req(server.Url("/f")));
  ASSERT_FALSE(r2.has_value());
  EXPECT_EQ(r2.error().retry_at, clock_.Now() + 120s);
}

TEST_F(FetcherTest, TokenBucketWaitsShortlyOrRefuses) {
  FixtureServer server;
  server.ServeBytes("/p", "p", "text/plain");
  FetcherOptions o = Options();
  o.host_rate_per_second = 1;
  o.host_burst = 2;
  Fetcher fetcher(client_, clock_, o, Sleeper());
  for (int i = 0; i < 3; ++i) {
    auto r = fetcher.Fetch(Req(server.Url("/p")));
    ASSERT_TRUE(r.has_value()) << i << ": " << r.error().message;
  }
  ASSERT_EQ(slept_.size(), 1u);  // the third waited for one token
  EXPECT_EQ(slept_[0], 1s);

  o.max_rate_wait = 500ms;
  Fetcher impatient(client_, clock_, o, Sleeper());
  ASSERT_TRUE(impatient.Fetch(Req(server.Url("/p"))).has_value());
  ASSERT_TRUE(impatient.Fetch(Req(server.Url("/p"))).has_value());
  auto refused = impatient.Fetch(Req(server.Url("/p")));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().kind, FetchErrorKind::kRateLimited);
  EXPECT_EQ(refused.error().message, "GET " + server.Url("/p") +
                                         ": rate limited (1 requests/s to " + HostKey(server) +
                                         "), retry after 2026-01-01T00:00:02Z (in 1 s)");
  EXPECT_EQ(server.Requests().size(), 5u);
}

TEST_F(FetcherTest, SendsTheConfiguredUserAgent) {
  FixtureServer server;
  server.ServeBytes("/ua", "", "text/plain");
  Fetcher by_default(client_, clock_, Options(), Sleeper());
  ASSERT_TRUE(by_default.Fetch(Req(server.Url("/ua"))).has_value());
  FetcherOptions o = Options();
  o.user_agent = "AcmeLeads/2.0 (+https://acme.example; ops@acme.example)";
  Fetcher custom(client_, clock_, o, Sleeper());
  FetchRequest req = Req(server.Url("/ua"));
  req.headers.Set("Accept", "application/json");
  req.headers.Set("User-Agent", "ignored");
  ASSERT_TRUE(custom.Fetch(req).has_value());
  auto log = server.RequestsFor("/ua");
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].Header("User-Agent"), std::string(kDefaultUserAgent));
  EXPECT_EQ(log[1].Header("User-Agent"), o.user_agent);
  EXPECT_EQ(log[1].Header("Accept"), "application/json");
}

TEST_F(FetcherTest, RobotsTxtIsObeyedCachedAndRefreshed) {
  FixtureServer server;
  server.ServeBytes("/robots.txt",
                    "User-agent: *\nDisallow: /private\n\nUser-agent: LeadOS\nDisallow: /jobs/\n",
                    "text/plain");
  server.ServeBytes("/jobs/1", "job", "text/html");
  server.ServeBytes("/private/1", "private", "text/html");
  Fetcher fetcher(client_, clock_, Options(), Sleeper());

  auto denied = fetcher.Fetch(Req(server.Url("/jobs/1"), /*robots=*/true));
  ASSERT_FALSE(denied.has_value());
  EXPECT_EQ(denied.error().kind, FetchErrorKind::kRobots);
  EXPECT_EQ(denied.error().message, "GET " + server.Url("/jobs/1") + ": " + server.BaseUrl() +
                                        "/robots.txt disallows /jobs/1 for LeadOS (Disallow: "
                                        "/jobs/)");
  // Our own group replaces '*': /private is allowed for LeadOS.
  auto allowed = fetcher.Fetch(Req(server.Url("/private/1"), true));
  ASSERT_TRUE(allowed.has_value()) << allowed.error().message;
  // APIs skip robots.
  ASSERT_TRUE(fetcher.Fetch(Req(server.Url("/jobs/1"), false)).has_value());
  EXPECT_EQ(server.RequestsFor("/robots.txt").size(), 1u);  // cached
  EXPECT_EQ(server.RequestsFor("/jobs/1").size(), 1u);      // only the robots=false fetch

  clock_.Advance(24h + 1s);
  server.ServeBytes("/robots.txt", "User-agent: *\nAllow: /\n", "text/plain");
  ASSERT_TRUE(fetcher.Fetch(Req(server.Url("/jobs/1"), true)).has_value());
  EXPECT_EQ(server.RequestsFor("/robots.txt").size(), 2u);
}

TEST_F(FetcherTest, MissingRobotsAllowsAndBrokenRobotsDisallows) {
  FixtureServer missing;
  missing.ServeBytes("/page", "page", "text/html");  // /robots.txt -> 404
  FixtureServer broken;
  broken.ServeBytes("/robots.txt", "oops", "text/plain", 500);
  broken.ServeBytes("/page", "page", "text/html");
  Fetcher fetcher(client_, clock_, Options(), Sleeper());
  EXPECT_TRUE(fetcher.Fetch(Req(missing.Url("/page"), true)).has_value());
  auto r = fetcher.Fetch(Req(broken.Url("/page"), true));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, FetchErrorKind::kRobots);
  EXPECT_EQ(r.error().message, "GET " + broken.Url("/page") + ": " + broken.BaseUrl() +
                                   "/robots.txt could not be read (HTTP 500); not fetching until "
                                   "it can be");
  EXPECT_TRUE(broken.RequestsFor("/page").empty());
  // Retried after the short error TTL.
  clock_.Advance(15min + 1s);
  broken.ServeBytes("/robots.txt", "", "text/plain");
  EXPECT_TRUE(fetcher.Fetch(Req(broken.Url("/page"), true)).has_value());
}

// Issue 5's fault list: each source fails with its own clear error (or, for content faults the
// fetcher cannot see, delivers the exact bytes to the parser), and the sources after it still
// flow. Runs with allow_private=false: the two fixture servers are allowed by exact
// "127.0.0.1:PORT" entries, so the redirect to 10.0.0.1 is refused by the ordinary rules.
TEST_F(FetcherTest, FaultsFailTheirSourceAndOthersKeepFlowing) {
  FixtureServer server;
  FixtureServer strict_host;  // the host that answers 429: its back-off must not touch `server`
  CurlHttpClientOptions policy;
  policy.ssrf.allowed_endpoints = {HostKey(server), HostKey(strict_host)};
  CurlHttpClient client(policy);
  FetcherOptions o = Options();
  o.timeout = 1s;
  o.max_body_bytes = 10 * 1024 * 1024;
  Fetcher fetcher(client, clock_, o, Sleeper());

  const std::string good_json = R"({"jobs":[{"id":1,"title":"Engineer"}]})";
  const std::string bad_xml = "<rss><channel><item><title>unclosed</channel>";
  const std::string bad_json = R"({"jobs":[{"id":1,)";
  const std::string latin1 = "<?xml version=\"1.0\"?><rss><title>Caf\xE9 M\xFCnchen</title></rss>";
  server.ServeBytes("/good", good_json, "application/json");
  strict_host.Route(
      "/limited",
      FixtureResponse{.status = 429, .headers = {{"Retry-After", "30"}}, .body = "slow down"});
  server.ServeBytes("/error", "internal error", "text/plain", 500);
  server.Route("/slow", FixtureResponse{.body = "<rss>", .mode = FixtureResponse::Mode::kStall});
  server.Route("/cut", FixtureResponse{.body = "<rss><item>",
                                       .mode = FixtureResponse::Mode::kTruncated,
                                       .declared_length = 100'000});
  server.ServeBytes("/bad.xml", bad_xml, "application/rss+xml");
  server.ServeBytes("/bad.json", bad_json, "application/json");
  server.ServeBytes("/latin1.xml", latin1, "text/xml; charset=utf-8");  // declared wrong
  server.Route("/huge", FixtureResponse{.mode = FixtureResponse::Mode::kHuge,
                                        .huge_bytes = 50ull * 1024 * 1024});
  server.ServeRedirect("/loop-a", "/loop-b");
  server.ServeRedirect("/loop-b", "/loop-a");
  server.ServeRedirect("/to-private", "http://10.0.0.1/");
  server.ServeRedirect("/to-metadata", "http://169.254.169.254/latest/meta-data/");

  struct Source {
    std::string name;
    std::string url;
    std::optional<FetchErrorKind> want_error;  // nullopt: fetched
    std::string want_in_message;
  };
  const std::vector<Source> sources = {
      {"good-1", server.Url("/good"), std::nullopt, ""},
      {"429", strict_host.Url("/limited"), FetchErrorKind::kRateLimited,
       "HTTP 429 Too Many Requests; backing off"},
      {"good-2", server.Url("/good"), std::nullopt, ""},
      {"500", server.Url("/error"), FetchErrorKind::kHttpStatus,
       "HTTP 500 Internal Server Error — internal error"},
      {"timeout", server.Url("/slow"), FetchErrorKind::kTimeout, "timed out after 1 s"},
      {"truncated", server.Url("/cut"), FetchErrorKind::kTruncated,
       "closed the connection after 11 of the 100000 announced bytes"},
      {"malformed-xml", server.Url("/bad.xml"), std::nullopt, ""},
      {"malformed-json", server.Url("/bad.json"), std::nullopt, ""},
      {"wrong-encoding", server.Url("/latin1.xml"), std::nullopt, ""},
      {"50MB", server.Url("/huge"), FetchErrorKind::kTooLarge,
       "response body exceeds 10485760 bytes"},
      {"redirect-loop", server.Url("/loop-a"), FetchErrorKind::kRedirect, "redirect loop: "},
      {"redirect-private", server.Url("/to-private"), FetchErrorKind::kBlockedPrivate,
       "refusing to connect to 10.0.0.1:80 (private address)"},
      {"redirect-metadata", server.Url("/to-metadata"), FetchErrorKind::kBlockedPrivate,
       "refusing to connect to 169.254.169.254:80 (link-local address)"},
      {"429-again", strict_host.Url("/limited"), FetchErrorKind::kRateLimited,
       "asked us to back off"},
      {"good-3", server.Url("/good"), std::nullopt, ""},
  };
  std::map<std::string, FetchOutcome> status;  // what a scheduler would store per source
  for (const auto& s : sources) status.emplace(s.name, fetcher.Fetch(Req(s.url)));

  for (const auto& s : sources) {
    const FetchOutcome& got = status.at(s.name);
    if (!s.want_error) {
      ASSERT_TRUE(got.has_value()) << s.name << ": " << got.error().message;
      continue;
    }
    ASSERT_FALSE(got.has_value()) << s.name << " should have failed";
    EXPECT_EQ(FetchErrorKindName(got.error().kind), FetchErrorKindName(*s.want_error)) << s.name;
    EXPECT_NE(got.error().message.find(s.want_in_message), std::string::npos)
        << s.name << ": " << got.error().message;
    EXPECT_NE(got.error().message.find(s.url), std::string::npos)
        << s.name << " error should name the URL: " << got.error().message;
  }
  // Content faults reach the parser untouched: exact bytes, the charset as (wrongly) declared.
  EXPECT_EQ(status.at("malformed-xml")->body, bad_xml);
  EXPECT_EQ(status.at("malformed-json")->body, bad_json);
  EXPECT_EQ(status.at("wrong-encoding")->body, latin1);
  EXPECT_EQ(status.at("wrong-encoding")->content_type, "text/xml; charset=utf-8");
  EXPECT_EQ(status.at("good-3")->body, good_json);
  EXPECT_EQ(strict_host.RequestsFor("/limited").size(), 1u);  // the second try never left
  EXPECT_EQ(server.RequestsFor("/good").size(), 3u);
}

TEST_F(FetcherTest, InvalidUrlsAreClassified) {
  Fetcher fetcher(client_, clock_, Options(), Sleeper());
  for (const char* bad : {"", "feed.example.com/rss", "gopher://x/", "https://"}) {
    auto r = fetcher.Fetch(Req(bad));
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error().kind, FetchErrorKind::kInvalidUrl) << bad;
  }
  FetchError e{FetchErrorKind::kRobots, "GET x: disallowed", 0, std::nullopt};
  EXPECT_EQ(e.ToError().message, "robots: GET x: disallowed");
  EXPECT_EQ(e.ToError().code, core::ErrorCode::kPermissionDenied);
}

TEST(FetcherConfigTest, KeysHaveTheDocumentedDefaults) {
  auto config = core::Config::Defaults(FetchConfigKeys());
  FetcherOptions o = FetcherOptionsFromConfig(config);
  EXPECT_EQ(o.user_agent, std::string(kDefaultUserAgent));
  EXPECT_EQ(o.timeout, 20s);
  EXPECT_EQ(o.max_body_bytes, 10u * 1024 * 1024);
  EXPECT_EQ(o.max_redirects, 5);
  EXPECT_EQ(o.host_rate_per_second, 1.0);
  EXPECT_EQ(o.host_burst, 5);
  EXPECT_FALSE(SsrfPolicyFromConfig(config).allow_private);

  auto loaded = core::Config::Load(FetchConfigKeys(), std::nullopt,
                                   {{"LEADOS_FETCH_ALLOW_PRIVATE", "true"},
                                    {"LEADOS_FETCH_USER_AGENT", "Mine/1.0 (+me@example.org)"}});
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  EXPECT_TRUE(SsrfPolicyFromConfig(*loaded).allow_private);
  EXPECT_EQ(FetcherOptionsFromConfig(*loaded).user_agent, "Mine/1.0 (+me@example.org)");
  auto empty_ua =
      core::Config::Load(FetchConfigKeys(), std::nullopt, {{"LEADOS_FETCH_USER_AGENT", ""}});
  EXPECT_FALSE(empty_ua.has_value());
}

// LEADOS_SHARED, else <repo>/../shared (repo from LEADOS_SOURCE_DIR or this file's path).
std::filesystem::path SharedDir() {
  if (const char* env = std::getenv("LEADOS_SHARED"); env && *env) return env;
  std::vector<std::filesystem::path> candidates;
  if (const char* src = std::getenv("LEADOS_SOURCE_DIR"); src && *src) {
    candidates.push_back(std::filesystem::path(src) / ".." / "shared");
  }
  candidates.push_back(std::filesystem::path(__FILE__).parent_path() / ".." / ".." / ".." /
                       "shared");
  for (const auto& c : candidates) {
    if (std::filesystem::is_directory(c)) return c;
  }
  return candidates.front();
}

std::string ReadAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST_F(FetcherTest, ServesRecordedFixturesByteForByte) {
  const auto root = SharedDir() / "fixtures";
  if (!std::filesystem::is_directory(root)) {
    GTEST_SKIP() << "no shared fixtures at " << root << " (set LEADOS_SHARED)";
  }
  FixtureServer server;
  Fetcher fetcher(client_, clock_, Options(), Sleeper());
  size_t files = 0;
  for (const char* folder : {"greenhouse", "lever", "ashby", "hackernews", "reddit"}) {
    ASSERT_TRUE(std::filesystem::is_directory(root / folder)) << folder;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root / folder)) {
      if (!entry.is_regular_file()) continue;
      std::string rel = std::filesystem::relative(entry.path(), root).generic_string();
      std::string target = "/fixtures/" + rel;
      ASSERT_TRUE(server.ServeFile(target, entry.path(), "application/json; charset=utf-8"));
      auto r = fetcher.Fetch(Req(server.Url(target)));
      ASSERT_TRUE(r.has_value()) << rel << ": " << r.error().message;
      const std::string want = ReadAll(entry.path());
      EXPECT_EQ(r->body.size(), want.size()) << rel;
      EXPECT_TRUE(r->body == want) << rel << " differs";
      ++files;
    }
  }
  EXPECT_GE(files, 30u);
}

}  // namespace
}  // namespace leados::ingest
