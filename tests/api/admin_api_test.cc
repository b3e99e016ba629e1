// The admin console API on both backends: the IP allow-list (also against forged
// X-Forwarded-For), password + TOTP sign-in with codes made by the real `oathtool`, one use per
// code even when two requests race, the admin cookie, and the audit log.
#include <gtest/gtest.h>

#include <cstdio>
#include <thread>

#include "accounts/totp.h"
#include "accounts_api_fixture.h"
#include "core/encoding.h"

namespace leados::api::testing {
namespace {

namespace json = core::json;

std::string Body(json::object o) {
  return core::ToJson(o);
}

// The code `oathtool --totp` prints for `secret_base32` at `t`.
std::string Oathtool(const std::string& secret_base32, core::TimePoint t) {
  const auto secs = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  const std::string cmd =
      "oathtool --totp --base32 " + secret_base32 + " -N @" + std::to_string(secs);
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return "";
  char buf[64] = {};
  std::string out = fgets(buf, sizeof buf, p) != nullptr ? buf : "";
  pclose(p);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

std::string SecretFromUri(const std::string& uri) {
  size_t at = uri.find("secret=");
  if (at == std::string::npos) return "";
  return uri.substr(at + 7, uri.find('&', at) - at - 7);
}

class AdminApiTest : public AccountsApiFixture {
 protected:
  void SetUp() override {
    AccountsApiFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    if (std::system("oathtool --version >/dev/null 2>&1") != 0) {
      GTEST_SKIP() << "oathtool is not installed (scripts/install-deps.sh installs it)";
    }
    auto created = admins_->Create("root@ops.example", kPassword);
    ASSERT_TRUE(created) << created.error().message;
    admin_ = *created;
    secret_ = SecretFromUri(admin_.otpauth_uri);
    ASSERT_FALSE(secret_.empty()) << admin_.otpauth_uri;
  }
  Reply Login(const std::string& code, const std::string& ip = kAdminIp,
              std::vector<std::pair<std::string, std::string>> headers = {}) {
    return Call("POST", "/admin/api/login",
                Body({{"email", "root@ops.example"}, {"password", kPassword}, {"code", code}}),
                std::move(headers), ip);
  }
  accounts::CreatedAdmin admin_;
  std::string secret_;
};

TEST_P(AdminApiTest, OathtoolCodeSignsInOnceAndTheCookieIsStrict) {
  const std::string code = Oathtool(secret_, clock_.Now());
  ASSERT_EQ(code.size(), 6u);
  Reply in = Login(code);
  ASSERT_EQ(in.status, 200) << in.body;
  const std::string cookie = in.Header("Set-Cookie");
  EXPECT_TRUE(cookie.starts_with("__Host-leados_admin=")) << cookie;
  for (const char* attr : {"; HttpOnly", "; Secure", "; SameSite=Strict", "; Path=/"}) {
    EXPECT_NE(cookie.find(attr), std::string::npos) << attr;
  }
  // The same code again is refused (replay), also within its 30 s.
  EXPECT_EQ(Login(code).status, 401);
  // A wrong password with a fresh code is refused with the same message.
  clock_.Advance(std::chrono::seconds(30));
  Reply wrong = Call("POST", "/admin/api/login",
                     Body({{"email", "root@ops.example"},
                           {"password", "wrong wrong wrong"},
                           {"code", Oathtool(secret_, clock_.Now())}}),
                     {}, kAdminIp);
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.body, Login("000000").body);

  Browser admin{"__Host-leados_admin=" + in.SetCookie("__Host-leados_admin"),
                core::StringOr(in.json.as_object(), "csrf_token"), kAdminIp};
  Reply me = As(admin, "GET", "/admin/api/me");
  ASSERT_EQ(me.status, 200) << me.body;
  // Admin sessions end after 15 idle minutes.
  clock_.Advance(std::chrono::minutes(16));
  EXPECT_EQ(As(admin, "GET", "/admin/api/me").status, 401);
}

TEST_P(AdminApiTest, TheSameCodeSentTwiceAtOnceSucceedsExactlyOnce) {
  for (int round = 0; round < 5; ++round) {
    clock_.Advance(std::chrono::seconds(30));
    const std::string code = Oathtool(secret_, clock_.Now());
    std::atomic<int> ok{0};
    std::atomic<int> refused{0};
    std::vector<std::thread> racers;
    for (int i = 0; i < 2; ++i) {
      racers.emplace_back([&] {
        Reply r = Login(code);
        (r.status == 200 ? ok : refused)++;
      });
    }
    for (auto& t : racers) t.join();
    EXPECT_EQ(ok.load(), 1) << "round " << round;
    EXPECT_EQ(refused.load(), 1) << "round " << round;
  }
}

TEST_P(AdminApiTest, OnlyAllowListedAddressesSeeTheConsole) {
  const std::string code = Oathtool(secret_, clock_.Now());
  // Outside the list: 404, exactly like a path that does not exist.
  Reply outside = Login(code, "198.51.100.7");
  EXPECT_EQ(outside.status, 404) << outside.body;
  EXPECT_EQ(outside.ErrorCode(), "not_found");
  EXPECT_EQ(Call("GET", "/admin/anything", "", {}, "198.51.100.7").status, 404);
  // Forging X-Forwarded-For from an untrusted peer changes nothing.
  Reply forged = Login(code, "198.51.100.7", {{"X-Forwarded-For", kAdminIp}});
  EXPECT_EQ(forged.status, 404);
  // Through the trusted proxy, a client that prepends an allowed address is still judged by the
  // hop the proxy appended.
  Reply prepended =
      Login(code, kProxyIp, {{"X-Forwarded-For", std::string(kAdminIp) + ", 198.51.100.7"}});
  EXPECT_EQ(prepended.status, 404);
  // Through the trusted proxy from an allowed client: reaches the sign-in.
  Reply proxied = Login(code, kProxyIp, {{"X-Forwarded-For", kAdminIp}});
  EXPECT_EQ(proxied.status, 200) << proxied.body;
  // Refusals are audited; an admin can filter for them.
  Browser admin{"__Host-leados_admin=" + proxied.SetCookie("__Host-leados_admin"),
                core::StringOr(proxied.json.as_object(), "csrf_token"), kAdminIp};
  Reply denied = As(admin, "GET", "/admin/api/audit-events?action=admin.allow_list&outcome=denied");
  ASSERT_EQ(denied.status, 200) << denied.body;
  EXPECT_EQ(denied.json.as_object().at("data").as_array().size(), 4u);
  EXPECT_NE(denied.body.find("198.51.100.7"), std::string::npos);
  Reply bad_filter = As(admin, "GET", "/admin/api/audit-events?outcome=maybe");
  EXPECT_EQ(bad_filter.status, 400);
}

TEST_P(AdminApiTest, ClientSessionsAndKeysDoNotOpenTheConsole) {
  Browser client = SignUpAndSignIn("ana@example.com", "1 Main St");
  client.ip = kAdminIp;  // even from an allowed address
  EXPECT_EQ(As(client, "GET", "/admin/api/audit-events").status, 401);
  EXPECT_EQ(As(client, "GET", "/admin/api/me").status, 401);
}

TEST(TotpVectors, Rfc6238AndOathtoolAgree) {
  // RFC 6238 appendix B, SHA-1 seed, truncated to 6 digits, and oathtool on the same instants.
  const std::string seed = "12345678901234567890";
  const std::string seed_b32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
  const std::vector<std::pair<int64_t, std::string>> vectors = {{59, "287082"},
                                                                {1111111109, "081804"},
                                                                {1111111111, "050471"},
                                                                {1234567890, "005924"},
                                                                {2000000000, "279037"}};
  const bool have_oathtool = std::system("oathtool --version >/dev/null 2>&1") == 0;
  for (const auto& [t, want] : vectors) {
    auto code = accounts::TotpCode(seed, t);
    ASSERT_TRUE(code);
    EXPECT_EQ(*code, want) << t;
    if (have_oathtool) {
      EXPECT_EQ(Oathtool(seed_b32, core::TimePoint(std::chrono::seconds(t))), want) << t;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, AdminApiTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         DialectParamName);

}  // namespace
}  // namespace leados::api::testing
