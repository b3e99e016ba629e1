#pragma once
// Stripe webhook signatures (https://docs.stripe.com/webhooks#verify-manually): the
// `Stripe-Signature` header is "t=<unix seconds>,v1=<hex>[,v1=<hex>…][,v0=…]"; each v1 is
// HMAC-SHA-256 over "<t>.<raw body>" keyed with the WHOLE endpoint secret string ("whsec_…",
// prefix included, not decoded), written as lowercase hex. This is not the Standard Webhooks
// convention of src/deliver (decoded key, base64). Pure functions over core/crypto; thread-safe.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace leados::billing {

// How far `t` may be from our clock, in both directions (Stripe's libraries use 300 s into the
// past; we also refuse timestamps more than 300 s in the future, which a replay with a forged
// clock would need).
inline constexpr core::Duration kStripeSignatureTolerance = std::chrono::seconds(300);

// The parts of a Stripe-Signature header we use.
struct StripeSignatureHeader {
  int64_t timestamp = 0;        // t=
  std::vector<std::string> v1;  // every v1= value (lowercase hex expected), in order
};

// Parses the header: comma-separated key=value pairs (spaces around them allowed); exactly one
// numeric t=, at least one v1=; v0= and unknown keys are ignored. kInvalidArgument naming what is
// missing or malformed.
core::Result<StripeSignatureHeader> ParseStripeSignatureHeader(std::string_view header);

// The lowercase-hex v1 MAC of `payload` at `timestamp` under `secret` (the whole whsec_… string).
std::string StripeSignature(std::string_view secret, int64_t timestamp, std::string_view payload);

// "t=<timestamp>,v1=<StripeSignature>": what Stripe sends (for tests and local tools).
std::string StripeSignatureHeaderFor(std::string_view secret, int64_t timestamp,
                                     std::string_view payload);

// Verifies a webhook delivery: the header parses, |now - t| <= tolerance, and one v1 equals our
// MAC (constant-time comparison). kInvalidArgument for a missing or malformed header,
// kPermissionDenied "Stripe-Signature: timestamp … is … outside the 300 s tolerance" or
// "Stripe-Signature: no v1 signature matches …". An empty `secret` is kFailedPrecondition (the
// installation has no stripe.webhook_secret). Never includes the secret or the body in messages.
core::Status VerifyStripeSignature(std::string_view secret, std::string_view header,
                                   std::string_view payload, core::TimePoint now,
                                   core::Duration tolerance = kStripeSignatureTolerance);

}  // namespace leados::billing
