// Policy versions over HTTP on both backends (issue 9, "policy changes"; src/api/policy_routes.h):
// before any publish the bundled versions are current and accepted by every sign-up; an admin
// publishes a terms version (field errors, duplicates 409, audited, one email per verified user
// of every open account, none to closed accounts or unverified users); the user sees it as not
// accepted, a stale version is refused with 409, the current one is accepted once (idempotent);
// a sign-up then must send the new version; the admin list counts acceptances; clients cannot
// publish. And the cookie promise of the cookie policy: the whole sign-up / sign-in / use /
// sign-out flow sets no cookie but the session cookie, and the admin sign-in only the admin one.
#include <gtest/gtest.h>

#include "accounts/policy_versions.h"
#include "accounts/totp.h"
#include "accounts_api_fixture.h"
#include "api/policy_routes.h"

namespace leados::api::testing {
namespace {

namespace json = core::json;

std::string Body(json::object o) {
  return core::ToJson(o);
}

// The names of every cookie `r` sets.
std::vector<std::string> CookieNames(const Reply& r) {
  std::vector<std::string> out;
  for (const auto& [n, v] : r.headers) {
    if (http::EqualsIgnoreCase(n, "Set-Cookie")) out.push_back(v.substr(0, v.find('=')));
  }
  return out;
}

class PoliciesApiTest : public AccountsApiFixture {
 protected:
  void AddMoreRoutes(http::Router& router) override {
    policies_ = std::make_unique<accounts::PolicyVersions>(
        *db_, clock_, *audit_, accounts::PolicyVersionsOptions{kOrigin, "LeadOS"});
    AddPolicyRoutes(*api_, router, {*policies_, *sessions_});
  }
  void SetUp() override {
    AccountsApiFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto created = admins_->Create("root@ops.example", kPassword);
    ASSERT_TRUE(created) << created.error().message;
    auto code = accounts::TotpCode(created->totp_secret, clock_.NowUnixSeconds());
    ASSERT_TRUE(code);
    admin_login_ =
        Call("POST", "/admin/api/login",
             Body({{"email", "root@ops.example"}, {"password", kPassword}, {"code", *code}}), {},
             kAdminIp);
    ASSERT_EQ(admin_login_.status, 200) << admin_login_.body;
    admin_ = Browser{"__Host-leados_admin=" + admin_login_.SetCookie("__Host-leados_admin"),
                     core::StringOr(admin_login_.json.as_object(), "csrf_token"), kAdminIp};
  }
  Reply Publish(std::string kind, std::string version, std::string summary) {
    return As(admin_, "POST", "/admin/api/policies",
              Body({{"kind", kind}, {"version", version}, {"summary", summary}}));
  }
  // The entry of `kind` in GET /v1/policies/current as `browser` (nullptr: signed out).
  json::object Current(Browser* browser, std::string_view kind) {
    Reply r =
        browser ? As(*browser, "GET", "/v1/policies/current") : Call("GET", "/v1/policies/current");
    EXPECT_EQ(r.status, 200) << r.body;
    for (const auto& e : r.json.as_object().at("data").as_array()) {
      if (core::StringOr(e.as_object(), "kind") == kind) return e.as_object();
    }
    ADD_FAILURE() << "no " << kind << " in " << r.body;
    return {};
  }
  int64_t Count(const std::string& sql, std::vector<store::SqlValue> params = {}) {
    return (*db_->Query(sql, params))[0].Int(0);
  }

  std::unique_ptr<accounts::PolicyVersions> policies_;
  Reply admin_login_;
  Browser admin_;
};

TEST_P(PoliciesApiTest, BundledVersionsAreCurrentAndAcceptedAtSignUp) {
  json::object anon = Current(nullptr, "terms");
  EXPECT_EQ(core::StringOr(anon, "version"), accounts::kBundledPolicyVersion);
  EXPECT_TRUE(anon.at("accepted").is_null());
  EXPECT_TRUE(anon.at("published_at").is_null());
  EXPECT_EQ(core::StringOr(anon, "path"), "/terms");

  Browser ana = SignUpAndSignIn("ana@example.com", "1 Secret Street");
  for (const char* kind : {"privacy", "terms"}) {
    json::object c = Current(&ana, kind);
    EXPECT_EQ(c.at("accepted"), json::value(true)) << kind;
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM policy_acceptances"), 2);
  // An API key sees the versions but no acceptance: that belongs to a person.
  Reply key = As(ana, "POST", "/v1/api-keys",
                 Body({{"name", "ci"}, {"scopes", json::array{"leads:read"}}}));
  ASSERT_EQ(key.status, 201) << key.body;
  Reply with_key =
      WithKey(core::StringOr(key.json.as_object(), "key"), "GET", "/v1/policies/current");
  ASSERT_EQ(with_key.status, 200) << with_key.body;
  EXPECT_TRUE(
      with_key.json.as_object().at("data").as_array()[0].as_object().at("accepted").is_null());
}

TEST_P(PoliciesApiTest, PublishEmailsEveryAccountHolderAndTheUserAcceptsOnce) {
  Browser ana = SignUpAndSignIn("ana@example.com", "1 Secret Street");
  Browser bob = SignUpAndSignIn("bob@example.com", "2 Secret Street");
  // Not emailed: an unverified sign-up and a closed account.
  ASSERT_EQ(Call("POST", "/v1/signup", SignupBody("eve@example.com", "3 Secret Street")).status,
            202);
  ASSERT_TRUE(
      db_->Exec("UPDATE accounts SET status = 'closed', closed_at = 1 WHERE id = (SELECT "
                "account_id FROM users WHERE email = 'bob@example.com')"));
  const int64_t outbox_before = Count("SELECT COUNT(*) FROM notify_outbox");

  // Field errors name the field.
  Reply bad_kind = Publish("cookies", "2026-11-30", "x");
  EXPECT_EQ(bad_kind.status, 400);
  EXPECT_NE(bad_kind.body.find("kind"), std::string::npos) << bad_kind.body;
  Reply bad_version = Publish("terms", "30 Nov 2026", "x");
  EXPECT_EQ(bad_version.status, 400);
  EXPECT_NE(bad_version.body.find("version"), std::string::npos) << bad_version.body;
  Reply no_summary = Publish("terms", "2026-11-30", "  ");
  EXPECT_EQ(no_summary.status, 400);
  EXPECT_NE(no_summary.body.find("summary"), std::string::npos) << no_summary.body;
  // A client session cannot publish.
  EXPECT_EQ(As(ana, "POST", "/admin/api/policies",
               Body({{"kind", "terms"}, {"version", "9"}, {"summary", "x"}}))
                .status,
            404);

  Reply published = Publish("terms", "2026-11-30", "Section 4: credits now expire after 2 years.");
  ASSERT_EQ(published.status, 201) << published.body;
  EXPECT_EQ(published.json.as_object().at("emails_queued"), json::value(1));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM notify_outbox") - outbox_before, 1);
  const std::string mail =
      (*db_->Query("SELECT body_text FROM notify_outbox WHERE to_address = 'ana@example.com' AND "
                   "template = 'policy_update'"))
          .at(0)
          .Text(0);
  EXPECT_NE(mail.find("terms of service"), std::string::npos) << mail;
  EXPECT_NE(mail.find("credits now expire after 2 years"), std::string::npos) << mail;
  EXPECT_NE(mail.find(std::string(kOrigin) + "/terms"), std::string::npos) << mail;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM notify_outbox WHERE to_address IN ('bob@example.com', "
                  "'eve@example.com') AND template = 'policy_update'"),
            0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_events WHERE action = 'admin.policy.publish' AND "
                  "target = 'terms 2026-11-30'"),
            1);
  Reply again = Publish("terms", "2026-11-30", "again");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.ErrorCode(), "already_exists");

  json::object terms = Current(&ana, "terms");
  EXPECT_EQ(core::StringOr(terms, "version"), "2026-11-30");
  EXPECT_EQ(core::StringOr(terms, "summary"), "Section 4: credits now expire after 2 years.");
  EXPECT_EQ(terms.at("accepted"), json::value(false));
  EXPECT_EQ(Current(&ana, "privacy").at("accepted"), json::value(true));
  // The API keeps working meanwhile.
  EXPECT_EQ(As(ana, "GET", "/v1/me").status, 200);

  Reply stale = As(ana, "POST", "/v1/policies/accept",
                   Body({{"kind", "terms"}, {"version", std::string(accounts::kTermsVersion)}}));
  EXPECT_EQ(stale.status, 409);
  EXPECT_NE(stale.body.find("reload"), std::string::npos) << stale.body;
  Reply no_csrf =
      Call("POST", "/v1/policies/accept", Body({{"kind", "terms"}, {"version", "2026-11-30"}}),
           {{"Cookie", ana.cookie}});
  EXPECT_EQ(no_csrf.status, 403) << no_csrf.body;

  clock_.Advance(std::chrono::minutes(5));
  Reply ok =
      As(ana, "POST", "/v1/policies/accept", Body({{"kind", "terms"}, {"version", "2026-11-30"}}));
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json.as_object().at("accepted"), json::value(true));
  const std::string accepted_at = core::StringOr(ok.json.as_object(), "accepted_at");
  clock_.Advance(std::chrono::minutes(5));
  Reply twice =
      As(ana, "POST", "/v1/policies/accept", Body({{"kind", "terms"}, {"version", "2026-11-30"}}));
  ASSERT_EQ(twice.status, 200) << twice.body;
  EXPECT_EQ(core::StringOr(twice.json.as_object(), "accepted_at"), accepted_at);
  EXPECT_EQ(Current(&ana, "terms").at("accepted"), json::value(true));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM policy_acceptances WHERE version = '2026-11-30'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM users WHERE email = 'ana@example.com' AND terms_version = "
                  "'2026-11-30'"),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_events WHERE action = 'policy.accept'"), 1);

  // Sign-up now needs the new version.
  Reply old_signup = Call("POST", "/v1/signup", SignupBody("dan@example.com", "4 Secret Street"));
  EXPECT_EQ(old_signup.status, 400);
  EXPECT_NE(old_signup.body.find("2026-11-30"), std::string::npos) << old_signup.body;

  Reply list = As(admin_, "GET", "/admin/api/policies");
  ASSERT_EQ(list.status, 200) << list.body;
  const auto& rows = list.json.as_object().at("data").as_array();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].as_object().at("acceptances"), json::value(1));
  EXPECT_EQ(rows[0].as_object().at("current"), json::value(true));
  EXPECT_EQ(As(ana, "GET", "/admin/api/policies").status, 404);
}

TEST_P(PoliciesApiTest, OnlyTheSessionCookieIsEverSet) {
  std::vector<Reply> replies;
  replies.push_back(Call("POST", "/v1/signup", SignupBody("ana@example.com", "1 Secret Street")));
  const std::string token = TokenFromLink(LastEmailTo("ana@example.com"), "/verify-email");
  replies.push_back(Call("POST", "/v1/verify-email", Body({{"token", token}})));
  replies.push_back(Call("GET", "/v1/policies/current"));
  replies.push_back(
      Call("POST", "/v1/login", Body({{"email", "ana@example.com"}, {"password", kPassword}})));
  Browser ana{"__Host-leados_session=" + replies.back().SetCookie("__Host-leados_session"),
              core::StringOr(replies.back().json.as_object(), "csrf_token")};
  replies.push_back(As(ana, "GET", "/v1/me"));
  replies.push_back(As(ana, "GET", "/v1/policies/current"));
  replies.push_back(As(ana, "POST", "/v1/logout"));
  int session_cookies = 0;
  for (const auto& r : replies) {
    EXPECT_LT(r.status, 300) << r.body;
    for (const auto& name : CookieNames(r)) {
      EXPECT_EQ(name, "__Host-leados_session");
      ++session_cookies;
    }
  }
  EXPECT_EQ(session_cookies, 2);  // set at sign-in, cleared at sign-out
  EXPECT_EQ(CookieNames(admin_login_), std::vector<std::string>{"__Host-leados_admin"});
}

INSTANTIATE_TEST_SUITE_P(Backends, PoliciesApiTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         DialectParamName);

}  // namespace
}  // namespace leados::api::testing
