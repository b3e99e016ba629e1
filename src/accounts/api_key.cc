#include "accounts/api_key.h"

#include <fmt/format.h>

#include <array>

#include "core/crypto.h"

namespace leados::accounts {
namespace {

constexpr std::string_view kBase62 =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr size_t kRandomBytes = 24;
constexpr size_t kRandomChars = 33;   // ceil(192 / log2(62))
constexpr size_t kChecksumChars = 6;  // 62^6 > 2^32
constexpr std::string_view kLivePrefix = "lk_live_";
constexpr std::string_view kTestPrefix = "lk_test_";
constexpr size_t kPrefixLength = 8;
static_assert(kPrefixLength + kRandomChars + kChecksumChars == kApiKeyLength);

// Big-endian bytes as exactly `width` base62 digits (leading zeros kept).
std::string Base62Fixed(std::string bytes, size_t width) {
  std::string out(width, '0');
  for (size_t i = width; i-- > 0;) {
    unsigned remainder = 0;
    for (char& b : bytes) {
      unsigned acc = (remainder << 8) | static_cast<unsigned char>(b);
      b = static_cast<char>(acc / 62);
      remainder = acc % 62;
    }
    out[i] = kBase62[remainder];
  }
  return out;
}

std::string ChecksumChars(std::string_view body) {
  uint32_t crc = Crc32(body);
  std::string bytes = {static_cast<char>(crc >> 24), static_cast<char>(crc >> 16),
                       static_cast<char>(crc >> 8), static_cast<char>(crc)};
  return Base62Fixed(std::move(bytes), kChecksumChars);
}

bool IsBase62(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

constexpr std::array<uint32_t, 256> MakeCrcTable() {
  std::array<uint32_t, 256> table{};
  for (uint32_t n = 0; n < 256; ++n) {
    uint32_t c = n;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[n] = c;
  }
  return table;
}
constexpr auto kCrcTable = MakeCrcTable();

constexpr std::array<ApiScope, 4> kAllScopes = {ApiScope::kLeadsRead, ApiScope::kCampaignsWrite,
                                                ApiScope::kWebhooksWrite, ApiScope::kBillingRead};

}  // namespace

std::string_view ApiKeyEnvName(ApiKeyEnv env) {
  return env == ApiKeyEnv::kLive ? "live" : "test";
}

uint32_t Crc32(std::string_view data) {
  uint32_t c = 0xFFFFFFFFu;
  for (char ch : data) c = kCrcTable[(c ^ static_cast<unsigned char>(ch)) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

GeneratedApiKey GenerateApiKey(ApiKeyEnv env) {
  std::string body(env == ApiKeyEnv::kLive ? kLivePrefix : kTestPrefix);
  body += Base62Fixed(core::RandomBytes(kRandomBytes), kRandomChars);
  std::string key = body + ChecksumChars(body);
  GeneratedApiKey out;
  out.display_prefix = key.substr(0, kApiKeyDisplayPrefixLength);
  out.sha256_hex = HashApiKey(key);
  out.plaintext = std::move(key);
  return out;
}

core::Result<ApiKeyEnv> ValidateApiKeyFormat(std::string_view text) {
  auto fail = [](std::string message) {
    return core::Fail(core::ErrorCode::kUnauthenticated, std::move(message));
  };
  ApiKeyEnv env;
  if (text.starts_with(kLivePrefix)) {
    env = ApiKeyEnv::kLive;
  } else if (text.starts_with(kTestPrefix)) {
    env = ApiKeyEnv::kTest;
  } else {
    return fail("this is not a LeadOS API key: keys start with 'lk_live_' or 'lk_test_'");
  }
  if (text.size() != kApiKeyLength) {
    return fail(fmt::format(
        "API key has {} characters, expected {}: copy the whole key without spaces or line breaks",
        text.size(), kApiKeyLength));
  }
  for (size_t i = kPrefixLength; i < text.size(); ++i) {
    if (!IsBase62(text[i])) {
      return fail(fmt::format(
          "API key has an invalid character at position {}: keys contain only letters and digits "
          "after the prefix",
          i + 1));
    }
  }
  std::string_view body = text.substr(0, kApiKeyLength - kChecksumChars);
  // Not secret: the checksum only catches typos; comparison time does not matter.
  if (ChecksumChars(body) != text.substr(kApiKeyLength - kChecksumChars)) {
    return fail("API key checksum does not match: the key was mistyped or altered");
  }
  return env;
}

std::string HashApiKey(std::string_view plaintext) {
  return core::Sha256Hex(plaintext);
}

std::string_view ApiScopeName(ApiScope scope) {
  switch (scope) {
    case ApiScope::kLeadsRead: return "leads:read";
    case ApiScope::kCampaignsWrite: return "campaigns:write";
    case ApiScope::kWebhooksWrite: return "webhooks:write";
    case ApiScope::kBillingRead: return "billing:read";
  }
  return "unknown";
}

core::Result<ApiScope> ParseApiScope(std::string_view name) {
  for (ApiScope s : kAllScopes) {
    if (ApiScopeName(s) == name) return s;
  }
  return core::InvalidArgument(fmt::format(
      "unknown scope '{}': use one of leads:read, campaigns:write, webhooks:write, billing:read",
      name));
}

core::Result<ApiScopes> ApiScopes::Parse(std::string_view text) {
  ApiScopes out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find_first_of(", ", pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view name = text.substr(pos, end - pos);
    pos = end + 1;
    if (name.empty()) continue;
    auto scope = ParseApiScope(name);
    if (!scope) return core::Fail(scope.error());
    out = out.With(*scope);
  }
  return out;
}

std::string ApiScopes::Format() const {
  std::string out;
  for (ApiScope s : kAllScopes) {
    if (!Has(s)) continue;
    if (!out.empty()) out += ',';
    out += ApiScopeName(s);
  }
  return out;
}

core::Status AuthorizeApiKey(const ApiKeyRecord& record, ApiScope needed, core::TimePoint now) {
  if (record.revoked_at && *record.revoked_at <= now) {
    return core::Fail(core::ErrorCode::kUnauthenticated,
                      fmt::format("API key {}… was revoked on {}: create a new key",
                                  record.display_prefix, core::FormatRfc3339(*record.revoked_at)));
  }
  if (record.expires_at && *record.expires_at <= now) {
    return core::Fail(core::ErrorCode::kUnauthenticated,
                      fmt::format("API key {}… expired on {}: create a new key",
                                  record.display_prefix, core::FormatRfc3339(*record.expires_at)));
  }
  if (!record.scopes.Has(needed)) {
    return core::Fail(core::ErrorCode::kPermissionDenied,
                      fmt::format("API key {}… lacks the scope {}: create a key that has it",
                                  record.display_prefix, ApiScopeName(needed)));
  }
  return core::Ok();
}

bool ShouldTouchLastUsed(const ApiKeyRecord& record, core::TimePoint now,
                         core::Duration granularity) {
  return !record.last_used_at || now - *record.last_used_at >= granularity;
}

}  // namespace leados::accounts
