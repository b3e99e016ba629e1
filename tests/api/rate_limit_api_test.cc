// The API rate limits (issue 9) through the real router on SQLite and PostgreSQL: per client
// address and per API key, 429 with Retry-After and the RateLimit fields of
// draft-ietf-httpapi-ratelimit-headers, refill with the clock, exempt requests, fail-open; and
// the sign-up rules: disposable domains refused (400 disposable_email), two sign-ups per address
// per day (429).
#include <gtest/gtest.h>

#include "accounts_api_fixture.h"
#include "store/memory_key_value.h"

namespace leados::api::testing {
namespace {

using namespace std::chrono_literals;
namespace json = core::json;

constexpr const char* kLogin = R"({"email":"nobody@example.com","password":"wrong password 1"})";

class RateLimitApiTest : public AccountsApiFixture {
 protected:
  std::optional<RateLimitOptions> RateLimits() override {
    return RateLimitOptions{.enabled = true, .api_key = {1, 2}, .ip = {1, 3}};
  }
  void AddMoreRoutes(http::Router& router) override {
    // A key-only operation, as the lead and campaign routes are.
    api_->Add(router, "GET", "/v1/ping",
              {.operation_id = "ping", .summary = "test", .auth = http::Auth::kApiKey},
              std::nullopt, [](http::Request&, const Caller& caller) {
                return http::Response::Json(200, json::object{{"key", caller.principal_id}});
              });
  }

  // A signed-up client's API key; every bucket refills after each step of the set-up.
  std::string NewKey(const std::string& email) {
    Browser b = SignUpAndSignIn(email, "1 Main St");
    clock_.Advance(1h);
    Reply created =
        As(b, "POST", "/v1/api-keys",
           core::ToJson(json::object{{"name", "sync"}, {"scopes", json::array{"leads:read"}}}));
    EXPECT_EQ(created.status, 201) << created.body;
    clock_.Advance(1h);
    return created.json.is_object() ? core::StringOr(created.json.as_object(), "secret") : "";
  }
};

TEST_P(RateLimitApiTest, AnAddressGetsItsBurstThen429WithRetryAfterAndRateLimitFields) {
  for (int left = 2; left >= 0; --left) {
    Reply r = Call("POST", "/v1/login", kLogin);
    EXPECT_EQ(r.status, 401) << r.body;
    EXPECT_EQ(r.Header("RateLimit-Policy"), "\"ip\";q=3;w=3");
    EXPECT_EQ(r.Header("RateLimit"),
              "\"ip\";r=" + std::to_string(left) + ";t=" + std::to_string(3 - left));
  }
  Reply refused = Call("POST", "/v1/login", kLogin);
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(refused.ErrorCode(), "rate_limited");
  EXPECT_EQ(core::StringOr(refused.json.as_object().at("error").as_object(), "message"),
            "too many requests from this address: the limit is 1 per second with bursts of 3; "
            "slow down and retry after 1 s");
  EXPECT_EQ(refused.Header("Retry-After"), "1");
  EXPECT_EQ(refused.Header("RateLimit-Policy"), "\"ip\";q=3;w=3");
  EXPECT_EQ(refused.Header("RateLimit"), "\"ip\";r=0;t=3");
  // Sign-up and the public privacy form count on the same bucket.
  EXPECT_EQ(Call("POST", "/v1/signup", "{}").status, 429);

  // Another address has its own bucket; one behind our trusted proxy counts by its own address.
  EXPECT_EQ(Call("POST", "/v1/login", kLogin, {}, "192.0.2.1").status, 401);
  EXPECT_EQ(Call("POST", "/v1/login", kLogin, {{"X-Forwarded-For", "192.0.2.2"}}, kProxyIp).status,
            401);
  EXPECT_EQ(Call("POST", "/v1/login", kLogin, {{"X-Forwarded-For", kClientIp}}, kProxyIp).status,
            429);

  clock_.Advance(1s);
  EXPECT_EQ(Call("POST", "/v1/login", kLogin).status, 401);
  EXPECT_EQ(Call("POST", "/v1/login", kLogin).status, 429);
}

TEST_P(RateLimitApiTest, IPv6AddressesOfOneSlash64ShareABucket) {
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(
        Call("POST", "/v1/login", kLogin, {}, "2001:db8:1:2::" + std::to_string(i + 1)).status,
        401);
  }
  EXPECT_EQ(Call("POST", "/v1/login", kLogin, {}, "2001:db8:1:2:ffff::9").status, 429);
  EXPECT_EQ(Call("POST", "/v1/login", kLogin, {}, "2001:db8:1:3::1").status, 401);
  EXPECT_EQ(RateLimitGate::IpBucketKey("2001:db8:1:2::1"),
            RateLimitGate::IpBucketKey("2001:0db8:0001:0002:aaaa::"));
  EXPECT_EQ(RateLimitGate::IpBucketKey("198.51.100.7").find("198.51"), std::string::npos);
}

TEST_P(RateLimitApiTest, ApiKeysAreCountedPerKeyAndNotAgainstTheAddress) {
  const std::string key = NewKey("ana@example.com");
  const std::string other = NewKey("bo@example.com");
  ASSERT_FALSE(key.empty());
  for (int left = 1; left >= 0; --left) {
    Reply r = WithKey(key, "GET", "/v1/ping");
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Header("RateLimit-Policy"), "\"api_key\";q=2;w=2");
    EXPECT_EQ(r.Header("RateLimit").substr(0, 15), "\"api_key\";r=" + std::to_string(left) + ";t");
  }
  Reply refused = WithKey(key, "GET", "/v1/ping");
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(refused.ErrorCode(), "rate_limited");
  EXPECT_NE(refused.body.find("too many requests with this API key"), std::string::npos);
  EXPECT_EQ(refused.Header("Retry-After"), "1");
  EXPECT_EQ(refused.Header("RateLimit"), "\"api_key\";r=0;t=2");
  // The other key, and the same address without a key, still have their buckets.
  EXPECT_EQ(WithKey(other, "GET", "/v1/ping").status, 200);
  EXPECT_EQ(Call("POST", "/v1/login", kLogin).status, 401);
  clock_.Advance(1s);
  EXPECT_EQ(WithKey(key, "GET", "/v1/ping").status, 200);
}

TEST_P(RateLimitApiTest, KeysThatDoNotAuthenticateCountAgainstTheAddress) {
  for (int i = 0; i < 3; ++i) {
    Reply r = WithKey("lk_live_guess" + std::to_string(i), "GET", "/v1/ping");
    EXPECT_EQ(r.status, 401) << r.body;
    EXPECT_EQ(r.Header("RateLimit-Policy"), "\"ip\";q=3;w=3");
  }
  EXPECT_EQ(WithKey("lk_live_guess9", "GET", "/v1/ping").status, 429);
}

TEST_P(RateLimitApiTest, PortalFilesAndUnknownReadsAreNotCounted) {
  for (int i = 0; i < 10; ++i) {
    Reply r = Call("GET", "/some/portal/page");
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.Header("RateLimit"), "");
  }
  EXPECT_EQ(Call("POST", "/v1/login", kLogin).Header("RateLimit"), "\"ip\";r=2;t=1");
}

INSTANTIATE_TEST_SUITE_P(Backends, RateLimitApiTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         DialectParamName);

// Sign-up abuse prevention (issue 9): disposable domains and the per-address daily limit.
class SignupLimitApiTest : public AccountsApiFixture {
 protected:
  void AdjustAccountOptions(accounts::AccountServiceOptions& options) override {
    options.signup_per_ip_per_day = 2;
  }
  Reply SignUp(const std::string& email, const std::string& ip = kClientIp) {
    return Call("POST", "/v1/signup", SignupBody(email, "1 Main St"), {}, ip);
  }
};

TEST_P(SignupLimitApiTest, DisposableAddressesAreRefusedAtTheEmailField) {
  for (const char* email : {"x@mailinator.com", "Someone@EU.Yopmail.com"}) {
    Reply r = SignUp(email);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.ErrorCode(), "disposable_email");
    const std::string message =
        core::StringOr(r.json.as_object().at("error").as_object(), "message");
    EXPECT_TRUE(message.starts_with("email uses ")) << message;  // the portal's field
    EXPECT_NE(message.find("use a work or personal address at a real provider"), std::string::npos);
  }
  EXPECT_EQ(db_->Query("SELECT id FROM users").value().size(), 0u);
  EXPECT_EQ(SignUp("ana@example.com").status, 202);  // refusals did not use up the day
  EXPECT_EQ(SignUp("bo@example.com").status, 202);
}

TEST_P(SignupLimitApiTest, AnAddressMayCreateTwoAccountsADayThen429WithRetryAfter) {
  Reply invalid = Call("POST", "/v1/signup", SignupBody("ana@example.com", "1 Main St", "short"));
  EXPECT_EQ(invalid.status, 400);  // not counted: the fields were not valid
  EXPECT_EQ(SignUp("ana@example.com").status, 202);
  clock_.Advance(1h);
  EXPECT_EQ(SignUp("bo@example.com").status, 202);
  Reply refused = SignUp("cy@example.com");
  EXPECT_EQ(refused.status, 429) << refused.body;
  EXPECT_EQ(refused.ErrorCode(), "rate_limited");
  EXPECT_EQ(refused.Header("Retry-After"), std::to_string(23 * 3600));
  EXPECT_NE(refused.body.find("too many sign-ups from this address today"), std::string::npos);
  EXPECT_EQ(db_->Query("SELECT id FROM users WHERE email = 'cy@example.com'").value().size(), 0u);
  // Another address, and the same one a day later, may sign up again.
  EXPECT_EQ(SignUp("cy@example.com", "192.0.2.9").status, 202);
  clock_.Advance(23h);
  EXPECT_EQ(SignUp("dee@example.com").status, 202);
}

INSTANTIATE_TEST_SUITE_P(Backends, SignupLimitApiTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         DialectParamName);

// A KeyValue store that is down: every call fails with kUnavailable.
class DownKeyValue final : public store::KeyValue {
 public:
  core::Result<std::optional<std::string>> Get(std::string_view) override { return Down(); }
  core::Status Put(std::string_view, std::string_view, std::optional<core::Duration>) override {
    return Down();
  }
  core::Result<bool> PutIfAbsent(std::string_view, std::string_view,
                                 std::optional<core::Duration>) override {
    return Down();
  }
  core::Result<bool> Delete(std::string_view) override { return Down(); }
  core::Result<std::vector<std::pair<std::string, std::string>>> ScanPrefix(std::string_view,
                                                                            size_t) override {
    return Down();
  }
  core::Result<int64_t> Increment(std::string_view, int64_t,
                                  std::optional<core::Duration>) override {
    return Down();
  }
  core::Result<store::TokenBucketResult> TakeTokens(std::string_view, int64_t, double, int64_t,
                                                    core::TimePoint) override {
    return Down();
  }
  core::Result<std::optional<core::Duration>> Ttl(std::string_view) override { return Down(); }
  core::Status Ping() override { return Down(); }

 private:
  static std::unexpected<core::Error> Down() {
    return core::Unavailable("redis: connection refused");
  }
};

TEST(RateLimitGateTest, AKeyValueOutageLetsRequestsThrough) {
  DownKeyValue kv;
  core::ManualClock clock;
  RateLimitGate gate(kv, clock, RateLimitOptions{.enabled = true, .api_key = {1, 1}, .ip = {1, 1}});
  EXPECT_FALSE(gate.TakeIp("198.51.100.7").has_value());
  EXPECT_FALSE(gate.TakeApiKey("key_1").has_value());
  http::Router router;
  router.Use(gate.IpMiddleware());
  router.Add("POST", "/v1/x", {.operation_id = "x"},
             [](http::Request&) { return http::Response::Json(200, json::object{}); });
  router.Freeze();
  for (int i = 0; i < 3; ++i) {
    http::Request req;
    req.method = "POST";
    req.path = req.target = "/v1/x";
    req.remote_ip = "198.51.100.7";
    http::Response r = router.Dispatch(req);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.Header("RateLimit"), "");
  }
}

TEST(RateLimitGateTest, DisabledTakesNothing) {
  core::ManualClock clock;
  store::MemoryKeyValue kv(clock);
  RateLimitGate gate(kv, clock, RateLimitOptions{.enabled = false});
  EXPECT_FALSE(gate.TakeIp("198.51.100.7").has_value());
  EXPECT_TRUE(kv.ScanPrefix("ratelimit:", 10).value().empty());
}

}  // namespace
}  // namespace leados::api::testing
