#pragma once
// API keys: generation, offline format checks, hashing, and scopes.
//
// Format: "lk_" + env ("live" or "test") + "_" + 33 base62 characters (24 random bytes,
// 192 bits) + 6 base62 characters of checksum (CRC-32 of everything before it, as GitHub's
// token format does). Example: lk_live_3fT0…q9Zk1Xb2. Total length 47. The prefix lets secret
// scanners find leaked keys; the checksum lets clients and the server reject a mistyped or
// truncated key without a database lookup.
//
// The plaintext is shown once, at creation. Only its SHA-256 (hex) and a short display prefix
// (the first 12 characters, shown as "lk_live_AbCd…") are stored.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"

namespace leados::accounts {

enum class ApiKeyEnv { kLive, kTest };

// "live" / "test".
std::string_view ApiKeyEnvName(ApiKeyEnv env);

struct GeneratedApiKey {
  std::string plaintext;       // show once, never store
  std::string display_prefix;  // first 12 characters, e.g. "lk_live_AbCd"
  std::string sha256_hex;      // what is stored and looked up
};

inline constexpr size_t kApiKeyLength = 47;
inline constexpr size_t kApiKeyDisplayPrefixLength = 12;

// A new key for `env` from the OS CSPRNG. Thread-safe.
GeneratedApiKey GenerateApiKey(ApiKeyEnv env);

// Checks the shape of `text` without any lookup and returns its environment. Errors are
// kUnauthenticated with a message naming the problem: wrong prefix, wrong length (truncated
// copy), a character outside [0-9A-Za-z], or a checksum mismatch (a typo). Thread-safe.
core::Result<ApiKeyEnv> ValidateApiKeyFormat(std::string_view text);

// SHA-256 of the key as 64 lowercase hex characters (the stored form).
std::string HashApiKey(std::string_view plaintext);

// The CRC-32 (IEEE 802.3, as zlib) of `data`; exposed for tests.
uint32_t Crc32(std::string_view data);

// What a key may do. Names in the API: "leads:read", "campaigns:write", "webhooks:write",
// "billing:read".
enum class ApiScope : uint32_t {
  kLeadsRead = 1u << 0,
  kCampaignsWrite = 1u << 1,
  kWebhooksWrite = 1u << 2,
  kBillingRead = 1u << 3,
};

std::string_view ApiScopeName(ApiScope scope);
// kInvalidArgument "unknown scope 'x': use one of leads:read, campaigns:write, …".
core::Result<ApiScope> ParseApiScope(std::string_view name);

// A set of scopes (a bitmask, cheap to copy and to store as an integer).
class ApiScopes {
 public:
  ApiScopes() = default;
  static ApiScopes FromBits(uint32_t bits) { return ApiScopes(bits & kAllBits); }
  static ApiScopes All() { return ApiScopes(kAllBits); }
  // Parses names separated by commas and/or spaces ("leads:read, billing:read"); an empty text
  // is an empty set. Errors as ParseApiScope.
  static core::Result<ApiScopes> Parse(std::string_view text);

  bool Has(ApiScope scope) const { return (bits_ & static_cast<uint32_t>(scope)) != 0; }
  ApiScopes With(ApiScope scope) const { return ApiScopes(bits_ | static_cast<uint32_t>(scope)); }
  uint32_t bits() const { return bits_; }
  bool empty() const { return bits_ == 0; }
  // Names in a fixed order joined by ',' ("leads:read,billing:read").
  std::string Format() const;

  friend bool operator==(ApiScopes, ApiScopes) = default;

 private:
  static constexpr uint32_t kAllBits = 0xF;
  explicit ApiScopes(uint32_t bits) : bits_(bits) {}
  uint32_t bits_ = 0;
};

// The stored facts about a key that decide whether a request may use it (the store-backed
// service fills it from its table).
struct ApiKeyRecord {
  std::string id;
  std::string client_id;
  std::string display_prefix;
  ApiScopes scopes;
  std::optional<core::TimePoint> expires_at;
  std::optional<core::TimePoint> revoked_at;
  std::optional<core::TimePoint> last_used_at;
};

// Ok when `record` may be used at `now` for `needed`. Errors: kUnauthenticated "API key
// lk_live_AbCd… was revoked on …" / "… expired on …"; kPermissionDenied "API key lk_live_AbCd…
// lacks the scope leads:read". Pure.
core::Status AuthorizeApiKey(const ApiKeyRecord& record, ApiScope needed, core::TimePoint now);

// True when last_used_at should be written for a use at `now`: it is unset or older than
// `granularity`. Keeps the hot path from writing on every request.
bool ShouldTouchLastUsed(const ApiKeyRecord& record, core::TimePoint now,
                         core::Duration granularity = std::chrono::minutes(1));

}  // namespace leados::accounts
