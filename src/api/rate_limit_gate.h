#pragma once
// RateLimitGate: the API's request rate limits — one token bucket per API key and one per client
// IP, kept in the KeyValue store (store::KeyValue::TakeTokens), so every `leados serve` sharing a
// Redis shares the buckets. It decides and renders; AccountsApi calls it in its pipeline:
//
//  - per IP (after the trusted-proxy resolution of the client address): every request except
//    those exempt below and those that carry `Authorization: Bearer …` to an operation that
//    accepts API keys — those are counted per key once the key authenticated, or per IP when it
//    did not (so guessing keys is limited by address). Like GitHub, an authenticated API client
//    is limited by its key, not by the address it calls from, and everyone else by address
//    (portal sessions included: one browser is one address).
//  - per API key (`key_…` id): every request that authenticated with that key.
//  - exempt: GET /healthz, /readyz and /metrics (monitoring polls them), POST /webhooks/stripe
//    (Stripe retries on 429 and its signature is the authentication), and GET/HEAD requests no
//    route matched (the portal's static files and pages, served from memory).
//
// Answers (draft-ietf-httpapi-ratelimit-headers, the -10 syntax): every counted response carries
//   RateLimit-Policy: "ip";q=<burst>;w=<seconds to refill the whole burst>
//   RateLimit: "ip";r=<requests left now>;t=<seconds until the bucket is full again>
// (policy "api_key" for key buckets). A refusal is 429 rate_limited with `Retry-After` in whole
// seconds (rounded up; the earliest moment one more request is admitted) and the same fields.
// A KV outage fails open: the request goes ahead without headers and a warning is logged.
// Thread-safe.

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"
#include "store/key_value.h"

namespace leados::api {

// One bucket's shape: `burst` requests at once, refilled at `per_second`.
struct RateLimit {
  double per_second = 1;
  int64_t burst = 1;
};

struct RateLimitOptions {
  bool enabled = true;
  // Defaults in the range public APIs use: Stripe allows 25 requests/s per key in test mode and
  // 100/s in live mode, GitHub 5,000/h per token and far less per anonymous address. A key may
  // burst 100 (a client paging leads or syncing campaigns) and keep 25/s; an address (portal
  // sessions, sign-in, sign-up, the public privacy form) may burst 50 — a portal page load makes
  // fewer than 10 calls — and keep 10/s.
  RateLimit api_key{25, 100};
  RateLimit ip{10, 50};
};

// What one request was charged to and what it was told.
struct RateLimitDecision {
  std::string policy;  // "ip" or "api_key"
  RateLimit limit;
  store::TokenBucketResult bucket;
};

class RateLimitGate {
 public:
  // `kv` and `clock` must outlive the gate.
  RateLimitGate(store::KeyValue& kv, const core::Clock& clock, RateLimitOptions options);

  bool enabled() const { return options_.enabled; }
  // True for requests no bucket counts (see above).
  static bool IsExempt(const http::Request& req);
  // True when the per-IP middleware leaves `req` to the key check: it carries a Bearer token to
  // an operation that accepts API keys.
  static bool CountedPerKey(const http::Request& req);

  // Takes one token from the bucket of the client address `ip` (an IPv6 address counts by its
  // /64, what one host or household is given; the address is stored hashed). nullopt when the
  // gate is disabled or the KV failed (fail open, logged).
  std::optional<RateLimitDecision> TakeIp(std::string_view ip);
  // Takes one token from the bucket of the API key `key_id` (key_…). nullopt as above.
  std::optional<RateLimitDecision> TakeApiKey(std::string_view key_id);

  // The 429 answer for a refused decision (JSON error, Retry-After, RateLimit fields).
  static http::Response Refusal(const RateLimitDecision& decision);
  // Adds the RateLimit-Policy and RateLimit fields of `decision` to `response`.
  static void Annotate(http::Response& response, const RateLimitDecision& decision);

  // The per-IP middleware (register after the client-IP one): counts, refuses or annotates.
  http::Middleware IpMiddleware();

  // The bucket key of an address: IPv4 as is, IPv6 cut to its /64, then hashed (exposed for tests).
  static std::string IpBucketKey(std::string_view ip);

 private:
  std::optional<RateLimitDecision> Take(std::string policy, const std::string& key,
                                        const RateLimit& limit);

  store::KeyValue& kv_;
  const core::Clock& clock_;
  RateLimitOptions options_;
};

}  // namespace leados::api
