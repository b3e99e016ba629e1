// adminGetHealth on both backends (issue 10): deliveries of the last 24 h by status (older ones
// left out), disabled and failing endpoints, sources by status with the failing ones named; only
// for admins.
#include <gtest/gtest.h>

#include "accounts/totp.h"
#include "accounts_api_fixture.h"
#include "api/admin_health_routes.h"
#include "ingest/source_store.h"

namespace leados::api::testing {
namespace {

namespace json = core::json;

class AdminHealthApiTest : public AccountsApiFixture {
 protected:
  void AddMoreRoutes(http::Router& router) override {
    sources_ = std::make_unique<ingest::SourceStore>(*db_, clock_);
    AddAdminHealthRoutes(*api_, router, *db_, clock_, *sources_);
  }
  void SetUp() override {
    AccountsApiFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto created = admins_->Create("root@ops.example", kPassword);
    ASSERT_TRUE(created) << created.error().message;
    auto code = accounts::TotpCode(created->totp_secret, clock_.NowUnixSeconds());
    ASSERT_TRUE(code);
    Reply in = Call("POST", "/admin/api/login",
                    core::ToJson(json::object{
                        {"email", "root@ops.example"}, {"password", kPassword}, {"code", *code}}),
                    {}, kAdminIp);
    ASSERT_EQ(in.status, 200) << in.body;
    admin_ = Browser{"__Host-leados_admin=" + in.SetCookie("__Host-leados_admin"),
                     core::StringOr(in.json.as_object(), "csrf_token"), kAdminIp};
  }
  void Endpoint(const std::string& id, const std::string& account, int enabled,
                std::optional<int64_t> failing_since) {
    const int64_t now = clock_.NowUnixMillis();
    ASSERT_TRUE(db_->Exec(
        "INSERT INTO webhook_endpoints (id, account_id, url, description, event_types_json, "
        "enabled, secret_enc, failing_since, disabled_reason, disabled_at, created_at, "
        "updated_at) VALUES (?, ?, 'https://hooks.example/x', '', '[]', ?, 'v1.x.y', ?, ?, ?, ?, "
        "?)",
        {id, account, static_cast<int64_t>(enabled),
         failing_since ? store::SqlValue(*failing_since) : store::SqlValue(),
         enabled ? store::SqlValue() : store::SqlValue(std::string("kept failing for 3 days")),
         enabled ? store::SqlValue() : store::SqlValue(now), now, now}));
  }
  void Delivery(const std::string& id, const std::string& status, int64_t created_at) {
    ASSERT_TRUE(db_->Exec(
        "INSERT INTO webhook_deliveries (id, event_id, endpoint_id, account_id, event_type, "
        "payload_ref, status, attempt_count, retry_step, next_attempt_at, created_at, updated_at) "
        "VALUES (?, 'evt_1', 'we_1', 'acct_1', 'lead.created', 'p', ?, 1, 1, 0, ?, ?)",
        {id, status, created_at, created_at}));
  }

  std::unique_ptr<ingest::SourceStore> sources_;
  Browser admin_;
};

TEST_P(AdminHealthApiTest, CountsDeliveriesEndpointsAndSources) {
  std::string account;
  Browser client = SignUpAndSignIn("ada@example.com", "1 Secret Street");
  account = core::StringOr(As(client, "GET", "/v1/me").json.as_object().at("user").as_object(),
                           "account_id");
  Endpoint("we_1", account, 1, std::nullopt);
  Endpoint("we_2", account, 1, clock_.NowUnixMillis());
  Endpoint("we_3", account, 0, std::nullopt);
  const int64_t now = clock_.NowUnixMillis();
  Delivery("msg_1", "succeeded", now - 1000);
  Delivery("msg_2", "succeeded", now - 2000);
  Delivery("msg_3", "dead", now - 3000);
  Delivery("msg_4", "failed", now - 25 * 3600 * 1000);  // outside the 24 h window
  for (const char* name : {"feed a", "feed b", "feed c"}) {
    ingest::SourceSpec spec;
    spec.name = name;
    spec.settings = json::object{{"url", "https://example.com/feed.xml"}};
    ASSERT_TRUE(sources_->Create(spec, ingest::SourceOrigin::kApi));
  }
  ASSERT_TRUE(db_->Exec(
      "UPDATE sources SET consecutive_failures = 4, last_error_message = 'timed out after 30 s' "
      "WHERE name = 'feed b'"));
  ASSERT_TRUE(db_->Exec("UPDATE sources SET enabled = 0 WHERE name = 'feed c'"));

  Reply h = As(admin_, "GET", "/admin/api/health");
  ASSERT_EQ(h.status, 200) << h.body;
  const auto& o = h.json.as_object();
  const auto& d = o.at("deliveries").as_object();
  EXPECT_EQ(core::IntOr(d, "succeeded"), 2);
  EXPECT_EQ(core::IntOr(d, "dead"), 1);
  EXPECT_EQ(core::IntOr(d, "failed", -1), 0);
  EXPECT_EQ(core::IntOr(d, "pending", -1), 0);
  const auto& e = o.at("endpoints").as_object();
  EXPECT_EQ(core::IntOr(e, "total"), 3);
  EXPECT_EQ(core::IntOr(e, "disabled"), 1);
  EXPECT_EQ(core::IntOr(e, "failing"), 1);
  ASSERT_EQ(e.at("disabled_list").as_array().size(), 1u);
  EXPECT_EQ(core::StringOr(e.at("disabled_list").as_array()[0].as_object(), "reason"),
            "kept failing for 3 days");
  const auto& s = o.at("sources").as_object();
  EXPECT_EQ(core::IntOr(s, "total"), 3);
  EXPECT_EQ(core::IntOr(s, "failing"), 1);
  EXPECT_EQ(core::IntOr(s, "disabled"), 1);
  EXPECT_EQ(core::IntOr(s, "pending"), 1);
  ASSERT_EQ(s.at("failing_list").as_array().size(), 1u);
  EXPECT_EQ(core::StringOr(s.at("failing_list").as_array()[0].as_object(), "last_error"),
            "timed out after 30 s");

  // Only for admins, and only from the allow-list.
  EXPECT_EQ(As(client, "GET", "/admin/api/health").status, 404);
  Browser elsewhere = admin_;
  elsewhere.ip = kClientIp;
  EXPECT_EQ(As(elsewhere, "GET", "/admin/api/health").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, AdminHealthApiTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         DialectParamName);

}  // namespace
}  // namespace leados::api::testing
