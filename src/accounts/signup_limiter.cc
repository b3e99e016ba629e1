#include "accounts/signup_limiter.h"

#include <algorithm>
#include <chrono>
#include <string>

#include "core/crypto.h"
#include "core/log.h"

namespace leados::accounts {

core::Status SignupLimiter::Take(std::string_view ip) {
  if (per_day_ <= 0) return core::Ok();
  const std::string key = "signup:ip:" + core::Sha256Hex(ip);
  const auto day = std::chrono::hours(24);
  auto count = kv_.Increment(key, 1, day);
  if (!count) {
    core::log::Warn("signup_limit.kv_unavailable", {{"error", count.error().message}});
    return core::Ok();
  }
  if (*count <= per_day_) return core::Ok();
  auto ttl = kv_.Ttl(key);
  int64_t seconds = std::chrono::duration_cast<std::chrono::seconds>(day).count();
  if (ttl && *ttl) seconds = std::chrono::ceil<std::chrono::seconds>(**ttl).count();
  return core::Fail(core::ErrorCode::kResourceExhausted,
                    "too many sign-ups from this address today (at most " +
                        std::to_string(per_day_) + " in 24 hours); try again in " +
                        std::to_string(std::max<int64_t>(seconds, 1)) + " seconds");
}

}  // namespace leados::accounts
