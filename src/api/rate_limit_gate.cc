#include "api/rate_limit_gate.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>

#include "core/crypto.h"
#include "core/log.h"

namespace leados::api {
namespace {

int64_t CeilSeconds(core::Duration d) {
  return std::max<int64_t>(0, std::chrono::ceil<std::chrono::seconds>(d).count());
}

// The policy's window: how long the whole burst takes to come back, in whole seconds.
int64_t WindowSeconds(const RateLimit& limit) {
  return std::max<int64_t>(
      1, static_cast<int64_t>(std::ceil(static_cast<double>(limit.burst) / limit.per_second)));
}

bool IsBearer(const http::Request& req) {
  auto authorization = req.headers.Get("Authorization");
  return authorization && authorization->starts_with("Bearer ");
}

}  // namespace

RateLimitGate::RateLimitGate(store::KeyValue& kv, const core::Clock& clock,
                             RateLimitOptions options)
    : kv_(kv), clock_(clock), options_(options) {}

bool RateLimitGate::IsExempt(const http::Request& req) {
  const bool read = req.method == "GET" || req.method == "HEAD";
  if (read && (req.path == "/healthz" || req.path == "/readyz" || req.path == "/metrics")) {
    return true;
  }
  if (req.method == "POST" && req.path == "/webhooks/stripe") return true;
  return read && req.operation == nullptr;  // the portal's static files and pages
}

bool RateLimitGate::CountedPerKey(const http::Request& req) {
  if (req.operation == nullptr || !IsBearer(req)) return false;
  return req.operation->auth == http::Auth::kApiKey ||
         req.operation->auth == http::Auth::kSessionOrApiKey;
}

std::string RateLimitGate::IpBucketKey(std::string_view ip) {
  std::string address(ip);
  std::array<unsigned char, 16> v6{};
  if (inet_pton(AF_INET6, address.c_str(), v6.data()) == 1) {
    // One host or household gets a /64: counting single addresses would let it rotate through
    // 2^64 of them.
    std::fill(v6.begin() + 8, v6.end(), 0);
    char text[INET6_ADDRSTRLEN] = {};
    if (inet_ntop(AF_INET6, v6.data(), text, sizeof text) != nullptr) address = text;
    address += "/64";
  }
  return "ratelimit:ip:" + core::Sha256Hex(address).substr(0, 32);
}

std::optional<RateLimitDecision> RateLimitGate::Take(std::string policy, const std::string& key,
                                                     const RateLimit& limit) {
  if (!options_.enabled) return std::nullopt;
  auto bucket = kv_.TakeTokens(key, 1, limit.per_second, limit.burst, clock_.Now());
  if (!bucket) {
    core::log::Warn("ratelimit.kv_unavailable",
                    {{"policy", policy}, {"error", bucket.error().message}});
    return std::nullopt;
  }
  return RateLimitDecision{std::move(policy), limit, *bucket};
}

std::optional<RateLimitDecision> RateLimitGate::TakeIp(std::string_view ip) {
  return Take("ip", IpBucketKey(ip), options_.ip);
}

std::optional<RateLimitDecision> RateLimitGate::TakeApiKey(std::string_view key_id) {
  return Take("api_key", "ratelimit:key:" + std::string(key_id), options_.api_key);
}

void RateLimitGate::Annotate(http::Response& response, const RateLimitDecision& d) {
  response.WithHeader("RateLimit-Policy", fmt::format("\"{}\";q={};w={}", d.policy, d.limit.burst,
                                                      WindowSeconds(d.limit)));
  response.WithHeader("RateLimit", fmt::format("\"{}\";r={};t={}", d.policy, d.bucket.remaining,
                                               CeilSeconds(d.bucket.reset)));
}

http::Response RateLimitGate::Refusal(const RateLimitDecision& d) {
  const int64_t retry = std::max<int64_t>(1, CeilSeconds(d.bucket.retry_after));
  const std::string who = d.policy == "ip" ? "from this address" : "with this API key";
  http::Response r = http::Response::Error(core::Error{
      core::ErrorCode::kResourceExhausted,
      fmt::format("too many requests {}: the limit is {} per second with bursts of {}; slow down "
                  "and retry after {} s",
                  who, d.limit.per_second, d.limit.burst, retry)});
  r.WithHeader("Retry-After", std::to_string(retry));
  Annotate(r, d);
  return r;
}

http::Middleware RateLimitGate::IpMiddleware() {
  return [this](http::Request& req, const http::Handler& next) {
    if (!options_.enabled || IsExempt(req) || CountedPerKey(req)) return next(req);
    auto decision = TakeIp(req.remote_ip);
    if (!decision) return next(req);
    if (!decision->bucket.allowed) return Refusal(*decision);
    http::Response r = next(req);
    Annotate(r, *decision);
    return r;
  };
}

}  // namespace leados::api
