#include "http/server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "core/json.h"
#include "http/test_server_fixture.h"
#include "http/testing/test_client.h"

namespace leados::http {
namespace {

using testing::ClientResponse;
using testing::Fetch;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using testing::TestConnection;
using Ms = std::chrono::milliseconds;

// The {"error":{…}} object of a response, or a test failure.
core::json::object ErrorOf(const ClientResponse& res) {
  auto parsed = core::ParseJsonObject(res.body);
  EXPECT_TRUE(parsed) << res.body;
  if (!parsed || !parsed->contains("error")) return {};
  return parsed->at("error").as_object();
}

class ServerTest : public ::testing::Test {
 protected:
  void AddTestRoutes() {
    ts_.router.Add("GET", "/v1/items/{id}", {.operation_id = "getItem"}, [](Request& req) {
      return Response::Json(
          200, core::json::object{{"id", req.PathParam("id")}, {"q", req.Query("q").value_or("")}});
    });
    ts_.router.Add("POST", "/v1/items", {.operation_id = "createItem"}, [](Request& req) {
      return Response::Json(201, core::json::object{{"bytes", req.body.size()}});
    });
    ts_.router.Add("GET", "/boom", {.operation_id = "boom"},
                   [](Request&) -> Response { throw std::runtime_error("kaboom"); });
  }
  void Start(ServerOptions options = {}) {
    AddTestRoutes();
    ASSERT_TRUE(ts_.Start(options));
  }
  TestServer ts_;
};

TEST_F(ServerTest, PathParamsQueryAnd404And405) {
  Start();
  auto ok = Fetch(ts_.port(), "GET", "/v1/items/it%2042?q=a+b");
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(ok->body, R"({"id":"it 42","q":"a b"})");
  EXPECT_EQ(ok->Header("Content-Type"), "application/json");

  auto missing = Fetch(ts_.port(), "GET", "/v1/nothing");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(ErrorOf(*missing).at("code").as_string(), "not_found");
  EXPECT_THAT(std::string(ErrorOf(*missing).at("message").as_string()),
              HasSubstr("no route matches GET /v1/nothing"));

  auto wrong = Fetch(ts_.port(), "DELETE", "/v1/items/1");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 405);
  EXPECT_EQ(wrong->Header("Allow"), "GET, HEAD");
  EXPECT_EQ(ErrorOf(*wrong).at("code").as_string(), "method_not_allowed");
}

TEST_F(ServerTest, HeadAnswersHeadersOnly) {
  Start();
  auto conn = TestConnection::Connect(ts_.port());
  ASSERT_TRUE(conn);
  auto res = (*conn)->Request("HEAD", "/healthz");
  ASSERT_TRUE(res) << res.error().message;
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->Header("Content-Length"), "15");
  EXPECT_EQ(res->body, "");
  auto next = (*conn)->Request("GET", "/healthz");  // the connection is still in sync
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body, R"({"status":"ok"})");
}

TEST_F(ServerTest, OversizedContentLengthIs413BeforeReadingTheBody) {
  Start();
  auto conn = TestConnection::Connect(ts_.port());
  ASSERT_TRUE(conn);
  ASSERT_TRUE(
      (*conn)->Send("POST /v1/items HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n" +
                    std::string(1000, 'a')));
  auto res = (*conn)->ReadResponse();
  ASSERT_TRUE(res) << res.error().message;
  EXPECT_EQ(res->status, 413);
  EXPECT_FALSE(res->keep_alive);
  EXPECT_EQ(ErrorOf(*res).at("code").as_string(), "payload_too_large");
  EXPECT_EQ(ErrorOf(*res).at("message").as_string(),
            "request body is 2000000 bytes; the limit is 1048576");
  EXPECT_TRUE((*conn)->WaitClosed(Ms(3000)));
}

TEST_F(ServerTest, ChunkedBodyOverTheLimitIs413) {
  Start({.max_body_bytes = 1000});
  auto conn = TestConnection::Connect(ts_.port());
  ASSERT_TRUE(conn);
  std::string raw = "POST /v1/items HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 3; ++i) raw += "258\r\n" + std::string(600, 'b') + "\r\n";
  raw += "0\r\n\r\n";
  ASSERT_TRUE((*conn)->Send(raw));
  auto res = (*conn)->ReadResponse();
  ASSERT_TRUE(res) << res.error().message;
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(ErrorOf(*res).at("message").as_string(),
            "request body is larger than the limit of 1000 bytes");

  // Under the limit, chunked bodies are accepted.
  auto small = TestConnection::Connect(ts_.port());
  ASSERT_TRUE(small);
  ASSERT_TRUE(
      (*small)->Send("POST /v1/items HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
                     "chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"));
  auto ok = (*small)->ReadResponse();
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 201);
  EXPECT_EQ(ok->body, R"({"bytes":5})");
}

TEST_F(ServerTest, MalformedRequestIs400ThenClose) {
  Start();
  for (std::string garbage :
       {"GARBAGE\r\n\r\n", "GET /x HTTP/1.1\r\nBad Header\r\n\r\n", "GET /x HTTP/9.9\r\n\r\n"}) {
    auto conn = TestConnection::Connect(ts_.port());
    ASSERT_TRUE(conn);
    ASSERT_TRUE((*conn)->Send(garbage));
    auto res = (*conn)->ReadResponse();
    ASSERT_TRUE(res) << garbage << ": " << res.error().message;
    EXPECT_EQ(res->status, 400) << garbage;
    EXPECT_EQ(ErrorOf(*res).at("code").as_string(), "invalid_argument");
    EXPECT_THAT(std::string(ErrorOf(*res).at("message").as_string()),
                StartsWith("malformed HTTP request: "));
    EXPECT_TRUE((*conn)->WaitClosed(Ms(3000))) << garbage;
  }
  // The server is unharmed.
  auto ok = Fetch(ts_.port(), "GET", "/healthz");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST_F(ServerTest, OversizedHeadersAre431) {
  Start({.max_header_bytes = 1024});
  auto res = Fetch(ts_.port(), "GET", "/healthz", "", {{"X-Big", std::string(2000, 'h')}});
  ASSERT_TRUE(res) << res.error().message;
  EXPECT_EQ(res->status, 431);
  EXPECT_THAT(std::string(ErrorOf(*res).at("message").as_string()), HasSubstr("1024 bytes"));
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  Start();
  auto conn = TestConnection::Connect(ts_.port());
  ASSERT_TRUE(conn);
  for (int i = 0; i < 5; ++i) {
    auto res = (*conn)->Request("GET", "/v1/items/" + std::to_string(i));
    ASSERT_TRUE(res) << "request " << i << ": " << res.error().message;
    EXPECT_EQ(res->status, 200);
    EXPECT_TRUE(res->keep_alive);
  }
  EXPECT_EQ(ts_.metrics.Gauge("leados_http_open_connections", "").Value(), 1.0);
  // Pipelined requests are answered in order.
  ASSERT_TRUE(
      (*conn)->Send("GET /v1/items/a HTTP/1.1\r\nHost: x\r\n\r\n"
                    "GET /v1/items/b HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_THAT((*conn)->ReadResponse()->body, HasSubstr(R"("id":"a")"));
  EXPECT_THAT((*conn)->ReadResponse()->body, HasSubstr(R"("id":"b")"));
  // Connection: close is honoured.
  auto last = (*conn)->Request("GET", "/healthz", "", {{"Connection", "close"}});
  ASSERT_TRUE(last);
  EXPECT_FALSE(last->keep_alive);
  EXPECT_TRUE((*conn)->WaitClosed(Ms(3000)));
}

TEST_F(ServerTest, SlowClientIsCutOffAfterReadTimeout) {
  Start({.read_timeout = std::chrono::seconds(1)});
  auto conn = TestConnection::Connect(ts_.port());
  ASSERT_TRUE(conn);
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE((*conn)->Send("GET /healthz HTTP/1.1\r\n"));
  // A slowloris: one header byte every 100 ms, for as long as the server lets us.
  bool closed = false;
  for (int i = 0; i < 50 && !closed; ++i) {
    if (!(*conn)->Send("x")) break;
    closed = (*conn)->WaitClosed(Ms(100));
  }
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(closed);
  EXPECT_GE(elapsed, Ms(900));
  EXPECT_LT(elapsed, Ms(3000));
}

TEST_F(ServerTest, SlowClientGets408WhenItStopsMidRequest) {
  Start({.read_timeout = std::chrono::seconds(1)});
  auto conn = TestConnection::Connect(ts_.port());
  ASSERT_TRUE(conn);
  ASSERT_TRUE((*conn)->Send("POST /v1/items HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc"));
  auto res = (*conn)->ReadResponse();
  ASSERT_TRUE(res) << res.error().message;
  EXPECT_EQ(res->status, 408);
  EXPECT_EQ(ErrorOf(*res).at("message").as_string(),
            "the request did not arrive completely within 1 s");
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosed) {
  Start({.idle_timeout = std::chrono::seconds(1)});
  auto conn = TestConnection::Connect(ts_.port());
  ASSERT_TRUE(conn);
  ASSERT_TRUE((*conn)->Request("GET", "/healthz"));
  EXPECT_TRUE((*conn)->WaitClosed(Ms(3000)));
}

TEST_F(ServerTest, RequestIdIsEchoedOrGenerated) {
  Start();
  auto given = Fetch(ts_.port(), "GET", "/healthz", "", {{"X-Request-Id", "trace-abc.123"}});
  ASSERT_TRUE(given);
  EXPECT_EQ(given->Header("X-Request-Id"), "trace-abc.123");

  auto generated = Fetch(ts_.port(), "GET", "/healthz");
  ASSERT_TRUE(generated);
  EXPECT_THAT(generated->Header("X-Request-Id"), StartsWith("req_"));
  EXPECT_EQ(generated->Header("X-Request-Id").size(), 4u + 26u);

  for (std::string bad : {std::string(200, 'a'), std::string("has space")}) {
    auto replaced = Fetch(ts_.port(), "GET", "/healthz", "", {{"X-Request-Id", bad}});
    ASSERT_TRUE(replaced);
    EXPECT_THAT(replaced->Header("X-Request-Id"), StartsWith("req_")) << bad;
  }
  // Errors made by the server itself carry an id too.
  auto missing = Fetch(ts_.port(), "GET", "/nope", "", {{"X-Request-Id", "r-404"}});
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->Header("X-Request-Id"), "r-404");
}

TEST_F(ServerTest, ExceptionBecomes500WithRequestId) {
  Start();
  auto res = Fetch(ts_.port(), "GET", "/boom", "", {{"X-Request-Id", "boom-1"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 500);
  EXPECT_EQ(ErrorOf(*res).at("code").as_string(), "internal");
  EXPECT_EQ(ErrorOf(*res).at("message").as_string(), "internal error; request id boom-1");
  EXPECT_THAT(res->body, Not(HasSubstr("kaboom")));  // internals stay in the log
  auto after = Fetch(ts_.port(), "GET", "/healthz");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200);
}

TEST_F(ServerTest, MetricsCountRequestsByRoutePattern) {
  Start();
  ASSERT_TRUE(Fetch(ts_.port(), "GET", "/v1/items/1"));
  ASSERT_TRUE(Fetch(ts_.port(), "GET", "/v1/items/2"));
  ASSERT_TRUE(Fetch(ts_.port(), "GET", "/random/path/123"));
  auto res = Fetch(ts_.port(), "GET", "/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->Header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_THAT(res->body, HasSubstr("# TYPE leados_http_requests_total counter\n"));
  EXPECT_THAT(res->body, HasSubstr("leados_http_requests_total{route=\"/v1/items/"
                                   "{id}\",method=\"GET\",status=\"200\"} 2\n"));
  EXPECT_THAT(
      res->body,
      HasSubstr(
          "leados_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1\n"));
  EXPECT_THAT(
      res->body,
      HasSubstr("leados_http_request_duration_seconds_count{route=\"/v1/items/{id}\"} 2\n"));
  EXPECT_THAT(res->body, Not(HasSubstr("/random/path")));
}

TEST_F(ServerTest, OpenApiDocumentParsesAndNamesEveryOperation) {
  Start();
  auto res = Fetch(ts_.port(), "GET", "/openapi.json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  auto doc = core::ParseJsonObject(res->body);
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ(doc->at("openapi").as_string(), "3.1.0");
  int operations = 0;
  for (const auto& [path, item] : doc->at("paths").as_object()) {
    for (const auto& [method, op] : item.as_object()) {
      EXPECT_FALSE(op.at("operationId").as_string().empty()) << path << " " << method;
      ++operations;
    }
  }
  EXPECT_EQ(operations, 7);  // 4 system routes + 3 test routes
  EXPECT_EQ(doc->at("paths").at("/healthz").at("get").at("operationId").as_string(), "getHealth");
}

TEST(ServerReadinessTest, ReadyzReflectsTheCallback) {
  std::atomic<bool> ready{false};
  TestServer ts([&ready]() -> core::Status {
    if (!ready) return core::Unavailable("database: connection refused");
    return core::Ok();
  });
  ASSERT_TRUE(ts.Start());
  auto no = Fetch(ts.port(), "GET", "/readyz");
  ASSERT_TRUE(no);
  EXPECT_EQ(no->status, 503);
  EXPECT_EQ(
      no->body,
      R"({"error":{"code":"unavailable","message":"not ready: database: connection refused"}})");
  ready = true;
  auto yes = Fetch(ts.port(), "GET", "/readyz");
  ASSERT_TRUE(yes);
  EXPECT_EQ(yes->status, 200);
  EXPECT_EQ(yes->body, R"({"status":"ready"})");
  auto health = Fetch(ts.port(), "GET", "/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->body, R"({"status":"ok"})");
}

TEST_F(ServerTest, AccessLogHasRouteStatusAndNoSecrets) {
  Start();
  ::testing::internal::CaptureStderr();
  auto res = Fetch(ts_.port(), "GET", "/v1/items/7?email=jane%40example.com&q=private", "",
                   {{"Authorization", "Bearer lk_live_abcdef"}, {"X-Request-Id", "log-1"}});
  ts_.server->Stop();  // all log lines are written once the server has stopped
  const std::string log = ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(res);
  EXPECT_THAT(log, HasSubstr(R"("event":"http.request")"));
  EXPECT_THAT(log, HasSubstr(R"("request_id":"log-1")"));
  EXPECT_THAT(log, HasSubstr(R"("route":"/v1/items/{id}")"));
  EXPECT_THAT(log, HasSubstr(R"("status":200)"));
  EXPECT_THAT(log, HasSubstr(R"("remote_ip":"127.0.0.1")"));
  EXPECT_THAT(log, HasSubstr(R"("duration_ms":)"));
  EXPECT_THAT(log, Not(HasSubstr("jane")));
  EXPECT_THAT(log, Not(HasSubstr("private")));
  EXPECT_THAT(log, Not(HasSubstr("lk_live")));
}

TEST(ServerStopTest, StopFinishesInFlightRequestsAndClosesIdleConnections) {
  TestServer ts;
  std::mutex mu;
  std::condition_variable cv;
  bool entered = false, release = false;
  ts.router.Add("GET", "/wait", {.operation_id = "wait"}, [&](Request&) {
    std::unique_lock lock(mu);
    entered = true;
    cv.notify_all();
    cv.wait(lock, [&] { return release; });
    return Response::Text(200, "done");
  });
  ASSERT_TRUE(ts.Start({.shutdown_grace = std::chrono::seconds(10)}));
  const uint16_t port = ts.port();

  auto idle = TestConnection::Connect(port);
  ASSERT_TRUE(idle);
  ASSERT_TRUE((*idle)->Request("GET", "/healthz"));

  auto in_flight = std::async(std::launch::async, [port] { return Fetch(port, "GET", "/wait"); });
  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(5), [&] { return entered; }));
  }
  auto stopped = std::async(std::launch::async, [&ts] { ts.server->Stop(); });
  EXPECT_TRUE((*idle)->WaitClosed(Ms(3000)));  // idle keep-alive closed right away
  EXPECT_EQ(stopped.wait_for(Ms(200)), std::future_status::timeout);  // still draining
  {
    std::lock_guard lock(mu);
    release = true;
  }
  cv.notify_all();
  auto res = in_flight.get();
  ASSERT_TRUE(res) << res.error().message;
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "done");
  EXPECT_FALSE(res->keep_alive);
  ASSERT_EQ(stopped.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_FALSE(TestConnection::Connect(port));  // no longer accepting
}

TEST(ServerStartTest, BadListenAddressAndBusyPortAreErrors) {
  core::ManualClock clock;
  core::Metrics metrics;
  Router router;
  Server bad({.listen = "nohost"}, router, metrics, clock);
  auto st = bad.Start();
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, core::ErrorCode::kInvalidArgument);

  Server first({.listen = "127.0.0.1:0"}, router, metrics, clock);
  ASSERT_TRUE(first.Start());
  Server second({.listen = "127.0.0.1:" + std::to_string(first.port())}, router, metrics, clock);
  auto busy = second.Start();
  ASSERT_FALSE(busy);
  EXPECT_EQ(busy.error().code, core::ErrorCode::kUnavailable);
  EXPECT_THAT(busy.error().message, HasSubstr("cannot listen on 127.0.0.1:"));
}

}  // namespace
}  // namespace leados::http
