// The usage routes over HTTP on both backends (issue 9): every authenticated call of an account is
// counted (operation, status class, the API key's display prefix, never an IP address); the
// beacon accepts only known pages and actions (400 naming the field otherwise) and needs the
// session's CSRF header; getUsage answers live and rolled-up days alike, checks its range, and
// sees only the caller's account; adminGetUsage sees one account or all, admins only.
#include <gtest/gtest.h>

#include "accounts/totp.h"
#include "accounts_api_fixture.h"
#include "api/usage_routes.h"
#include "usage/usage_recorder.h"
#include "usage/usage_rollup.h"

namespace leados::api::testing {
namespace {

namespace json = core::json;

std::string Body(json::object o) {
  return core::ToJson(o);
}

class UsageApiTest : public AccountsApiFixture {
 protected:
  void AddMoreRoutes(http::Router& router) override {
    recorder_ = std::make_unique<usage::UsageRecorder>(*db_, clock_);
    reader_ = std::make_unique<usage::UsageReader>(*db_);
    api_->SetUsageSink(recorder_.get());
    AddUsageRoutes(*api_, router, {*recorder_, *reader_, clock_});
  }
  void SetUp() override {
    AccountsApiFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto created = admins_->Create("root@ops.example", kPassword);
    ASSERT_TRUE(created) << created.error().message;
    auto code = accounts::TotpCode(created->totp_secret, clock_.NowUnixSeconds());
    ASSERT_TRUE(code);
    Reply in = Call("POST", "/admin/api/login",
                    Body({{"email", "root@ops.example"}, {"password", kPassword}, {"code", *code}}),
                    {}, kAdminIp);
    ASSERT_EQ(in.status, 200) << in.body;
    admin_ = Browser{"__Host-leados_admin=" + in.SetCookie("__Host-leados_admin"),
                     core::StringOr(in.json.as_object(), "csrf_token"), kAdminIp};
  }
  void TearDown() override {
    recorder_.reset();  // flushes before the database goes
    AccountsApiFixture::TearDown();
  }
  std::string AccountOf(Browser& b) {
    Reply me = As(b, "GET", "/v1/me");
    return core::StringOr(me.json.as_object().at("user").as_object(), "account_id");
  }
  static const json::object& Totals(const Reply& r, std::string_view kind) {
    return r.json.as_object().at("totals").as_object().at(kind).as_object();
  }
  int64_t Count(const std::string& sql) { return (*db_->Query(sql))[0].Int(0); }

  std::unique_ptr<usage::UsageRecorder> recorder_;
  std::unique_ptr<usage::UsageReader> reader_;
  Browser admin_;
};

TEST_P(UsageApiTest, CallsAndBeaconsAreCountedAndGetUsageSeesThemLive) {
  Browser b = SignUpAndSignIn("ada@usage.example", "1 Secret Street");
  const std::string account = AccountOf(b);
  Reply created = As(b, "POST", "/v1/api-keys",
                     Body({{"name", "usage"}, {"scopes", json::array{"billing:read"}}}));
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string key = core::StringOr(created.json.as_object(), "secret");
  const std::string prefix = core::StringOr(created.json.as_object(), "prefix");

  EXPECT_EQ(WithKey(key, "GET", "/v1/me").status, 200);
  // A handler's 4xx is counted as an error; a refused authentication (no handler ran) is not
  // a call of the account.
  EXPECT_EQ(WithKey(key, "GET", "/v1/usage?from=someday").status, 400);
  EXPECT_EQ(WithKey(key, "GET", "/v1/api-keys").status, 403);
  Reply view = As(b, "POST", "/v1/usage/beacon", Body({{"page", "leads"}, {"action", "view"}}));
  EXPECT_EQ(view.status, 204) << view.body;
  Reply bad_page =
      As(b, "POST", "/v1/usage/beacon", Body({{"page", "/leads/lead_01"}, {"action", "view"}}));
  EXPECT_EQ(bad_page.status, 400);
  EXPECT_EQ(bad_page.ErrorCode(), "invalid_argument");
  EXPECT_NE(bad_page.body.find("field 'page' must be one of dashboard"), std::string::npos)
      << bad_page.body;
  Reply bad_action =
      As(b, "POST", "/v1/usage/beacon", Body({{"page", "leads"}, {"action", "hover"}}));
  EXPECT_EQ(bad_action.status, 400);
  EXPECT_NE(bad_action.body.find("field 'action'"), std::string::npos);
  // The beacon rides on the session with its CSRF header; an API key cannot send one.
  EXPECT_EQ(Call("POST", "/v1/usage/beacon", Body({{"page", "leads"}, {"action", "view"}}),
                 {{"Cookie", b.cookie}, {"Origin", kOrigin}})
                .status,
            403);
  EXPECT_EQ(WithKey(key, "POST", "/v1/usage/beacon", Body({{"page", "leads"}, {"action", "view"}}))
                .status,
            403);

  ASSERT_TRUE(recorder_->Flush().has_value());
  // The key's display prefix is stored, never the secret nor the caller's address.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM usage_events WHERE key_prefix = '" + prefix + "'"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM usage_events WHERE key_prefix LIKE '%" +
                  key.substr(prefix.size()) + "%' OR name LIKE '%" + std::string(kClientIp) + "%'"),
            0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM usage_events WHERE kind = 'portal_interaction' AND "
                  "name = 'leads.view'"),
            1);

  Reply u = WithKey(key, "GET", "/v1/usage");
  ASSERT_EQ(u.status, 200) << u.body;
  EXPECT_EQ(u.Header("Cache-Control"), "no-store");
  const auto& calls = Totals(u, "api_call");
  // As flushed: the session's getMe and createApiKey, the key's getMe and the 400 getUsage; not
  // the beacons (portal interactions), not the refused requests.
  EXPECT_EQ(calls.at("count").as_int64(), 4);
  EXPECT_EQ(calls.at("errors").as_int64(), 1);
  const auto& top = u.json.as_object().at("top").as_array();
  ASSERT_FALSE(top.empty());
  EXPECT_EQ(core::StringOr(top[0].as_object(), "name"), "getMe");
  EXPECT_EQ(top[0].as_object().at("count").as_int64(), 2);
  EXPECT_EQ(Totals(u, "portal_interaction").at("count").as_int64(), 1);
  const auto& days = u.json.as_object().at("days").as_array();
  ASSERT_FALSE(days.empty());
  EXPECT_EQ(core::StringOr(days.back().as_object(), "day"),
            core::StringOr(u.json.as_object(), "to"))
      << "today is in the answer before any roll-up";

  // The same numbers once the day is rolled up (two days later, with the roll-up run twice).
  const int64_t before = calls.at("count").as_int64();
  const std::string today = core::StringOr(u.json.as_object(), "to");
  ASSERT_TRUE(recorder_->Flush().has_value());  // the getUsage call above
  clock_.Advance(std::chrono::hours(48));
  usage::UsageRollup rollup(*db_, clock_);
  ASSERT_TRUE(rollup.Run().has_value());
  ASSERT_TRUE(rollup.Run().has_value());
  Reply later = WithKey(key, "GET", "/v1/usage?from=" + today + "&to=" + today);
  ASSERT_EQ(later.status, 200) << later.body;
  EXPECT_EQ(Totals(later, "api_call").at("count").as_int64(), before + 1);
}

TEST_P(UsageApiTest, RangesAreCheckedAndEachAccountSeesOnlyItsOwn) {
  Browser ada = SignUpAndSignIn("ada@range.example", "1 Secret Street");
  Browser bob = SignUpAndSignIn("bob@range.example", "2 Secret Street");
  const std::string ada_account = AccountOf(ada);
  for (int i = 0; i < 3; ++i) As(bob, "GET", "/v1/me");
  ASSERT_TRUE(recorder_->Flush().has_value());

  Reply bad = As(ada, "GET", "/v1/usage?from=2026-13-01");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("from must be a UTC date written YYYY-MM-DD"), std::string::npos)
      << bad.body;
  Reply too_long = As(ada, "GET", "/v1/usage?from=2024-01-01&to=2026-01-01");
  EXPECT_EQ(too_long.status, 400);
  EXPECT_NE(too_long.body.find("at most 366 days"), std::string::npos) << too_long.body;
  Reply swapped = As(ada, "GET", "/v1/usage?from=2026-01-02&to=2026-01-01");
  EXPECT_EQ(swapped.status, 400);

  Reply mine = As(ada, "GET", "/v1/usage");
  ASSERT_EQ(mine.status, 200) << mine.body;
  const int64_t ada_calls = Totals(mine, "api_call").at("count").as_int64();
  Reply bobs = As(bob, "GET", "/v1/usage");
  const int64_t bob_calls = Totals(bobs, "api_call").at("count").as_int64();
  EXPECT_GT(bob_calls, ada_calls) << "bob's three extra calls are not ada's";

  // The admin: one account, or all together; clients cannot.
  Reply one = As(admin_, "GET", "/admin/api/usage?account=" + ada_account);
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(core::StringOr(one.json.as_object(), "account"), ada_account);
  EXPECT_GE(Totals(one, "api_call").at("count").as_int64(), ada_calls);
  ASSERT_TRUE(recorder_->Flush().has_value());
  Reply all = As(admin_, "GET", "/admin/api/usage");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_TRUE(all.json.as_object().at("account").is_null());
  EXPECT_GE(Totals(all, "api_call").at("count").as_int64(), ada_calls + bob_calls);
  EXPECT_EQ(As(ada, "GET", "/admin/api/usage").status, 404) << "not from an allow-listed address";
  Browser ada_inside = ada;
  ada_inside.ip = kAdminIp;
  EXPECT_EQ(As(ada_inside, "GET", "/admin/api/usage").status, 401)
      << "a client session is no admin";
  EXPECT_EQ(As(admin_, "GET", "/admin/api/usage?to=someday").status, 400);
}

INSTANTIATE_TEST_SUITE_P(Backends, UsageApiTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) {
                           return std::string(store::DialectName(info.param));
                         });

}  // namespace
}  // namespace leados::api::testing
