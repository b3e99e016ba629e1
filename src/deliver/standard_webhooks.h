#pragma once
// Standard Webhooks signing (https://www.standardwebhooks.com): the secret format, the signature
// header a sender puts on each request, and verification as a receiver does it (tests, CLI).
//
// A secret is "whsec_" + base64 of the raw key bytes. The signed content is
// "{webhook-id}.{webhook-timestamp}.{body}", the MAC is HMAC-SHA-256 keyed with the DECODED key
// bytes, and the header carries "v1,<base64 MAC>"; several active secrets (rotation overlap) give
// several space-separated entries. This is not Stripe's convention (whole string as key, hex).
// Pure functions over core/crypto; thread-safe.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace leados::deliver {

inline constexpr std::string_view kWebhookSecretPrefix = "whsec_";
// How far a receiver lets webhook-timestamp differ from its clock (the spec's default).
inline constexpr core::Duration kDefaultWebhookTolerance = std::chrono::minutes(5);

// A new secret: "whsec_" + base64 of `key_bytes` bytes from the OS CSPRNG. `key_bytes` is clamped
// to [24, 64] (the spec asks for 24 to 64 bytes).
std::string GenerateWebhookSecret(size_t key_bytes = 32);

// The raw key bytes of "whsec_<base64>" (the prefix is optional, as receivers accept both).
// kInvalidArgument "webhook secret …" when the rest is not base64 or is empty.
core::Result<std::string> DecodeWebhookSecret(std::string_view secret);

// "v1,<base64(HMAC-SHA-256(key, id.timestamp.body))>". Errors as DecodeWebhookSecret.
core::Result<std::string> SignWebhook(std::string_view secret, std::string_view webhook_id,
                                      int64_t timestamp_seconds, std::string_view body);

// The webhook-signature header value for every secret in `secrets` (current first), joined by
// single spaces. kInvalidArgument when `secrets` is empty or one does not decode.
core::Result<std::string> SignatureHeader(const std::vector<std::string>& secrets,
                                          std::string_view webhook_id, int64_t timestamp_seconds,
                                          std::string_view body);

// The three headers a receiver reads.
struct WebhookHeaders {
  std::string id;         // webhook-id
  std::string timestamp;  // webhook-timestamp (decimal Unix seconds)
  std::string signature;  // webhook-signature
};

// Verifies a request as a receiver holding `secret`: the timestamp must be within `tolerance`
// of `now`, and one "v1," entry of the signature header must equal our MAC (constant-time
// comparison; other versions are ignored). kInvalidArgument for missing or malformed headers,
// kPermissionDenied "no signature matches" / "timestamp … outside the tolerance".
core::Status VerifyWebhook(std::string_view secret, const WebhookHeaders& headers,
                           std::string_view body, core::TimePoint now,
                           core::Duration tolerance = kDefaultWebhookTolerance);

}  // namespace leados::deliver
