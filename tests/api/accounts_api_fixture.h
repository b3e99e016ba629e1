#pragma once
// The accounts API wired as `leados serve` wires it, on a fresh database of either backend (a new
// SQLite file, or a new PostgreSQL schema), with a manual clock. Requests go through the real
// router (middleware, authentication, CSRF) without sockets.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "accounts/account_service.h"
#include "accounts/admin_service.h"
#include "accounts/api_key_store.h"
#include "accounts/audit_log.h"
#include "accounts/password_hasher.h"
#include "accounts/session_store.h"
#include "api/accounts_api.h"
#include "api/rate_limit_gate.h"
#include "core/clock.h"
#include "core/json.h"
#include "http/router.h"
#include "privacy/field_cipher.h"
#include "privacy/keyring.h"
#include "store/database.h"
#include "store/memory_key_value.h"
#include "store/test_support.h"

namespace leados::api::testing {

inline constexpr const char* kOrigin = "https://leados.test";
inline constexpr const char* kClientIp = "198.51.100.7";
inline constexpr const char* kAdminIp = "203.0.113.9";  // in admin.allow_ips
inline constexpr const char* kProxyIp = "10.0.0.1";     // in admin.trusted_proxies
inline constexpr const char* kPassword = "correct horse battery staple 42";

struct Reply {
  int status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  core::json::value json;  // parsed body when it is JSON, else null
  std::string Header(std::string_view name) const;
  // The value of the cookie `name` this reply sets, or "".
  std::string SetCookie(std::string_view name) const;
  std::string ErrorCode() const;
};

// A browser-like client: remembers its cookies and CSRF token.
struct Browser {
  std::string cookie;      // "__Host-leados_session=…" as sent back
  std::string csrf_token;  // from login / getMe
  std::string ip = kClientIp;
};

class AccountsApiFixture : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override;
  void TearDown() override;
  // Lets a derived fixture register more routes (other modules' APIs) on the router after the
  // accounts routes and before it is frozen. Every service above exists when it runs.
  virtual void AddMoreRoutes(http::Router& router) { (void)router; }
  // Lets a derived fixture turn the API rate limits on (off by default: most tests make many
  // requests from one address). The gate counts on kv_ with clock_.
  virtual std::optional<RateLimitOptions> RateLimits() { return std::nullopt; }
  // Lets a derived fixture change the account service's options (sign-up limits, domain lists).
  virtual void AdjustAccountOptions(accounts::AccountServiceOptions& options) { (void)options; }

  // One request through the router. `headers` are added as given.
  Reply Call(std::string method, std::string target, std::string body = "",
             std::vector<std::pair<std::string, std::string>> headers = {},
             std::string ip = kClientIp);
  // A request as `browser`: its cookie, and for unsafe methods its CSRF token and our Origin.
  Reply As(Browser& browser, std::string method, std::string target, std::string body = "");
  // A request with `Authorization: Bearer <key>`.
  Reply WithKey(const std::string& key, std::string method, std::string target,
                std::string body = "");

  // Signs up `email` (company "<email> Ltd", billing address "<n> Secret Street"), follows the
  // verification link from the outbox, signs in, and returns the browser.
  Browser SignUpAndSignIn(const std::string& email, const std::string& billing_address);
  // The newest email to `to` in the outbox (text part); "" when none.
  std::string LastEmailTo(const std::string& to);
  // The token of the first link in `text` with path `path` ("/verify-email").
  static std::string TokenFromLink(const std::string& text, const std::string& path);
  std::string SignupBody(const std::string& email, const std::string& billing_address,
                         const std::string& password = kPassword);

  core::ManualClock clock_;
  std::unique_ptr<store::testing::FreshDatabase> fresh_;
  store::Database* db_ = nullptr;
  std::unique_ptr<store::MemoryKeyValue> kv_;
  std::unique_ptr<privacy::Keyring> keyring_;
  std::unique_ptr<privacy::FieldCipher> cipher_;
  std::unique_ptr<accounts::PasswordHasher> hasher_;
  std::unique_ptr<accounts::AuditLog> audit_;
  std::unique_ptr<accounts::SessionStore> sessions_;
  std::unique_ptr<accounts::ApiKeyStore> api_keys_;
  std::unique_ptr<accounts::AccountService> accounts_;
  std::unique_ptr<accounts::AdminService> admins_;
  std::unique_ptr<RateLimitGate> rate_limits_;
  std::unique_ptr<AccountsApi> api_;
  std::unique_ptr<http::Router> router_;
};

std::string DialectParamName(const ::testing::TestParamInfo<store::Dialect>& info);

}  // namespace leados::api::testing
