#include "accounts/api_key.h"

#include <gtest/gtest.h>

#include <set>

#include "core/crypto.h"

namespace leados::accounts {
namespace {

TEST(ApiKeyTest, GeneratedKeyHasTheDocumentedShape) {
  GeneratedApiKey key = GenerateApiKey(ApiKeyEnv::kLive);
  EXPECT_EQ(key.plaintext.size(), kApiKeyLength);
  EXPECT_TRUE(key.plaintext.starts_with("lk_live_"));
  EXPECT_EQ(key.display_prefix, key.plaintext.substr(0, 12));
  EXPECT_EQ(key.sha256_hex, core::Sha256Hex(key.plaintext));
  EXPECT_EQ(key.sha256_hex, HashApiKey(key.plaintext));
  EXPECT_EQ(*ValidateApiKeyFormat(key.plaintext), ApiKeyEnv::kLive);
  EXPECT_EQ(*ValidateApiKeyFormat(GenerateApiKey(ApiKeyEnv::kTest).plaintext), ApiKeyEnv::kTest);
}

TEST(ApiKeyTest, KeysAreUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) seen.insert(GenerateApiKey(ApiKeyEnv::kTest).plaintext);
  EXPECT_EQ(seen.size(), 200u);
}

TEST(ApiKeyTest, Crc32MatchesTheStandardCheckValue) {
  EXPECT_EQ(Crc32("123456789"), 0xCBF43926u);
  EXPECT_EQ(Crc32(""), 0u);
}

std::string Message(std::string_view key) {
  auto r = ValidateApiKeyFormat(key);
  EXPECT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kUnauthenticated);
  return r.error().message;
}

TEST(ApiKeyTest, TyposAreCaughtOffline) {
  std::string key = GenerateApiKey(ApiKeyEnv::kLive).plaintext;
  EXPECT_EQ(Message("sk_live_" + key.substr(8)),
            "this is not a LeadOS API key: keys start with 'lk_live_' or 'lk_test_'");
  EXPECT_EQ(Message(key.substr(0, 40)),
            "API key has 40 characters, expected 47: copy the whole key without spaces or line "
            "breaks");
  std::string bad_char = key;
  bad_char[20] = '-';
  EXPECT_EQ(Message(bad_char),
            "API key has an invalid character at position 21: keys contain only letters and "
            "digits after the prefix");
  // Every single-character substitution in the random part is caught by the checksum.
  int caught = 0;
  for (size_t i = 8; i < 41; ++i) {
    std::string typo = key;
    typo[i] = typo[i] == 'a' ? 'b' : 'a';
    if (!ValidateApiKeyFormat(typo)) ++caught;
    EXPECT_EQ(Message(typo), "API key checksum does not match: the key was mistyped or altered");
  }
  EXPECT_EQ(caught, 33);
  // Swapping live for test is also caught: the checksum covers the prefix.
  EXPECT_FALSE(ValidateApiKeyFormat("lk_test_" + key.substr(8)));
}

TEST(ApiKeyTest, ScopesParseAndFormat) {
  auto scopes = ApiScopes::Parse("leads:read, billing:read");
  ASSERT_TRUE(scopes);
  EXPECT_TRUE(scopes->Has(ApiScope::kLeadsRead));
  EXPECT_TRUE(scopes->Has(ApiScope::kBillingRead));
  EXPECT_FALSE(scopes->Has(ApiScope::kCampaignsWrite));
  EXPECT_EQ(scopes->Format(), "leads:read,billing:read");
  EXPECT_EQ(ApiScopes::All().Format(), "leads:read,campaigns:write,webhooks:write,billing:read");
  EXPECT_EQ(*ApiScopes::Parse(ApiScopes::All().Format()), ApiScopes::All());
  EXPECT_TRUE(ApiScopes::Parse("")->empty());
  auto bad = ApiScopes::Parse("leads:read leads:write");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message,
            "unknown scope 'leads:write': use one of leads:read, campaigns:write, webhooks:write, "
            "billing:read");
  EXPECT_EQ(ApiScopes::FromBits(scopes->bits()), *scopes);
}

TEST(ApiKeyTest, AuthorizeChecksRevocationExpiryAndScope) {
  using std::chrono::hours;
  core::TimePoint now{std::chrono::seconds(1'767'225'600)};
  ApiKeyRecord record;
  record.display_prefix = "lk_live_AbCd";
  record.scopes = ApiScopes().With(ApiScope::kLeadsRead);
  EXPECT_TRUE(AuthorizeApiKey(record, ApiScope::kLeadsRead, now));
  auto denied = AuthorizeApiKey(record, ApiScope::kWebhooksWrite, now);
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(denied.error().message,
            "API key lk_live_AbCd… lacks the scope webhooks:write: create a key that has it");

  record.expires_at = now + hours(1);
  EXPECT_TRUE(AuthorizeApiKey(record, ApiScope::kLeadsRead, now));
  record.expires_at = now;
  EXPECT_EQ(AuthorizeApiKey(record, ApiScope::kLeadsRead, now).error().message,
            "API key lk_live_AbCd… expired on 2026-01-01T00:00:00Z: create a new key");
  record.revoked_at = now - hours(24);
  EXPECT_EQ(AuthorizeApiKey(record, ApiScope::kLeadsRead, now).error().message,
            "API key lk_live_AbCd… was revoked on 2025-12-31T00:00:00Z: create a new key");
}

TEST(ApiKeyTest, LastUsedIsWrittenAtMostOncePerMinute) {
  core::TimePoint now{std::chrono::seconds(1'767'225'600)};
  ApiKeyRecord record;
  EXPECT_TRUE(ShouldTouchLastUsed(record, now));
  record.last_used_at = now - std::chrono::seconds(30);
  EXPECT_FALSE(ShouldTouchLastUsed(record, now));
  record.last_used_at = now - std::chrono::seconds(60);
  EXPECT_TRUE(ShouldTouchLastUsed(record, now));
}

}  // namespace
}  // namespace leados::accounts
