// CurlHttpClient against the local fixture server (tests/support), and FakeHttpClient.
#include "ingest/http_client.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "fixture_server.h"

namespace leados::ingest {
namespace {

using test_support::FixtureResponse;
using test_support::FixtureServer;
using namespace std::chrono_literals;

CurlHttpClientOptions AllowPrivate() {
  CurlHttpClientOptions o;
  o.ssrf.allow_private = true;  // the fixture server is on 127.0.0.1
  return o;
}

HttpRequest Get(std::string url) {
  HttpRequest r;
  r.url = std::move(url);
  r.timeout = 2s;
  return r;
}

TEST(HttpHeadersTest, LookupIsCaseInsensitive) {
  HttpHeaders h{{"Content-Type", "text/html"}};
  h.Add("set-cookie", "a=1");
  h.Add("Set-Cookie", "b=2");
  EXPECT_EQ(h.Get("content-type"), "text/html");
  EXPECT_EQ(h.Get("SET-COOKIE"), "a=1");
  h.Set("SET-cookie", "c=3");
  EXPECT_EQ(h.fields().size(), 2u);
  EXPECT_EQ(h.Get("set-cookie"), "c=3");
  h.Remove("CONTENT-TYPE");
  EXPECT_FALSE(h.Has("Content-Type"));
}

TEST(HttpErrorTest, KindTagRoundTrips) {
  core::Error e = MakeHttpError(HttpErrorKind::kTimeout, "GET x timed out after 2 s");
  EXPECT_EQ(e.code, core::ErrorCode::kDeadlineExceeded);
  EXPECT_EQ(e.message, "timeout: GET x timed out after 2 s");
  EXPECT_EQ(HttpErrorKindOf(e), HttpErrorKind::kTimeout);
  EXPECT_EQ(HttpErrorDetail(e), "GET x timed out after 2 s");
  EXPECT_EQ(MakeHttpError(HttpErrorKind::kBlockedPrivate, "x").code,
            core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(HttpErrorKindOf(core::Error{core::ErrorCode::kInternal, "other: thing"}),
            HttpErrorKind::kNetwork);
}

TEST(CurlHttpClientTest, ReturnsBytesStatusHeadersAndSendsRequestHeaders) {
  FixtureServer server;
  std::string bytes("a\0b\xff\r\n<rss>", 10);
  server.ServeBytes("/feed?x=1", bytes, "application/rss+xml; charset=utf-8");
  CurlHttpClient client(AllowPrivate());
  HttpRequest req = Get(server.Url("/feed?x=1"));
  req.headers.Set("User-Agent", "TestAgent/1.0");
  auto r = client.Send(req);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, bytes);
  EXPECT_EQ(r->headers.Get("content-type"), "application/rss+xml; charset=utf-8");
  EXPECT_EQ(r->effective_url, server.Url("/feed?x=1"));
  auto log = server.RequestsFor("/feed?x=1");
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].method, "GET");
  EXPECT_EQ(log[0].Header("User-Agent"), "TestAgent/1.0");
  EXPECT_NE(log[0].Header("Accept-Encoding").find("gzip"), std::string::npos);
  EXPECT_NE(log[0].Header("Accept-Encoding").find("br"), std::string::npos);
}

TEST(CurlHttpClientTest, ErrorStatusesAreResponsesNotErrors) {
  FixtureServer server;
  server.ServeBytes("/boom", "oops", "text/plain", 500);
  CurlHttpClient client(AllowPrivate());
  auto r = client.Send(Get(server.Url("/boom")));
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(r->body, "oops");
}

TEST(CurlHttpClientTest, PostsBody) {
  FixtureServer server;
  server.ServeBytes("/hook", "", "text/plain", 204);
  CurlHttpClient client(AllowPrivate());
  HttpRequest req = Get(server.Url("/hook"));
  req.method = "POST";
  req.body = R"({"id":1})";
  req.headers.Set("Content-Type", "application/json");
  auto r = client.Send(req);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->status, 204);
  auto log = server.RequestsFor("/hook");
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].method, "POST");
  EXPECT_EQ(log[0].body, R"({"id":1})");
}

TEST(CurlHttpClientTest, DecodesGzip) {
  FixtureServer server;
  FixtureResponse gz;
  gz.mode = FixtureResponse::Mode::kGzip;
  gz.headers = {{"Content-Type", "application/json"}};
  gz.body = std::string(100'000, 'z') + R"({"ok":true})";
  server.Route("/gz", gz);
  CurlHttpClient client(AllowPrivate());
  auto r = client.Send(Get(server.Url("/gz")));
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->headers.Get("Content-Encoding"), "gzip");
  EXPECT_EQ(r->body, gz.body);
}

TEST(CurlHttpClientTest, GzipBombIsCutAtMaxBodyAfterDecoding) {
  FixtureServer server;
  FixtureResponse gz;
  gz.mode = FixtureResponse::Mode::kGzip;
  gz.body = std::string(4 * 1024 * 1024, '0');  // compresses to a few KiB
  server.Route("/bomb", gz);
  CurlHttpClient client(AllowPrivate());
  HttpRequest req = Get(server.Url("/bomb"));
  req.max_body_bytes = 1024 * 1024;
  auto r = client.Send(req);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(HttpErrorKindOf(r.error()), HttpErrorKind::kTooLarge);
  EXPECT_EQ(r.error().message,
            "too_large: GET " + server.Url("/bomb") + ": response body exceeds 1048576 bytes");
}

TEST(CurlHttpClientTest, TimesOut) {
  FixtureServer server;
  FixtureResponse slow;
  slow.mode = FixtureResponse::Mode::kStall;
  slow.body = "<rss>";
  server.Route("/slow", slow);
  CurlHttpClient client(AllowPrivate());
  HttpRequest req = Get(server.Url("/slow"));
  req.timeout = 1s;
  auto start = std::chrono::steady_clock::now();
  auto r = client.Send(req);
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, core::ErrorCode::kDeadlineExceeded);
  EXPECT_EQ(r.error().message, "timeout: GET " + server.Url("/slow") + " timed out after 1 s");
  EXPECT_LT(took, 5s);
}

TEST(CurlHttpClientTest, TimesOutWaitingForHeaders) {
  FixtureServer server;
  FixtureResponse late;
  late.delay = 10s;
  server.Route("/late", late);
  CurlHttpClient client(AllowPrivate());
  HttpRequest req = Get(server.Url("/late"));
  req.timeout = 1500ms;
  auto r = client.Send(req);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "timeout: GET " + server.Url("/late") + " timed out after 1.5 s");
}

TEST(CurlHttpClientTest, TruncatedBodyIsAnError) {
  FixtureServer server;
  FixtureResponse cut;
  cut.mode = FixtureResponse::Mode::kTruncated;
  cut.body = R"({"jobs":[{"id":1,"title":"Eng)";
  cut.declared_length = 5000;
  server.Route("/cut", cut);
  CurlHttpClient client(AllowPrivate());
  auto r = client.Send(Get(server.Url("/cut")));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(HttpErrorKindOf(r.error()), HttpErrorKind::kTruncated);
  EXPECT_EQ(r.error().message,
            "truncated: GET " + server.Url("/cut") +
                ": the server closed the connection after 29 of the 5000 announced bytes");
}

TEST(CurlHttpClientTest, HugeDeclaredBodyIsRefusedBeforeDownload) {
  FixtureServer server;
  FixtureResponse huge;
  huge.mode = FixtureResponse::Mode::kHuge;
  huge.huge_bytes = 50ull * 1024 * 1024;
  server.Route("/huge", huge);
  CurlHttpClient client(AllowPrivate());
  auto r = client.Send(Get(server.Url("/huge")));  // default max 10 MiB
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, core::ErrorCode::kPayloadTooLarge);
  EXPECT_EQ(r.error().message,
            "too_large: GET " + server.Url("/huge") + ": response body exceeds 10485760 bytes");
}

TEST(CurlHttpClientTest, HugeChunkedBodyIsCutWhileStreaming) {
  FixtureServer server;
  FixtureResponse huge;
  huge.mode = FixtureResponse::Mode::kHuge;
  huge.huge_bytes = 50ull * 1024 * 1024;
  huge.chunked = true;  // no Content-Length: only the running count can stop it
  server.Route("/stream", huge);
  CurlHttpClient client(AllowPrivate());
  HttpRequest req = Get(server.Url("/stream"));
  req.max_body_bytes = 2 * 1024 * 1024;
  auto r = client.Send(req);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(HttpErrorKindOf(r.error()), HttpErrorKind::kTooLarge);
}

TEST(CurlHttpClientTest, FollowsRedirectsUpToTheLimit) {
  FixtureServer server;
  server.ServeRedirect("/a", "/b", 301);
  server.ServeRedirect("/b", server.Url("/c"), 307);
  server.ServeBytes("/c", "done", "text/plain");
  CurlHttpClient client(AllowPrivate());
  HttpRequest req = Get(server.Url("/a"));
  req.max_redirects = 5;
  auto r = client.Send(req);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->body, "done");
  EXPECT_EQ(r->redirects, 2);
  EXPECT_EQ(r->effective_url, server.Url("/c"));

  req.max_redirects = 1;
  auto limited = client.Send(req);
  ASSERT_FALSE(limited.has_value());
  EXPECT_EQ(limited.error().message,
            "redirect: GET " + server.Url("/a") +
                ": more than 1 redirects (last Location: " + server.Url("/c") + ")");

  req.max_redirects = 0;  // not following: the 3xx is the answer
  auto raw = client.Send(req);
  ASSERT_TRUE(raw.has_value());
  EXPECT_EQ(raw->status, 301);
  EXPECT_EQ(raw->headers.Get("Location"), "/b");
}

TEST(CurlHttpClientTest, DetectsRedirectLoop) {
  FixtureServer server;
  server.ServeRedirect("/loop1", "/loop2");
  server.ServeRedirect("/loop2", "/loop1");
  CurlHttpClient client(AllowPrivate());
  HttpRequest req = Get(server.Url("/loop1"));
  req.max_redirects = 5;
  auto r = client.Send(req);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "redirect: redirect loop: " + server.Url("/loop1") + " -> " +
                                   server.Url("/loop2") + " -> " + server.Url("/loop1"));
  EXPECT_EQ(server.Requests().size(), 2u);
}

TEST(CurlHttpClientTest, RefusesRedirectToNonHttpScheme) {
  FixtureServer server;
  server.ServeRedirect("/file", "file:///etc/passwd");
  CurlHttpClient client(AllowPrivate());
  HttpRequest req = Get(server.Url("/file"));
  req.max_redirects = 5;
  auto r = client.Send(req);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(HttpErrorKindOf(r.error()), HttpErrorKind::kRedirect);
  EXPECT_NE(r.error().message.find("only http and https"), std::string::npos) << r.error().message;
}

TEST(CurlHttpClientTest, RefusesLoopbackWhenPrivateIsNotAllowed) {
  FixtureServer server;
  server.ServeBytes("/x", "secret", "text/plain");
  CurlHttpClient client;  // default policy: public addresses only
  for (const std::string& url :
       {server.Url("/x"), "http://localhost:" + std::to_string(server.port()) + "/x",
        "http://[::1]:" + std::to_string(server.port()) + "/x"}) {
    auto r = client.Send(Get(url));
    ASSERT_FALSE(r.has_value()) << url;
    EXPECT_EQ(HttpErrorKindOf(r.error()), HttpErrorKind::kBlockedPrivate) << url;
    EXPECT_NE(r.error().message.find("(loopback address)"), std::string::npos) << r.error().message;
  }
  EXPECT_TRUE(server.Requests().empty());
}

// A redirect from a public host to a private one cannot be staged locally (every local server
// is on loopback), so the first hop is allowed by an exact "127.0.0.1:PORT" allow-list entry
// with allow_private=false; every further hop is vetted by the ordinary rules. The refused
// targets are refused BEFORE any connection: nothing is ever sent to 10.0.0.1 or 169.254.x.
TEST(CurlHttpClientTest, RefusesRedirectHopToPrivateAddressBeforeConnecting) {
  FixtureServer server;
  FixtureServer other;  // loopback too, but not allow-listed
  other.ServeBytes("/admin", "internal", "text/plain");
  server.ServeRedirect("/to-private", "http://10.0.0.1/admin");
  server.ServeRedirect("/to-metadata", "http://169.254.169.254/latest/meta-data/");
  server.ServeRedirect("/to-v6-mapped", "http://[::ffff:10.0.0.1]/");
  server.ServeRedirect("/to-other-port", other.Url("/admin"));
  server.ServeRedirect("/to-self", "/ok");
  server.ServeBytes("/ok", "fine", "text/plain");

  CurlHttpClientOptions o;
  o.ssrf.allowed_endpoints = {"127.0.0.1:" + std::to_string(server.port())};
  CurlHttpClient client(o);
  struct Case {
    const char* path;
    const char* address;
  } cases[] = {{"/to-private", "10.0.0.1:80 (private address)"},
               {"/to-metadata", "169.254.169.254:80 (link-local address)"},
               {"/to-v6-mapped", "[::ffff:10.0.0.1]:80 (private address)"},
               {"/to-other-port", "(loopback address)"}};
  for (const auto& c : cases) {
    HttpRequest req = Get(server.Url(c.path));
    req.max_redirects = 5;
    auto r = client.Send(req);
    ASSERT_FALSE(r.has_value()) << c.path;
    EXPECT_EQ(HttpErrorKindOf(r.error()), HttpErrorKind::kBlockedPrivate) << c.path;
    EXPECT_EQ(r.error().message.rfind(
                  "blocked_private: GET " + server.Url(c.path) + " (redirect hop 1 to ", 0),
              0u)
        << r.error().message;
    EXPECT_NE(r.error().message.find(c.address), std::string::npos) << r.error().message;
  }
  EXPECT_TRUE(other.Requests().empty());
  // The allow-listed hop itself works.
  HttpRequest ok = Get(server.Url("/to-self"));
  ok.max_redirects = 5;
  auto r = client.Send(ok);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->body, "fine");
}

TEST(CurlHttpClientTest, ConnectionRefusedAndBadUrls) {
  uint16_t closed_port = 0;
  {
    FixtureServer gone;
    closed_port = gone.port();
  }
  CurlHttpClient client(AllowPrivate());
  auto r = client.Send(Get("http://127.0.0.1:" + std::to_string(closed_port) + "/"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(HttpErrorKindOf(r.error()), HttpErrorKind::kRefused) << r.error().message;
  auto v6 = client.Send(Get("http://[::1]:" + std::to_string(closed_port) + "/"));
  ASSERT_FALSE(v6.has_value());
  EXPECT_EQ(HttpErrorKindOf(v6.error()), HttpErrorKind::kRefused) << v6.error().message;

  for (const char* bad : {"ftp://example.com/x", "not a url", "/relative", "http:///nohost"}) {
    auto b = client.Send(Get(bad));
    ASSERT_FALSE(b.has_value()) << bad;
    EXPECT_EQ(HttpErrorKindOf(b.error()), HttpErrorKind::kInvalidUrl) << bad;
    EXPECT_EQ(b.error().code, core::ErrorCode::kInvalidArgument) << bad;
  }
}

TEST(CurlHttpClientTest, UnresolvableHostIsDns) {
  CurlHttpClient client;
  auto r = client.Send(Get("http://no-such-host.invalid/"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(HttpErrorKindOf(r.error()), HttpErrorKind::kDns) << r.error().message;
}

TEST(CurlHttpClientTest, KeepsConnectionsAliveAcrossRequestsAndThreads) {
  FixtureServer server;
  server.ServeBytes("/k", "k", "text/plain");
  CurlHttpClient client(AllowPrivate());
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        auto r = client.Send(Get(server.Url("/k")));
        if (r && r->body == "k") ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 40);
}

TEST(FakeHttpClientTest, AnswersInOrderAndRecords) {
  FakeHttpClient fake;
  fake.EnqueueResponse("https://a/x", 429, "", HttpHeaders{{"Retry-After", "5"}});
  fake.EnqueueResponse("https://a/x", 200, "ok");
  fake.Enqueue("", core::Fail(MakeHttpError(HttpErrorKind::kTimeout, "scripted")));
  HttpRequest req;
  req.url = "https://a/x";
  EXPECT_EQ(fake.Send(req)->status, 429);
  EXPECT_EQ(fake.Send(req)->body, "ok");
  EXPECT_EQ(fake.Send(req)->body, "ok");  // the last answer repeats
  req.url = "https://b/";
  auto e = fake.Send(req);
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(HttpErrorKindOf(e.error()), HttpErrorKind::kTimeout);
  EXPECT_EQ(fake.requests().size(), 4u);
  FakeHttpClient empty;
  EXPECT_FALSE(empty.Send(req).has_value());
}

}  // namespace
}  // namespace leados::ingest
