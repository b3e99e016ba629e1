// The admin console's account routes over HTTP on both backends (issue 10): search by company,
// email and id with cursor pages; the detail (users, balance, ledger, campaigns, API keys);
// suspension (reason required, sessions ended, sign-in / session / API key answer 403
// account_suspended, campaigns left out of the active set, audited) and reinstatement; and that
// none of it answers a client session or an address outside the allow-list.
#include <gtest/gtest.h>

#include "accounts/account_directory.h"
#include "accounts/totp.h"
#include "accounts_api_fixture.h"
#include "api/admin_account_routes.h"
#include "api/billing_routes.h"
#include "billing/charges.h"
#include "billing/ledger.h"
#include "campaigns/campaign_store.h"

namespace leados::api::testing {
namespace {

namespace json = core::json;

std::string Body(json::object o) {
  return core::ToJson(o);
}

class AdminAccountsApiTest : public AccountsApiFixture {
 protected:
  void AddMoreRoutes(http::Router& router) override {
    ledger_ = std::make_unique<billing::Ledger>(*db_, clock_, billing::LedgerOptions{25});
    charges_ = std::make_unique<billing::ChargeService>(
        *db_, clock_, *ledger_, billing::PriceList{}, billing::ChargeOptions{}, nullptr);
    campaigns_ = std::make_unique<campaigns::CampaignStore>(*db_, clock_, *audit_);
    directory_ = std::make_unique<accounts::AccountDirectory>(*db_, clock_, *audit_);
    AddBillingRoutes(*api_, router, {*ledger_, *charges_, *accounts_, *audit_, *db_});
    AddAdminAccountRoutes(
        *api_, router,
        {*directory_, *ledger_, *campaigns_, nullptr, *audit_, *db_, [this] { ++reloads_; }});
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
  }

  // Signs up `email` and returns its browser; `account` gets the account id.
  Browser Client(const std::string& email, std::string* account) {
    Browser b = SignUpAndSignIn(email, "1 Secret Street");
    Reply me = As(b, "GET", "/v1/me");
    *account = core::StringOr(me.json.as_object().at("user").as_object(), "account_id");
    clock_.Advance(std::chrono::seconds(1));  // distinct creation times: a defined order
    return b;
  }
  std::vector<std::string> Ids(const Reply& r) {
    std::vector<std::string> out;
    for (const auto& a : r.json.as_object().at("data").as_array()) {
      out.push_back(core::StringOr(a.as_object(), "id"));
    }
    return out;
  }
  int64_t Count(const std::string& sql) { return (*db_->Query(sql))[0].Int(0); }

  std::unique_ptr<billing::Ledger> ledger_;
  std::unique_ptr<billing::ChargeService> charges_;
  std::unique_ptr<campaigns::CampaignStore> campaigns_;
  std::unique_ptr<accounts::AccountDirectory> directory_;
  Browser admin_;
  std::string admin_id_;
  int reloads_ = 0;
};

TEST_P(AdminAccountsApiTest, SearchesByCompanyEmailAndIdNewestFirstWithPages) {
  std::string ada, bob, cyd;
  Client("ada@example.com", &ada);
  Client("bob@widgets.test", &bob);
  Client("cyd@example.com", &cyd);

  Reply all = As(admin_, "GET", "/admin/api/accounts");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(Ids(all), (std::vector<std::string>{cyd, bob, ada}));
  const auto& first = all.json.as_object().at("data").as_array()[0].as_object();
  EXPECT_EQ(core::StringOr(first, "owner_email"), "cyd@example.com");
  EXPECT_EQ(core::StringOr(first, "company_name"), "cyd@example.com Ltd");
  EXPECT_EQ(core::StringOr(first, "status"), "active");
  EXPECT_FALSE(first.at("suspended").as_bool());
  EXPECT_EQ(core::IntOr(first, "balance", -1), 0);

  // Part of an email, case-insensitive; part of a company name; an exact id.
  EXPECT_EQ(Ids(As(admin_, "GET", "/admin/api/accounts?q=WIDGETS")), std::vector<std::string>{bob});
  EXPECT_EQ(Ids(As(admin_, "GET", "/admin/api/accounts?q=example.com")),
            (std::vector<std::string>{cyd, ada}));
  EXPECT_EQ(Ids(As(admin_, "GET", "/admin/api/accounts?q=" + ada)), std::vector<std::string>{ada});
  // LIKE's wildcards are taken literally.
  EXPECT_TRUE(Ids(As(admin_, "GET", "/admin/api/accounts?q=%25")).empty());

  // Pages of one.
  Reply p1 = As(admin_, "GET", "/admin/api/accounts?limit=2");
  ASSERT_EQ(Ids(p1), (std::vector<std::string>{cyd, bob}));
  const std::string cursor = core::StringOr(p1.json.as_object(), "next_cursor");
  ASSERT_FALSE(cursor.empty());
  Reply p2 = As(admin_, "GET", "/admin/api/accounts?limit=2&cursor=" + cursor);
  EXPECT_EQ(Ids(p2), std::vector<std::string>{ada});
  EXPECT_TRUE(p2.json.as_object().at("next_cursor").is_null());

  Reply bad = As(admin_, "GET", "/admin/api/accounts?limit=0");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("limit"), std::string::npos) << bad.body;
  Reply bad_cursor = As(admin_, "GET", "/admin/api/accounts?cursor=nonsense");
  EXPECT_EQ(bad_cursor.status, 400);
  EXPECT_NE(bad_cursor.body.find("cursor"), std::string::npos) << bad_cursor.body;
}

TEST_P(AdminAccountsApiTest, DetailShowsUsersBalanceLedgerCampaignsAndKeys) {
  std::string account;
  Browser client = Client("ada@example.com", &account);
  Reply key = As(client, "POST", "/v1/api-keys",
                 Body({{"name", "crm"}, {"scopes", json::array{"leads:read"}}}));
  ASSERT_EQ(key.status, 201) << key.body;
  campaigns::CampaignSpec spec;
  spec.name = "crm buyers";
  spec.query = "crm";
  spec.status = campaigns::CampaignStatus::kActive;
  ASSERT_TRUE(campaigns_->Create(account, spec, {accounts::ActorKind::kSystem, "", ""}));
  spec.status = campaigns::CampaignStatus::kDraft;
  ASSERT_TRUE(campaigns_->Create(account, spec, {accounts::ActorKind::kSystem, "", ""}));
  Reply adjusted = As(admin_, "POST", "/admin/api/accounts/" + account + "/credits",
                      Body({{"amount", 500}, {"reason", "welcome credits"}}));
  ASSERT_EQ(adjusted.status, 200) << adjusted.body;

  Reply d = As(admin_, "GET", "/admin/api/accounts/" + account);
  ASSERT_EQ(d.status, 200) << d.body;
  const auto& o = d.json.as_object();
  EXPECT_EQ(core::IntOr(o, "balance", -1), 500);
  ASSERT_EQ(o.at("users").as_array().size(), 1u);
  const auto& u = o.at("users").as_array()[0].as_object();
  EXPECT_EQ(core::StringOr(u, "email"), "ada@example.com");
  EXPECT_TRUE(u.at("email_verified").as_bool());
  EXPECT_EQ(core::IntOr(o.at("campaigns").as_object(), "total"), 2);
  EXPECT_EQ(core::IntOr(o.at("campaigns").as_object(), "active"), 1);
  EXPECT_EQ(core::IntOr(o.at("api_keys").as_object(), "active"), 1);
  ASSERT_EQ(o.at("ledger").as_array().size(), 1u);
  EXPECT_NE(
      core::StringOr(o.at("ledger").as_array()[0].as_object(), "reference").find("welcome credits"),
      std::string::npos);
  EXPECT_TRUE(o.at("payments").as_array().empty());
  EXPECT_TRUE(o.at("suspension").is_null());
  // Who looked is audited.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_events WHERE action = 'admin.account.read'"), 1);

  Reply missing = As(admin_, "GET", "/admin/api/accounts/acct_nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.ErrorCode(), "not_found");
}

TEST_P(AdminAccountsApiTest, SuspensionLocksTheAccountOutUntilReinstated) {
  std::string account, other;
  Browser client = Client("ada@example.com", &account);
  Browser bystander = Client("bob@example.com", &other);
  Reply key = As(client, "POST", "/v1/api-keys",
                 Body({{"name", "crm"}, {"scopes", json::array{"leads:read"}}}));
  ASSERT_EQ(key.status, 201) << key.body;
  const std::string secret = core::StringOr(key.json.as_object(), "secret");
  campaigns::CampaignSpec spec;
  spec.name = "crm buyers";
  spec.query = "crm";
  spec.status = campaigns::CampaignStatus::kActive;
  auto mine = campaigns_->Create(account, spec, {accounts::ActorKind::kSystem, "", ""});
  auto theirs = campaigns_->Create(other, spec, {accounts::ActorKind::kSystem, "", ""});
  ASSERT_TRUE(mine && theirs);
  ASSERT_EQ(campaigns_->ListActive()->size(), 2u);
  const std::string stamp = *campaigns_->ChangeStamp();

  // A reason is required; nothing changes without one.
  Reply no_reason =
      As(admin_, "POST", "/admin/api/accounts/" + account + "/suspend", Body({{"reason", "   "}}));
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_NE(no_reason.body.find("reason"), std::string::npos) << no_reason.body;
  EXPECT_EQ(As(client, "GET", "/v1/me").status, 200);
  EXPECT_EQ(reloads_, 0);

  Reply s = As(admin_, "POST", "/admin/api/accounts/" + account + "/suspend",
               Body({{"reason", "chargeback fraud"}}));
  ASSERT_EQ(s.status, 200) << s.body;
  EXPECT_TRUE(s.json.as_object().at("suspended").as_bool());
  EXPECT_EQ(core::StringOr(s.json.as_object().at("suspension").as_object(), "reason"),
            "chargeback fraud");
  EXPECT_EQ(reloads_, 1);

  // Its session ended; sign-in and its API key answer 403 account_suspended saying what to do.
  Reply me = As(client, "GET", "/v1/me");
  EXPECT_EQ(me.status, 401) << me.body;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM sessions WHERE account_id = '" + account + "'"), 0);
  Reply login =
      Call("POST", "/v1/login", Body({{"email", "ada@example.com"}, {"password", kPassword}}));
  EXPECT_EQ(login.status, 403) << login.body;
  EXPECT_EQ(login.ErrorCode(), "account_suspended");
  EXPECT_NE(login.body.find("contact support"), std::string::npos) << login.body;
  EXPECT_TRUE(login.SetCookie("__Host-leados_session").empty());
  Reply by_key = WithKey(secret, "GET", "/v1/me");
  EXPECT_EQ(by_key.status, 403) << by_key.body;
  EXPECT_EQ(by_key.ErrorCode(), "account_suspended");
  // A wrong password still says only that: suspension is not revealed to a guesser.
  Reply guess =
      Call("POST", "/v1/login", Body({{"email", "ada@example.com"}, {"password", "wrong one"}}));
  EXPECT_EQ(guess.status, 401);
  // The other account is untouched; the suspended account's campaign is out of the active set.
  EXPECT_EQ(As(bystander, "GET", "/v1/me").status, 200);
  auto active = campaigns_->ListActive();
  ASSERT_TRUE(active);
  ASSERT_EQ(active->size(), 1u);
  EXPECT_EQ((*active)[0].id, theirs->id);
  EXPECT_NE(*campaigns_->ChangeStamp(), stamp);
  // Audited with the reason; listed as suspended.
  auto audit = db_->Query(
      "SELECT actor_id, account_id, detail FROM audit_events WHERE action = "
      "'admin.account.suspend'");
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ((*audit)[0].Text(0), admin_id_);
  EXPECT_EQ((*audit)[0].Text(1), account);
  EXPECT_NE((*audit)[0].Text(2).find("chargeback fraud"), std::string::npos);
  Reply listed = As(admin_, "GET", "/admin/api/accounts?q=" + account);
  EXPECT_TRUE(
      listed.json.as_object().at("data").as_array()[0].as_object().at("suspended").as_bool());

  Reply again = As(admin_, "POST", "/admin/api/accounts/" + account + "/suspend",
                   Body({{"reason", "twice"}}));
  EXPECT_EQ(again.status, 409) << again.body;

  // Reinstated: sign-in, the key and the campaign work again.
  Reply r = As(admin_, "POST", "/admin/api/accounts/" + account + "/reinstate");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(r.json.as_object().at("suspended").as_bool());
  EXPECT_EQ(reloads_, 2);
  EXPECT_EQ(Call("POST", "/v1/login", Body({{"email", "ada@example.com"}, {"password", kPassword}}))
                .status,
            200);
  EXPECT_EQ(WithKey(secret, "GET", "/v1/me").status, 200);
  EXPECT_EQ(campaigns_->ListActive()->size(), 2u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_events WHERE action = 'admin.account.reinstate'"), 1);
  EXPECT_EQ(As(admin_, "POST", "/admin/api/accounts/" + account + "/reinstate").status, 409);
  EXPECT_EQ(
      As(admin_, "POST", "/admin/api/accounts/acct_nope/suspend", Body({{"reason", "x"}})).status,
      404);
}

TEST_P(AdminAccountsApiTest, OnlyAdminsFromTheAllowListReachThem) {
  std::string account;
  Browser client = Client("ada@example.com", &account);
  // A client session is not an admin session.
  EXPECT_EQ(As(client, "GET", "/admin/api/accounts").status, 404);  // client IP: not allow-listed
  Browser client_from_admin_ip = client;
  client_from_admin_ip.ip = kAdminIp;
  EXPECT_EQ(As(client_from_admin_ip, "GET", "/admin/api/accounts").status, 401);
  // The admin's cookie from an address outside the allow-list: 404, as if nothing were there.
  Browser admin_elsewhere = admin_;
  admin_elsewhere.ip = kClientIp;
  Reply hidden = As(admin_elsewhere, "GET", "/admin/api/accounts/" + account);
  EXPECT_EQ(hidden.status, 404);
  EXPECT_EQ(As(admin_elsewhere, "POST", "/admin/api/accounts/" + account + "/suspend",
               Body({{"reason", "x"}}))
                .status,
            404);
  EXPECT_FALSE(*accounts::IsAccountSuspended(*db_, account));
  // Without the CSRF token an admin change is refused.
  Browser no_csrf = admin_;
  no_csrf.csrf_token = "";
  EXPECT_EQ(
      As(no_csrf, "POST", "/admin/api/accounts/" + account + "/suspend", Body({{"reason", "x"}}))
          .status,
      403);
  EXPECT_FALSE(*accounts::IsAccountSuspended(*db_, account));
}

INSTANTIATE_TEST_SUITE_P(Backends, AdminAccountsApiTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         DialectParamName);

}  // namespace
}  // namespace leados::api::testing
