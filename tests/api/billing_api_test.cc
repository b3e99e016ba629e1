// The credit routes over HTTP on both backends: getBalance, listLedgerEntries (cursor pagination,
// bad cursor → 400 JSON), updateBalanceSettings, adminAdjustCredits (audited; reason required →
// 400 JSON and nothing stored; unknown account 404; removing more than the balance 422).
#include <gtest/gtest.h>

#include "accounts/totp.h"
#include "accounts_api_fixture.h"
#include "api/billing_routes.h"
#include "billing/charges.h"
#include "billing/ledger.h"

namespace leados::api::testing {
namespace {

namespace json = core::json;

std::string Body(json::object o) {
  return core::ToJson(o);
}

class BillingApiTest : public AccountsApiFixture {
 protected:
  void AddMoreRoutes(http::Router& router) override {
    ledger_ = std::make_unique<billing::Ledger>(*db_, clock_, billing::LedgerOptions{25});
    charges_ = std::make_unique<billing::ChargeService>(
        *db_, clock_, *ledger_, billing::PriceList{}, billing::ChargeOptions{}, nullptr);
    AddBillingRoutes(*api_, router, {*ledger_, *charges_, *accounts_, *audit_, *db_});
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
    admin_id_ = created->id;
    admin_ = Browser{"__Host-leados_admin=" + in.SetCookie("__Host-leados_admin"),
                     core::StringOr(in.json.as_object(), "csrf_token"), kAdminIp};
    client_ = SignUpAndSignIn("ada@example.com", "1 Secret Street");
    Reply me = As(client_, "GET", "/v1/me");
    account_ = core::StringOr(me.json.as_object().at("user").as_object(), "account_id");
    ASSERT_FALSE(account_.empty());
  }

  Reply Adjust(const std::string& account, json::object body) {
    return As(admin_, "POST", "/admin/api/accounts/" + account + "/credits", Body(body));
  }
  int64_t Count(const std::string& sql) { return (*db_->Query(sql))[0].Int(0); }

  std::unique_ptr<billing::Ledger> ledger_;
  std::unique_ptr<billing::ChargeService> charges_;
  Browser admin_, client_;
  std::string admin_id_, account_;
};

TEST_P(BillingApiTest, AdminAdjustsAndTheClientSeesBalanceAndEntries) {
  Reply balance = As(client_, "GET", "/v1/balance");
  ASSERT_EQ(balance.status, 200) << balance.body;
  EXPECT_EQ(core::IntOr(balance.json.as_object(), "balance", -1), 0);
  EXPECT_EQ(core::IntOr(balance.json.as_object(), "low_credit_threshold", -1), 25);

  for (int i = 1; i <= 3; ++i) {
    Reply r = Adjust(account_, {{"amount", 10 * i}, {"reason", "goodwill " + std::to_string(i)}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(core::IntOr(r.json.as_object(), "balance_after"), 10 * i * (i + 1) / 2);
    EXPECT_EQ(core::StringOr(r.json.as_object(), "reason"), "adjustment");
  }
  Reply removed = Adjust(account_, {{"amount", -5}, {"reason", "correction"}});
  ASSERT_EQ(removed.status, 200) << removed.body;
  balance = As(client_, "GET", "/v1/balance");
  EXPECT_EQ(core::IntOr(balance.json.as_object(), "balance"), 55);

  // Audited with the admin's id, the amount and the reason.
  auto audit = db_->Query(
      "SELECT actor_id, detail FROM audit_events WHERE action = 'admin.credits_adjust' ORDER BY "
      "id");
  ASSERT_TRUE(audit);
  ASSERT_EQ(audit->size(), 4u);
  EXPECT_EQ((*audit)[3].Text(0), admin_id_);
  EXPECT_NE((*audit)[3].Text(1).find("amount -5"), std::string::npos) << (*audit)[3].Text(1);
  EXPECT_NE((*audit)[3].Text(1).find("correction"), std::string::npos);

  // Pages of 3, newest first.
  Reply page = As(client_, "GET", "/v1/ledger-entries?limit=3");
  ASSERT_EQ(page.status, 200) << page.body;
  const auto& data = page.json.as_object().at("data").as_array();
  ASSERT_EQ(data.size(), 3u);
  EXPECT_EQ(core::IntOr(data[0].as_object(), "amount"), -5);
  const std::string cursor = core::StringOr(page.json.as_object(), "next_cursor");
  ASSERT_FALSE(cursor.empty());
  Reply next = As(client_, "GET", "/v1/ledger-entries?limit=3&cursor=" + cursor);
  ASSERT_EQ(next.status, 200);
  EXPECT_EQ(next.json.as_object().at("data").as_array().size(), 1u);
  EXPECT_TRUE(next.json.as_object().at("next_cursor").is_null());
}

TEST_P(BillingApiTest, BadInputIsA400JsonErrorAndStoresNothing) {
  Reply bad_cursor = As(client_, "GET", "/v1/ledger-entries?cursor=nonsense");
  EXPECT_EQ(bad_cursor.status, 400);
  EXPECT_EQ(bad_cursor.ErrorCode(), "invalid_argument");
  EXPECT_NE(bad_cursor.body.find("cursor"), std::string::npos);
  Reply bad_limit = As(client_, "GET", "/v1/ledger-entries?limit=0");
  EXPECT_EQ(bad_limit.status, 400);
  EXPECT_NE(bad_limit.body.find("limit"), std::string::npos);

  for (const json::object& body :
       {json::object{{"amount", 10}}, json::object{{"amount", 10}, {"reason", "   "}},
        json::object{{"amount", 0}, {"reason", "x"}},
        json::object{{"amount", "ten"}, {"reason", "x"}}, json::object{{"reason", "x"}}}) {
    Reply r = Adjust(account_, body);
    EXPECT_EQ(r.status, 400) << Body(body) << " → " << r.body;
    EXPECT_EQ(r.ErrorCode(), "invalid_argument") << r.body;
  }
  Reply no_reason = Adjust(account_, {{"amount", 10}});
  EXPECT_NE(no_reason.body.find("reason"), std::string::npos) << no_reason.body;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM ledger_entries"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_events WHERE action = 'admin.credits_adjust'"), 0);

  Reply unknown = Adjust("acct_nope", {{"amount", 10}, {"reason", "x"}});
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  Reply too_much = Adjust(account_, {{"amount", -1}, {"reason", "x"}});
  EXPECT_EQ(too_much.status, 422) << too_much.body;
  EXPECT_EQ(too_much.ErrorCode(), "failed_precondition");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM ledger_entries"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_events WHERE action = 'admin.credits_adjust'"), 0);

  Reply bad_threshold = As(client_, "PATCH", "/v1/balance", Body({{"low_credit_threshold", -3}}));
  EXPECT_EQ(bad_threshold.status, 400) << bad_threshold.body;
}

TEST_P(BillingApiTest, OnlyAdminsAdjustAndTheThresholdIsTheClients) {
  Reply as_client = As(client_, "POST", "/admin/api/accounts/" + account_ + "/credits",
                       Body({{"amount", 10}, {"reason", "free money"}}));
  EXPECT_NE(as_client.status, 200);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM ledger_entries"), 0);
  Reply anonymous = Call("GET", "/v1/balance");
  EXPECT_EQ(anonymous.status, 401);

  Reply set = As(client_, "PATCH", "/v1/balance", Body({{"low_credit_threshold", 7}}));
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(core::IntOr(set.json.as_object(), "low_credit_threshold"), 7);
  Reply reset = As(client_, "PATCH", "/v1/balance", Body({{"low_credit_threshold", nullptr}}));
  ASSERT_EQ(reset.status, 200) << reset.body;
  EXPECT_EQ(core::IntOr(reset.json.as_object(), "low_credit_threshold"), 25);
}

INSTANTIATE_TEST_SUITE_P(Backends, BillingApiTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         DialectParamName);

}  // namespace
}  // namespace leados::api::testing
