// Client accounts over HTTP on both database backends: sign-up, verification, sign-in and its
// cookie, session fixation, CSRF, sign-out, password reset and change, throttling, API keys and
// the rule that no account-scoped operation reaches another account's data.
#include <gtest/gtest.h>

#include <set>

#include "accounts_api_fixture.h"

namespace leados::api::testing {
namespace {

namespace json = core::json;

std::string Body(json::object o) {
  return core::ToJson(o);
}

class AccountsApiTest : public AccountsApiFixture {};

TEST_P(AccountsApiTest, SignUpVerifySignInAndReadMe) {
  Reply signup = Call("POST", "/v1/signup", SignupBody("ana@example.com", "1 Main St, Lisbon"));
  ASSERT_EQ(signup.status, 202) << signup.body;
  // Not verified yet: a right password is told to confirm the email first.
  Reply early =
      Call("POST", "/v1/login", Body({{"email", "ana@example.com"}, {"password", kPassword}}));
  EXPECT_EQ(early.status, 422) << early.body;
  EXPECT_NE(early.body.find("confirm your email"), std::string::npos);

  const std::string token = TokenFromLink(LastEmailTo("ana@example.com"), "/verify-email");
  ASSERT_FALSE(token.empty());
  Reply page = Call("GET", "/verify-email?token=" + token);
  EXPECT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("Email confirmed"), std::string::npos);
  // A link works once.
  EXPECT_EQ(Call("GET", "/verify-email?token=" + token).status, 404);

  Reply login =
      Call("POST", "/v1/login", Body({{"email", " ANA@example.com "}, {"password", kPassword}}));
  ASSERT_EQ(login.status, 200) << login.body;
  // The cookie: __Host- prefix, HttpOnly, Secure, SameSite=Lax, Path=/, no Domain.
  std::string set_cookie = login.Header("Set-Cookie");
  EXPECT_TRUE(set_cookie.starts_with("__Host-leados_session=")) << set_cookie;
  for (const char* attr : {"; HttpOnly", "; Secure", "; SameSite=Lax", "; Path=/"}) {
    EXPECT_NE(set_cookie.find(attr), std::string::npos) << attr << " missing in " << set_cookie;
  }
  EXPECT_EQ(set_cookie.find("Domain"), std::string::npos);
  EXPECT_EQ(login.Header("Cache-Control"), "no-store");

  Browser b{"__Host-leados_session=" + login.SetCookie("__Host-leados_session"),
            core::StringOr(login.json.as_object(), "csrf_token")};
  Reply me = As(b, "GET", "/v1/me");
  ASSERT_EQ(me.status, 200) << me.body;
  const auto& account = me.json.as_object().at("account").as_object();
  EXPECT_EQ(core::StringOr(account, "billing_address"), "1 Main St, Lisbon");
  EXPECT_EQ(core::StringOr(account, "terms_version"), accounts::kTermsVersion);
  EXPECT_EQ(core::StringOr(me.json.as_object().at("user").as_object(), "email"), "ana@example.com");
  // A first sign-in from this IP sent a new-sign-in notice.
  EXPECT_NE(LastEmailTo("ana@example.com").find("just signed in"), std::string::npos);

  // The audit log of the account shows sign-up, verification and sign-in.
  Reply audit = As(b, "GET", "/v1/audit-events");
  ASSERT_EQ(audit.status, 200) << audit.body;
  std::string actions;
  for (const auto& e : audit.json.as_object().at("data").as_array()) {
    actions += core::StringOr(e.as_object(), "action") + " ";
  }
  EXPECT_EQ(actions, "session.sign_in account.verify_email account.signup ");
}

TEST_P(AccountsApiTest, SignUpRefusesBadInputNamingTheFieldAndKeepsNothing) {
  struct Case {
    const char* field;
    json::value value;
    const char* expect;
  };
  const std::vector<Case> cases = {
      {"email", "not-an-email", "email must look like"},
      {"password", "password123", "common"},
      {"password", "short", "at least 10"},
      {"name", "", "name is required"},
      {"billing_address", "  ", "billing_address is required"},
      {"terms_version", "2020-01-01", "terms_version"},
      {"confirm_adult", false, "18 or over"},
      {"confirm_business", false, "businesses"},
  };
  for (const auto& c : cases) {
    auto body = core::ParseJsonObject(SignupBody("bad@example.com", "1 Main St"));
    ASSERT_TRUE(body);
    (*body)[c.field] = c.value;
    Reply r = Call("POST", "/v1/signup", core::ToJson(*body));
    EXPECT_EQ(r.status, 400) << c.field << ": " << r.body;
    EXPECT_EQ(r.ErrorCode(), "invalid_argument") << r.body;
    EXPECT_NE(r.body.find(c.expect), std::string::npos) << c.field << ": " << r.body;
  }
  Reply not_json = Call("POST", "/v1/signup", "{oops");
  EXPECT_EQ(not_json.status, 400);
  EXPECT_NE(not_json.body.find("JSON object"), std::string::npos);
  auto users = db_->Query("SELECT COUNT(*) FROM users");
  ASSERT_TRUE(users);
  EXPECT_EQ(users->front().Int(0), 0);
  auto accounts = db_->Query("SELECT COUNT(*) FROM accounts");
  EXPECT_EQ(accounts->front().Int(0), 0);
}

TEST_P(AccountsApiTest, RegisteredAndUnknownEmailsLookTheSame) {
  SignUpAndSignIn("ana@example.com", "1 Main St");
  Reply again = Call("POST", "/v1/signup", SignupBody("ana@example.com", "2 Other St"));
  Reply fresh = Call("POST", "/v1/signup", SignupBody("new@example.com", "3 New St"));
  EXPECT_EQ(again.status, 202);
  EXPECT_EQ(again.body, fresh.body);
  // The owner hears about the attempt; nothing changed.
  EXPECT_NE(LastEmailTo("ana@example.com").find("already"), std::string::npos);
  Reply wrong = Call("POST", "/v1/login", Body({{"email", "ana@example.com"}, {"password", "x"}}));
  Reply unknown =
      Call("POST", "/v1/login", Body({{"email", "who@example.com"}, {"password", "x"}}));
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.body, unknown.body);
  Reply reset_known =
      Call("POST", "/v1/password-reset/request", Body({{"email", "ana@example.com"}}));
  Reply reset_unknown =
      Call("POST", "/v1/password-reset/request", Body({{"email", "who@example.com"}}));
  EXPECT_EQ(reset_known.status, 202);
  EXPECT_EQ(reset_known.body, reset_unknown.body);
}

TEST_P(AccountsApiTest, SessionFixationIsRefused) {
  SignUpAndSignIn("ana@example.com", "1 Main St");
  // An attacker plants a token of their choosing; signing in never adopts it.
  const std::string planted = accounts::NewSessionToken();
  Reply login =
      Call("POST", "/v1/login", Body({{"email", "ana@example.com"}, {"password", kPassword}}),
           {{"Cookie", "__Host-leados_session=" + planted}});
  ASSERT_EQ(login.status, 200);
  const std::string issued = login.SetCookie("__Host-leados_session");
  EXPECT_NE(issued, planted);
  EXPECT_EQ(issued.size(), planted.size());
  Browser attacker{"__Host-leados_session=" + planted, ""};
  EXPECT_EQ(As(attacker, "GET", "/v1/me").status, 401);
  Browser victim{"__Host-leados_session=" + issued, ""};
  EXPECT_EQ(As(victim, "GET", "/v1/me").status, 200);
  // Two sign-ins make two different sessions.
  Reply second =
      Call("POST", "/v1/login", Body({{"email", "ana@example.com"}, {"password", kPassword}}));
  EXPECT_NE(second.SetCookie("__Host-leados_session"), issued);
}

TEST_P(AccountsApiTest, CsrfIsRequiredForCookieRequestsThatChangeState) {
  Browser b = SignUpAndSignIn("ana@example.com", "1 Main St");
  const std::string body = Body({{"name", "ci"}, {"scopes", json::array{"leads:read"}}});
  // No token.
  Reply no_token = Call("POST", "/v1/api-keys", body, {{"Cookie", b.cookie}, {"Origin", kOrigin}});
  EXPECT_EQ(no_token.status, 403) << no_token.body;
  EXPECT_EQ(no_token.ErrorCode(), "permission_denied");
  // A token from another session.
  Reply wrong_token = Call("POST", "/v1/api-keys", body,
                           {{"Cookie", b.cookie}, {"X-CSRF-Token", "AAAA"}, {"Origin", kOrigin}});
  EXPECT_EQ(wrong_token.status, 403);
  // The right token from a foreign origin.
  Reply cross = Call(
      "POST", "/v1/api-keys", body,
      {{"Cookie", b.cookie}, {"X-CSRF-Token", b.csrf_token}, {"Origin", "https://evil.example"}});
  EXPECT_EQ(cross.status, 403);
  // Login CSRF: a foreign site cannot post a sign-in either.
  Reply login_csrf =
      Call("POST", "/v1/login", Body({{"email", "ana@example.com"}, {"password", kPassword}}),
           {{"Origin", "https://evil.example"}});
  EXPECT_EQ(login_csrf.status, 403);
  auto keys = db_->Query("SELECT COUNT(*) FROM api_keys");
  EXPECT_EQ(keys->front().Int(0), 0);
  // Token and origin right: accepted.
  EXPECT_EQ(As(b, "POST", "/v1/api-keys", body).status, 201);
}

TEST_P(AccountsApiTest, SignOutEndsTheSessionAndTimeoutsApply) {
  Browser b = SignUpAndSignIn("ana@example.com", "1 Main St");
  Reply out = As(b, "POST", "/v1/logout");
  EXPECT_EQ(out.status, 204) << out.body;
  EXPECT_NE(out.Header("Set-Cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(As(b, "GET", "/v1/me").status, 401);

  // Idle timeout (7 days), then absolute timeout (30 days) even when active.
  Browser idle = SignUpAndSignIn("bo@example.com", "2 Main St");
  clock_.Advance(std::chrono::hours(24 * 7 + 1));
  EXPECT_EQ(As(idle, "GET", "/v1/me").status, 401);
  Reply login =
      Call("POST", "/v1/login", Body({{"email", "bo@example.com"}, {"password", kPassword}}));
  Browser active{"__Host-leados_session=" + login.SetCookie("__Host-leados_session"), ""};
  for (int day = 0; day < 29; ++day) {
    clock_.Advance(std::chrono::hours(24));
    ASSERT_EQ(As(active, "GET", "/v1/me").status, 200) << "day " << day;
  }
  clock_.Advance(std::chrono::hours(25));
  EXPECT_EQ(As(active, "GET", "/v1/me").status, 401);
}

TEST_P(AccountsApiTest, PasswordResetEndsEverySessionAndChangeNeedsTheOldPassword) {
  Browser b = SignUpAndSignIn("ana@example.com", "1 Main St");
  ASSERT_EQ(Call("POST", "/v1/password-reset/request", Body({{"email", "ana@example.com"}})).status,
            202);
  const std::string token = TokenFromLink(LastEmailTo("ana@example.com"), "/reset-password");
  ASSERT_FALSE(token.empty());
  Reply weak =
      Call("POST", "/v1/password-reset", Body({{"token", token}, {"password", "password1"}}));
  EXPECT_EQ(weak.status, 400) << weak.body;
  const std::string fresh = "a much better passphrase 7";
  Reply reset = Call("POST", "/v1/password-reset", Body({{"token", token}, {"password", fresh}}));
  ASSERT_EQ(reset.status, 200) << reset.body;
  EXPECT_EQ(
      Call("POST", "/v1/password-reset", Body({{"token", token}, {"password", fresh}})).status,
      404);
  EXPECT_EQ(As(b, "GET", "/v1/me").status, 401);  // all sessions ended
  Reply login =
      Call("POST", "/v1/login", Body({{"email", "ana@example.com"}, {"password", fresh}}));
  ASSERT_EQ(login.status, 200);
  Browser c{"__Host-leados_session=" + login.SetCookie("__Host-leados_session"),
            core::StringOr(login.json.as_object(), "csrf_token")};
  Reply wrong = As(
      c, "POST", "/v1/me/password",
      Body({{"current_password", "nope nope nope"}, {"new_password", "another fine passphrase"}}));
  EXPECT_EQ(wrong.status, 403);
  Reply changed =
      As(c, "POST", "/v1/me/password",
         Body({{"current_password", fresh}, {"new_password", "another fine passphrase"}}));
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(As(c, "GET", "/v1/me").status, 401);  // the old session ended…
  Browser d{"__Host-leados_session=" + changed.SetCookie("__Host-leados_session"), ""};
  EXPECT_EQ(As(d, "GET", "/v1/me").status, 200);  // …and the answer carried a new one

  // Reset links expire after an hour.
  ASSERT_EQ(Call("POST", "/v1/password-reset/request", Body({{"email", "ana@example.com"}})).status,
            202);
  const std::string late = TokenFromLink(LastEmailTo("ana@example.com"), "/reset-password");
  clock_.Advance(std::chrono::minutes(61));
  EXPECT_EQ(Call("POST", "/v1/password-reset", Body({{"token", late}, {"password", fresh}})).status,
            422);
}

TEST_P(AccountsApiTest, EmailChangeNeedsThePasswordAndTheNewAddress) {
  Browser b = SignUpAndSignIn("ana@example.com", "1 Main St");
  EXPECT_EQ(As(b, "POST", "/v1/me/email",
               Body({{"current_password", "wrong wrong wrong"}, {"new_email", "ana@new.example"}}))
                .status,
            403);
  ASSERT_EQ(As(b, "POST", "/v1/me/email",
               Body({{"current_password", kPassword}, {"new_email", "ana@new.example"}}))
                .status,
            202);
  EXPECT_NE(LastEmailTo("ana@example.com").find("ana@new.example"), std::string::npos);
  const std::string token = TokenFromLink(LastEmailTo("ana@new.example"), "/verify-email");
  ASSERT_EQ(Call("POST", "/v1/verify-email", Body({{"token", token}})).status, 200);
  EXPECT_EQ(Call("POST", "/v1/login", Body({{"email", "ana@new.example"}, {"password", kPassword}}))
                .status,
            200);
}

TEST_P(AccountsApiTest, ProfileEditsNameAndOwnersRenameTheCompanyAllOrNothing) {
  Browser b = SignUpAndSignIn("ana@example.com", "1 Main St");
  // A blank name names its field and changes nothing, not even the valid company name.
  Reply blank = As(b, "PATCH", "/v1/me", Body({{"name", "  "}, {"company_name", "Acme Two"}}));
  EXPECT_EQ(blank.status, 400) << blank.body;
  EXPECT_NE(blank.body.find("name is required"), std::string::npos) << blank.body;
  Reply me = As(b, "GET", "/v1/me");
  EXPECT_EQ(core::StringOr(me.json.as_object().at("account").as_object(), "company_name"), "ana@example.com Ltd");
  EXPECT_EQ(As(b, "PATCH", "/v1/me", Body({{"name", std::string(201, 'x')}})).status, 400);
  EXPECT_EQ(As(b, "PATCH", "/v1/me", "{}").status, 400);

  Reply ok = As(b, "PATCH", "/v1/me", Body({{"name", " Ana Lima "}, {"company_name", "Acme Two"}}));
  ASSERT_EQ(ok.status, 200) << ok.body;
  me = As(b, "GET", "/v1/me");
  EXPECT_EQ(core::StringOr(me.json.as_object().at("user").as_object(), "name"), "Ana Lima");
  EXPECT_EQ(core::StringOr(me.json.as_object().at("account").as_object(), "company_name"),
            "Acme Two");
  auto audited = db_->Query(
      "SELECT detail FROM audit_events WHERE action = 'user.profile_update' ORDER BY id");
  ASSERT_TRUE(audited.has_value());
  ASSERT_EQ(audited->size(), 1u);
  EXPECT_EQ(audited->front().Text(0), "name, company_name");  // which fields, not their values

  // A member may rename themselves but not the company.
  ASSERT_TRUE(db_->Exec("UPDATE users SET role = 'member'").has_value());
  Reply member = As(b, "PATCH", "/v1/me", Body({{"company_name", "Hijacked"}}));
  EXPECT_EQ(member.status, 403) << member.body;
  EXPECT_NE(member.body.find("company_name can be changed only by an owner"), std::string::npos);
  EXPECT_EQ(As(b, "PATCH", "/v1/me", Body({{"name", "Ana L."}})).status, 200);
  // Without the CSRF token a cookie request changes nothing.
  Browser no_csrf{b.cookie, ""};
  EXPECT_EQ(As(no_csrf, "PATCH", "/v1/me", Body({{"name", "Mallory"}})).status, 403);
  me = As(b, "GET", "/v1/me");
  EXPECT_EQ(core::StringOr(me.json.as_object().at("user").as_object(), "name"), "Ana L.");
}

TEST_P(AccountsApiTest, FailedSignInsSlowDownWithoutLockingTheOwnerOut) {
  SignUpAndSignIn("ana@example.com", "1 Main St");  // signs in from kClientIp: a known address
  const std::string wrong = Body({{"email", "ana@example.com"}, {"password", "wrong password!"}});
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(Call("POST", "/v1/login", wrong, {}, "192.0.2.50").status, 401) << i;
  }
  Reply slowed = Call("POST", "/v1/login", wrong, {}, "192.0.2.50");
  EXPECT_EQ(slowed.status, 429) << slowed.body;
  EXPECT_FALSE(slowed.Header("Retry-After").empty());
  // A distributed attack (many IPs) fills the per-email counter…
  for (int i = 0; i < 30; ++i) {
    (void)Call("POST", "/v1/login", wrong, {}, "192.0.2." + std::to_string(100 + i));
  }
  EXPECT_EQ(Call("POST", "/v1/login", wrong, {}, "192.0.2.200").status, 429);
  // …but the owner, from an address they signed in from before, still gets in.
  Reply owner =
      Call("POST", "/v1/login", Body({{"email", "ana@example.com"}, {"password", kPassword}}));
  EXPECT_EQ(owner.status, 200) << owner.body;
  // The window passes.
  clock_.Advance(std::chrono::minutes(16));
  EXPECT_EQ(Call("POST", "/v1/login", Body({{"email", "ana@example.com"}, {"password", kPassword}}),
                 {}, "192.0.2.200")
                .status,
            200);
}

TEST_P(AccountsApiTest, ApiKeysAreShownOnceAuthenticateAndRevoke) {
  Browser b = SignUpAndSignIn("ana@example.com", "1 Main St");
  Reply created =
      As(b, "POST", "/v1/api-keys",
         Body({{"name", "crm sync"}, {"scopes", json::array{"leads:read", "billing:read"}}}));
  ASSERT_EQ(created.status, 201) << created.body;
  const auto& k = created.json.as_object();
  const std::string secret = core::StringOr(k, "secret");
  const std::string id = core::StringOr(k, "id");
  EXPECT_TRUE(secret.starts_with("lk_live_"));
  EXPECT_EQ(secret.size(), accounts::kApiKeyLength);
  EXPECT_EQ(core::StringOr(k, "prefix"), secret.substr(0, 12));

  Reply list = As(b, "GET", "/v1/api-keys");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body.find(secret), std::string::npos);  // never shown again
  EXPECT_EQ(list.json.as_object().at("data").as_array().size(), 1u);

  Reply me = WithKey(secret, "GET", "/v1/me");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(core::StringOr(me.json.as_object().at("api_key").as_object(), "id"), id);
  // API keys cannot manage API keys (portal session only).
  EXPECT_EQ(WithKey(secret, "GET", "/v1/api-keys").status, 403);
  // Scopes are enforced.
  auto scoped = api_keys_->Authenticate(secret, accounts::ApiScope::kCampaignsWrite);
  ASSERT_FALSE(scoped);
  EXPECT_EQ(scoped.error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_TRUE(api_keys_->Authenticate(secret, accounts::ApiScope::kLeadsRead));
  // A typo is caught offline, with a message saying so.
  std::string typo = secret;
  typo[20] = typo[20] == 'a' ? 'b' : 'a';
  Reply bad = WithKey(typo, "GET", "/v1/me");
  EXPECT_EQ(bad.status, 401);
  EXPECT_FALSE(bad.Header("WWW-Authenticate").empty());

  EXPECT_EQ(As(b, "DELETE", "/v1/api-keys/" + id).status, 204);
  Reply revoked = WithKey(secret, "GET", "/v1/me");
  EXPECT_EQ(revoked.status, 401);
  EXPECT_NE(revoked.body.find("revoked"), std::string::npos) << revoked.body;

  // Expiry.
  Reply expiring = As(b, "POST", "/v1/api-keys",
                      Body({{"name", "short"},
                            {"scopes", json::array{"leads:read"}},
                            {"expires_at", "2026-11-19T00:00:00Z"}}));
  ASSERT_EQ(expiring.status, 201) << expiring.body;
  const std::string short_secret = core::StringOr(expiring.json.as_object(), "secret");
  EXPECT_EQ(WithKey(short_secret, "GET", "/v1/me").status, 200);
  clock_.Advance(std::chrono::hours(48));
  EXPECT_EQ(WithKey(short_secret, "GET", "/v1/me").status, 401);
  // Bad input names the field.
  Reply no_scope =
      As(b, "POST", "/v1/api-keys", Body({{"name", "x"}, {"scopes", json::array{"admin"}}}));
  EXPECT_EQ(no_scope.status, 400);
  Reply past = As(b, "POST", "/v1/api-keys",
                  Body({{"name", "x"},
                        {"scopes", json::array{"leads:read"}},
                        {"expires_at", "2020-01-01T00:00:00Z"}}));
  EXPECT_EQ(past.status, 400);
  EXPECT_NE(past.body.find("expires_at"), std::string::npos);
}

// Every account-scoped operation, called by account A with account B's ids, must neither act on
// nor reveal B's data.
TEST_P(AccountsApiTest, NoOperationReachesAnotherAccount) {
  Browser a = SignUpAndSignIn("ana@a.example", "A street 1");
  Browser b = SignUpAndSignIn("bo@b.example", "B street 2");
  Reply b_key =
      As(b, "POST", "/v1/api-keys", Body({{"name", "b"}, {"scopes", json::array{"leads:read"}}}));
  ASSERT_EQ(b_key.status, 201);
  const std::string b_key_id = core::StringOr(b_key.json.as_object(), "id");
  const std::string b_secret = core::StringOr(b_key.json.as_object(), "secret");
  Reply a_key =
      As(a, "POST", "/v1/api-keys", Body({{"name", "a"}, {"scopes", json::array{"leads:read"}}}));
  const std::string a_secret = core::StringOr(a_key.json.as_object(), "secret");
  Reply b_me = As(b, "GET", "/v1/me");
  const std::string b_account =
      core::StringOr(b_me.json.as_object().at("account").as_object(), "id");
  const std::string b_user = core::StringOr(b_me.json.as_object().at("user").as_object(), "id");

  struct Case {
    const char* operation;
    std::string method;
    std::string target;
    std::string body;
    int want_status;  // what A gets
  };
  const std::vector<Case> cases = {
      {"revokeApiKey", "DELETE", "/v1/api-keys/" + b_key_id, "", 404},
      {"listApiKeys", "GET", "/v1/api-keys", "", 200},
      {"listAuditEvents", "GET", "/v1/audit-events?limit=500", "", 200},
      {"getMe", "GET", "/v1/me", "", 200},
      {"createApiKey", "POST", "/v1/api-keys",
       Body({{"name", "x"}, {"scopes", json::array{"leads:read"}}, {"account_id", b_account}}),
       201},
  };
  for (const auto& c : cases) {
    Reply r = As(a, c.method, c.target, c.body);
    EXPECT_EQ(r.status, c.want_status) << c.operation << ": " << r.body;
    for (const std::string& foreign :
         {b_key_id, b_account, b_user, std::string("bo@b.example"), std::string("B street 2")}) {
      EXPECT_EQ(r.body.find(foreign), std::string::npos) << c.operation << " revealed " << foreign;
    }
  }
  // The API-key variant of the readable operations, too.
  Reply by_key = WithKey(a_secret, "GET", "/v1/me");
  EXPECT_EQ(by_key.body.find(b_account), std::string::npos);
  // B's key still works and B still sees only its own keys.
  EXPECT_EQ(WithKey(b_secret, "GET", "/v1/me").status, 200);
  Reply b_list = As(b, "GET", "/v1/api-keys");
  EXPECT_EQ(b_list.json.as_object().at("data").as_array().size(), 1u);
}

TEST_P(AccountsApiTest, EveryOperationOfTheIssueIsDocumented) {
  std::set<std::string> ids;
  for (const auto& route : router_->Routes()) ids.insert(route.operation->operation_id);
  for (const char* id :
       {"signup", "verifyEmail", "login", "logout", "requestPasswordReset", "resetPassword",
        "getMe", "createApiKey", "listApiKeys", "revokeApiKey", "adminLogin", "listAuditEvents"}) {
    EXPECT_TRUE(ids.contains(id)) << id;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountsApiTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         DialectParamName);

}  // namespace
}  // namespace leados::api::testing
