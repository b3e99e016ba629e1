// adminListAnomalies, adminDismissAnomaly and adminGetRetentionStatus on both backends (issue
// 9/10): eleven API keys created through the API raise a key_burst flag that the console lists,
// filters and dismisses (audited, once); the retention page lists every policy row with its
// last run; only admins from the allow-list reach them.
#include <gtest/gtest.h>

#include "accounts/totp.h"
#include "accounts_api_fixture.h"
#include "api/admin_anomaly_routes.h"
#include "api/admin_retention_routes.h"
#include "oversight/anomaly_detector.h"
#include "retention/retention_engine.h"
#include "retention/retention_status.h"

namespace leados::api::testing {
namespace {

namespace json = core::json;

class AdminOversightApiTest : public AccountsApiFixture {
 protected:
  void AddMoreRoutes(http::Router& router) override {
    flags_ = std::make_unique<oversight::AnomalyFlagStore>(*db_, clock_, *audit_);
    AddAdminAnomalyRoutes(*api_, router, *flags_);
    AddAdminRetentionRoutes(*api_, router, *db_, clock_, retention::RetentionPeriods());
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

  std::unique_ptr<oversight::AnomalyFlagStore> flags_;
  Browser admin_;
};

TEST_P(AdminOversightApiTest, AKeyBurstIsListedFilteredAndDismissedOnce) {
  Browser client = SignUpAndSignIn("ada@example.com", "1 Secret Street");
  const std::string account = core::StringOr(
      As(client, "GET", "/v1/me").json.as_object().at("user").as_object(), "account_id");
  for (int i = 0; i < 11; ++i) {
    Reply k = As(client, "POST", "/v1/api-keys",
                 R"({"name":"ci )" + std::to_string(i) + R"(","scopes":["leads:read"]})");
    ASSERT_EQ(k.status, 201) << k.body;
  }
  oversight::AnomalyDetector detector(*db_, clock_, *flags_, {});
  auto scan = detector.Scan();
  ASSERT_TRUE(scan.has_value()) << scan.error().message;
  EXPECT_EQ(scan->raised, 1);

  Reply list = As(admin_, "GET", "/admin/api/anomalies");
  ASSERT_EQ(list.status, 200) << list.body;
  const auto& data = list.json.as_object().at("data").as_array();
  ASSERT_EQ(data.size(), 1u);
  const auto& flag = data[0].as_object();
  EXPECT_EQ(core::StringOr(flag, "kind"), "key_burst");
  EXPECT_EQ(core::StringOr(flag, "account_id"), account);
  EXPECT_EQ(core::StringOr(flag, "account_name"), "ada@example.com Ltd");
  EXPECT_EQ(core::IntOr(flag, "observed"), 11);
  EXPECT_EQ(core::IntOr(flag, "baseline"), 10);
  EXPECT_EQ(core::IntOr(flag.at("details").as_object(), "keys_created"), 11);
  const std::string id = core::StringOr(flag, "id");

  EXPECT_EQ(As(admin_, "GET", "/admin/api/anomalies?kind=credit_burn")
                .json.as_object()
                .at("data")
                .as_array()
                .size(),
            0u);
  Reply bad = As(admin_, "GET", "/admin/api/anomalies?status=closed");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("status"), std::string::npos) << bad.body;
  EXPECT_EQ(As(admin_, "GET", "/admin/api/anomalies?kind=nope").status, 400);

  Reply dismissed = As(admin_, "POST", "/admin/api/anomalies/" + id + "/dismiss",
                       R"({"note":"CI rotates its keys"})");
  ASSERT_EQ(dismissed.status, 200) << dismissed.body;
  EXPECT_EQ(core::StringOr(dismissed.json.as_object(), "status"), "dismissed");
  EXPECT_EQ(core::StringOr(dismissed.json.as_object(), "note"), "CI rotates its keys");
  Reply again = As(admin_, "POST", "/admin/api/anomalies/" + id + "/dismiss", "{}");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.ErrorCode(), "conflict");
  EXPECT_EQ(As(admin_, "POST", "/admin/api/anomalies/anf_none/dismiss", "{}").status, 404);
  EXPECT_EQ(As(admin_, "POST", "/admin/api/anomalies/" + id + "/dismiss",
               R"({"note":")" + std::string(501, 'x') + R"("})")
                .status,
            400);
  EXPECT_TRUE(
      As(admin_, "GET", "/admin/api/anomalies").json.as_object().at("data").as_array().empty());
  EXPECT_EQ(As(admin_, "GET", "/admin/api/anomalies?status=dismissed")
                .json.as_object()
                .at("data")
                .as_array()
                .size(),
            1u);
  auto audited = db_->Query(
      "SELECT COUNT(*) FROM audit_events WHERE action = 'admin.anomaly.dismiss' AND target = ?",
      {id});
  ASSERT_TRUE(audited.has_value());
  EXPECT_EQ(audited->front().Int(0), 1);

  // Only for admins, and only from the allow-list.
  EXPECT_EQ(As(client, "GET", "/admin/api/anomalies").status, 404);
  Browser elsewhere = admin_;
  elsewhere.ip = kClientIp;
  EXPECT_EQ(As(elsewhere, "GET", "/admin/api/anomalies").status, 404);
}

TEST_P(AdminOversightApiTest, RetentionStatusListsEveryPolicyRowAndTheRuns) {
  retention::RetentionEngine engine(*db_, clock_, *audit_, retention::RetentionPeriods(),
                                    retention::KvTtls{});
  retention::RetentionRunLog log(*db_, clock_);
  ASSERT_TRUE(log.RunAndRecord(engine, false).has_value());

  Reply r = As(admin_, "GET", "/admin/api/retention");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto& o = r.json.as_object();
  const auto& cats = o.at("categories").as_array();
  ASSERT_EQ(cats.size(), retention::RetentionPolicy().size());
  const auto& audit = cats[2].as_object();
  EXPECT_EQ(core::StringOr(audit, "key"), "audit_logs");
  EXPECT_EQ(core::IntOr(audit, "policy_days"), 731);
  EXPECT_EQ(core::IntOr(audit, "configured_days"), 731);
  EXPECT_TRUE(core::BoolOr(audit, "within"));
  EXPECT_NE(core::StringOr(audit, "governs").find("privacy_requests"), std::string::npos);
  ASSERT_TRUE(audit.at("last_run").is_object());
  const auto& oldest = audit.at("oldest").as_array();
  ASSERT_FALSE(oldest.empty());
  EXPECT_EQ(core::StringOr(oldest[0].as_object(), "table"), "audit_events");
  EXPECT_TRUE(oldest[0].as_object().at("oldest_at").is_string()) << "the sign-up was audited";
  EXPECT_TRUE(cats[5].as_object().at("oldest").as_array().empty()) << "payloads: KV TTL";
  ASSERT_EQ(o.at("runs").as_array().size(), 1u);
  EXPECT_FALSE(core::BoolOr(o.at("runs").as_array()[0].as_object(), "dry_run", true));
  EXPECT_EQ(As(admin_, "GET", "/admin/api/retention").status, 200);
  Browser elsewhere = admin_;
  elsewhere.ip = kClientIp;
  EXPECT_EQ(As(elsewhere, "GET", "/admin/api/retention").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, AdminOversightApiTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         DialectParamName);

}  // namespace
}  // namespace leados::api::testing
