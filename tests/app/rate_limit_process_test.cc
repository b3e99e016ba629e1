// Issue 9, "what must be shown" for rate limits: two `leados serve` on one PostgreSQL + Redis
// installation share an API key's token bucket. Requests with one key, alternating between the
// instances, are admitted as many times as the bucket holds (not twice that); refusals are 429
// with Retry-After and the RateLimit-Policy / RateLimit fields, from either instance; after
// Retry-After the key is admitted again.
#include <gtest/gtest.h>

#include <regex>
#include <thread>

#include "installation.h"

namespace leados::testing {
namespace {

using namespace std::chrono_literals;

constexpr int kBurst = 10;  // ratelimit.api_key_burst below; refill 0.5/s

// The value of header `name` in a curl header block ("" when absent).
std::string HeaderValue(const std::string& headers, const std::string& name) {
  std::smatch m;
  if (!std::regex_search(headers, m,
                         std::regex("(^|\n)" + name + ": ([^\r\n]*)", std::regex::icase))) {
    return "";
  }
  return m[2];
}

TEST(RateLimitProcess, TwoInstancesSharingRedisAdmitOneBucketOfRequestsPerKey) {
  std::string skip;
  auto inst = Installation::Create(BackendKind::kPostgresRedis,
                                   "server.access_log = false\n"
                                   "deliver.allow_http_loopback = true\n"
                                   "ratelimit.api_key_per_second = 0.5\n"
                                   "ratelimit.api_key_burst = 10\n",
                                   skip);
  if (!inst) GTEST_SKIP() << skip;
  BackgroundProcess a(inst->Command({"serve", "--listen", "127.0.0.1:0"}));
  BackgroundProcess b(inst->Command({"serve", "--listen", "127.0.0.1:0"}));
  const std::string url_a = ServeUrl(a);
  const std::string url_b = ServeUrl(b);
  ASSERT_FALSE(url_a.empty());
  ASSERT_FALSE(url_b.empty());
  // SetUpClient spends two of the key's tokens (webhook endpoint, campaign) on instance A.
  auto client = SetUpClient(url_a, *inst, "crm", "http://127.0.0.1:9/hook", [](auto&) {});
  ASSERT_TRUE(client);
  const std::vector<std::string> bearer = {"Authorization: Bearer " + client->api_key};

  int admitted = 0;
  HttpReply refused;
  for (int i = 0; i < 4 * kBurst && refused.status == 0; ++i) {
    auto r = Curl("GET", (i % 2 == 0 ? url_a : url_b) + "/v1/leads", "", bearer);
    if (r.status == 200) {
      ++admitted;
      EXPECT_EQ(HeaderValue(r.headers, "RateLimit-Policy"), "\"api_key\";q=10;w=20");
      EXPECT_TRUE(HeaderValue(r.headers, "RateLimit").starts_with("\"api_key\";r=")) << r.headers;
    } else {
      refused = r;
    }
  }
  // One shared bucket: what was left after set-up (8, plus at most a token or two refilled
  // meanwhile), never more than the burst. Two separate buckets would have admitted 18 or more.
  EXPECT_GE(admitted, kBurst - 3);
  EXPECT_LE(admitted, kBurst);
  ASSERT_EQ(refused.status, 429) << refused.body;
  EXPECT_NE(refused.body.find("\"code\":\"rate_limited\""), std::string::npos) << refused.body;
  const std::string retry_after = HeaderValue(refused.headers, "Retry-After");
  ASSERT_FALSE(retry_after.empty()) << refused.headers;
  EXPECT_GE(std::stoi(retry_after), 1);
  EXPECT_LE(std::stoi(retry_after), 2);
  EXPECT_EQ(HeaderValue(refused.headers, "RateLimit-Policy"), "\"api_key\";q=10;w=20");
  EXPECT_TRUE(std::regex_match(HeaderValue(refused.headers, "RateLimit"),
                               std::regex(R"("api_key";r=0;t=\d+)")))
      << refused.headers;
  // The other instance refuses the same key too.
  EXPECT_EQ(Curl("GET", url_a + "/v1/leads", "", bearer).status, 429);
  EXPECT_EQ(Curl("GET", url_b + "/v1/leads", "", bearer).status, 429);

  // Within Retry-After (a token every 2 s) the key is admitted again, on either instance.
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (status != 200 && std::chrono::steady_clock::now() < deadline) {
    status = Curl("GET", url_b + "/v1/leads", "", bearer).status;
    if (status != 200) std::this_thread::sleep_for(500ms);
  }
  EXPECT_EQ(status, 200);
  // Requests without a key are counted per address, apart from the key's bucket.
  auto anonymous = Curl("POST", url_a + "/v1/login",
                        R"({"email":"nobody@example.com","password":"wrong password 1"})");
  EXPECT_EQ(anonymous.status, 401) << anonymous.body;
  EXPECT_EQ(HeaderValue(anonymous.headers, "RateLimit-Policy"), "\"ip\";q=50;w=5");
}

}  // namespace
}  // namespace leados::testing
