#include "accounts/session_token.h"

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "core/encoding.h"

namespace leados::accounts {
namespace {

TEST(SessionTokenTest, TokensAre256RandomBitsAndOnlyHashesAreStored) {
  std::string a = NewSessionToken();
  std::string b = NewSessionToken();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.size(), 43u);
  EXPECT_EQ(core::Base64UrlDecode(a)->size(), 32u);
  EXPECT_TRUE(IsWellFormedSessionToken(a));
  EXPECT_FALSE(IsWellFormedSessionToken(a.substr(1)));
  EXPECT_FALSE(IsWellFormedSessionToken(a.substr(1) + "="));
  EXPECT_EQ(HashToken(a), core::Sha256Hex(a));
  EXPECT_EQ(HashToken(a).size(), 64u);
}

TEST(SessionTokenTest, CookiesCarryTheSecurityAttributes) {
  EXPECT_EQ(SessionCookie(SessionKind::kUser, "tok", 1209600),
            "__Host-leados_session=tok; Path=/; Max-Age=1209600; Secure; HttpOnly; SameSite=Lax");
  EXPECT_EQ(SessionCookie(SessionKind::kAdmin, "tok", 3600),
            "__Host-leados_admin=tok; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Strict");
  EXPECT_EQ(ClearingSessionCookie(SessionKind::kUser),
            "__Host-leados_session=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax");
  EXPECT_EQ(ClearingSessionCookie(SessionKind::kAdmin),
            "__Host-leados_admin=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict");
}

TEST(SessionTokenTest, CsrfTokenIsBoundToTheSessionAndOrigin) {
  const std::string key(32, 'k');
  const std::string origin = "https://leads.example.com";
  std::string session = HashToken(NewSessionToken());
  std::string other_session = HashToken(NewSessionToken());
  std::string token = CsrfTokenFor(key, session);
  EXPECT_NE(token, CsrfTokenFor(key, other_session));
  EXPECT_NE(token, CsrfTokenFor(std::string(32, 'j'), session));

  EXPECT_TRUE(CheckCsrf({"GET", "", "https://evil.example", session}, key, origin));
  EXPECT_TRUE(CheckCsrf({"POST", token, origin, session}, key, origin));
  EXPECT_TRUE(CheckCsrf({"DELETE", token, "", session}, key, origin));

  auto missing = CheckCsrf({"POST", "", origin, session}, key, origin);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(missing.error().message,
            "the X-CSRF-Token header is missing: reload the page and try again");
  EXPECT_EQ(CheckCsrf({"POST", token, origin, other_session}, key, origin).error().message,
            "the CSRF token does not belong to this session: reload the page and try again");
  EXPECT_EQ(CheckCsrf({"PUT", token, "https://evil.example", session}, key, origin).error().message,
            "request came from https://evil.example, not from https://leads.example.com: "
            "cross-site requests are refused");
}

}  // namespace
}  // namespace leados::accounts
