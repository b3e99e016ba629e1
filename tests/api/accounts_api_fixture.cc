#include "accounts_api_fixture.h"

#include "core/crypto.h"

namespace leados::api::testing {

std::string Reply::Header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (http::EqualsIgnoreCase(n, name)) return v;
  }
  return "";
}

std::string Reply::SetCookie(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (!http::EqualsIgnoreCase(n, "Set-Cookie")) continue;
    if (v.starts_with(std::string(name) + "=")) {
      return v.substr(name.size() + 1, v.find(';') - name.size() - 1);
    }
  }
  return "";
}

std::string Reply::ErrorCode() const {
  if (!json.is_object()) return "";
  const auto* error = json.as_object().if_contains("error");
  if (error == nullptr || !error->is_object()) return "";
  return core::StringOr(error->as_object(), "code");
}

std::string DialectParamName(const ::testing::TestParamInfo<store::Dialect>& info) {
  return std::string(store::DialectName(info.param));
}

void AccountsApiFixture::SetUp() {
  clock_.Set(core::TimePoint(std::chrono::seconds(1'795'000'000)));  // 2026-11-18
  auto fresh = store::testing::FreshDatabase::Open(GetParam(), clock_);
  if (!fresh && fresh.error().code == core::ErrorCode::kUnavailable) {
    GTEST_SKIP() << fresh.error().message;
  }
  ASSERT_TRUE(fresh) << fresh.error().message;
  fresh_ = std::move(*fresh);
  db_ = &fresh_->db();

  kv_ = std::make_unique<store::MemoryKeyValue>(clock_);
  auto master = privacy::MasterKey::FromBytes(core::RandomBytes(32));
  ASSERT_TRUE(master);
  auto ring = privacy::Keyring::Create(std::move(*master), clock_);
  ASSERT_TRUE(ring);
  keyring_ = std::move(*ring);
  cipher_ = std::make_unique<privacy::FieldCipher>(*keyring_);
  hasher_ = std::make_unique<accounts::PasswordHasher>();
  audit_ = std::make_unique<accounts::AuditLog>(clock_);
  sessions_ = std::make_unique<accounts::SessionStore>(*db_, clock_);
  api_keys_ = std::make_unique<accounts::ApiKeyStore>(*db_, clock_, *audit_);
  accounts::AccountServiceOptions account_options{.public_url = kOrigin};
  AdjustAccountOptions(account_options);
  accounts_ = std::make_unique<accounts::AccountService>(*db_, *kv_, clock_, *hasher_, *cipher_,
                                                         *audit_, *sessions_, account_options);
  admins_ = std::make_unique<accounts::AdminService>(*db_, *kv_, clock_, *hasher_, *cipher_,
                                                     *audit_, *sessions_);
  AccountsApiConfig config;
  config.site_origin = kOrigin;
  config.csrf_key = std::string(32, 'k');
  auto allow = http::IpAllowList::Parse({"203.0.113.0/24"});
  ASSERT_TRUE(allow);
  config.admin_allow_ips = *allow;
  auto proxies = http::IpAllowList::Parse({kProxyIp});
  ASSERT_TRUE(proxies);
  config.trusted_proxies = *proxies;
  if (auto limits = RateLimits()) {
    rate_limits_ = std::make_unique<RateLimitGate>(*kv_, clock_, *limits);
  }
  api_ = std::make_unique<AccountsApi>(
      AccountsApiServices{*accounts_, *admins_, *api_keys_, *sessions_, *audit_, *db_,
                          rate_limits_.get()},
      config);
  router_ = std::make_unique<http::Router>();
  api_->Register(*router_);
  AddMoreRoutes(*router_);
  router_->Freeze();
}

void AccountsApiFixture::TearDown() {}

Reply AccountsApiFixture::Call(std::string method, std::string target, std::string body,
                               std::vector<std::pair<std::string, std::string>> headers,
                               std::string ip) {
  http::Request req;
  req.method = std::move(method);
  req.target = target;
  const size_t q = target.find('?');
  req.path = target.substr(0, q);
  if (q != std::string::npos) {
    std::string_view rest = std::string_view(target).substr(q + 1);
    while (!rest.empty()) {
      size_t amp = rest.find('&');
      std::string_view pair = rest.substr(0, amp);
      rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
      size_t eq = pair.find('=');
      req.query.emplace(std::string(pair.substr(0, eq)),
                        eq == std::string_view::npos ? "" : std::string(pair.substr(eq + 1)));
    }
  }
  for (auto& [n, v] : headers) req.headers.Add(n, v);
  req.body = std::move(body);
  req.remote_ip = std::move(ip);
  http::Response r = router_->Dispatch(req);
  Reply out{r.status, r.body, r.headers, nullptr};
  if (auto parsed = core::ParseJson(r.body)) out.json = *parsed;
  return out;
}

Reply AccountsApiFixture::As(Browser& b, std::string method, std::string target, std::string body) {
  std::vector<std::pair<std::string, std::string>> headers;
  if (!b.cookie.empty()) headers.emplace_back("Cookie", b.cookie);
  if (method != "GET") {
    headers.emplace_back("Origin", kOrigin);
    headers.emplace_back("X-CSRF-Token", b.csrf_token);
  }
  return Call(std::move(method), std::move(target), std::move(body), headers, b.ip);
}

Reply AccountsApiFixture::WithKey(const std::string& key, std::string method, std::string target,
                                  std::string body) {
  return Call(std::move(method), std::move(target), std::move(body),
              {{"Authorization", "Bearer " + key}});
}

std::string AccountsApiFixture::SignupBody(const std::string& email,
                                           const std::string& billing_address,
                                           const std::string& password) {
  return core::ToJson(core::json::object{{"name", "Ana Example"},
                                         {"email", email},
                                         {"company_name", email + " Ltd"},
                                         {"billing_address", billing_address},
                                         {"password", password},
                                         {"terms_version", accounts::kTermsVersion},
                                         {"privacy_version", accounts::kPrivacyVersion},
                                         {"confirm_business", true},
                                         {"confirm_adult", true}});
}

std::string AccountsApiFixture::LastEmailTo(const std::string& to) {
  auto rows = db_->Query(
      "SELECT body_text FROM notify_outbox WHERE to_address = ? ORDER BY id DESC LIMIT 1", {to});
  if (!rows || rows->empty()) return "";
  return rows->front().Text(0);
}

std::string AccountsApiFixture::TokenFromLink(const std::string& text, const std::string& path) {
  const std::string marker = std::string(kOrigin) + path + "?token=";
  size_t at = text.find(marker);
  if (at == std::string::npos) return "";
  size_t start = at + marker.size();
  size_t end = start;
  while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
  return text.substr(start, end - start);
}

Browser AccountsApiFixture::SignUpAndSignIn(const std::string& email,
                                            const std::string& billing_address) {
  Browser b;
  Reply signup = Call("POST", "/v1/signup", SignupBody(email, billing_address));
  EXPECT_EQ(signup.status, 202) << signup.body;
  std::string token = TokenFromLink(LastEmailTo(email), "/verify-email");
  EXPECT_FALSE(token.empty());
  Reply verified =
      Call("POST", "/v1/verify-email", core::ToJson(core::json::object{{"token", token}}));
  EXPECT_EQ(verified.status, 200) << verified.body;
  Reply login = Call("POST", "/v1/login",
                     core::ToJson(core::json::object{{"email", email}, {"password", kPassword}}));
  EXPECT_EQ(login.status, 200) << login.body;
  b.cookie = "__Host-leados_session=" + login.SetCookie("__Host-leados_session");
  if (login.json.is_object()) b.csrf_token = core::StringOr(login.json.as_object(), "csrf_token");
  return b;
}

}  // namespace leados::api::testing
