// The token-bucket arithmetic shared by the KeyValue backends (redis_key_value.cc repeats it in
// Lua, line for line, so every backend decides the same).
#include "store/token_bucket.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "store/key_value.h"

namespace leados::store::internal {
namespace {

// Float sums such as 0.1 * 10 land just under the whole number they mean.
constexpr double kEpsilon = 1e-9;

core::Error NotABucket() {
  return {core::ErrorCode::kFailedPrecondition,
          "the value at this key is not a token bucket, so tokens cannot be taken from it"};
}

}  // namespace

core::Status CheckTokenBucket(int64_t cost, double rate_per_second, int64_t burst) {
  if (burst < 1) return core::InvalidArgument("a token bucket's burst must be at least 1");
  if (cost < 1 || cost > burst) {
    return core::InvalidArgument("the cost of a take must be from 1 to the bucket's burst");
  }
  if (!(rate_per_second > 0) || !std::isfinite(rate_per_second)) {
    return core::InvalidArgument("a token bucket's refill rate must be a positive number");
  }
  return core::Ok();
}

core::Result<int64_t> TakeTokensArgs(std::string_view key, int64_t cost, double rate_per_second,
                                     int64_t burst, core::TimePoint now) {
  if (auto st = CheckKey(key); !st) return core::Fail(st.error());
  if (auto ok = CheckTokenBucket(cost, rate_per_second, burst); !ok) return core::Fail(ok.error());
  return std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
}

core::Result<TokenBucketStep> StepTokenBucket(const std::optional<std::string>& state, int64_t cost,
                                              double rate_per_second, int64_t burst,
                                              int64_t now_ms) {
  if (auto ok = CheckTokenBucket(cost, rate_per_second, burst); !ok) return core::Fail(ok.error());
  double tokens = static_cast<double>(burst);
  int64_t last = now_ms;
  if (state) {
    const size_t space = state->find(' ');
    if (space == std::string::npos) return core::Fail(NotABucket());
    const char* begin = state->data();
    const char* end = begin + state->size();
    auto t = std::from_chars(begin, begin + space, tokens);
    auto l = std::from_chars(begin + space + 1, end, last);
    if (t.ec != std::errc() || l.ec != std::errc() || l.ptr != end) return core::Fail(NotABucket());
  }
  const double full = static_cast<double>(burst);
  if (now_ms > last) {
    tokens = std::min(full, tokens + static_cast<double>(now_ms - last) * rate_per_second / 1000);
    last = now_ms;
  }
  TokenBucketStep step;
  const double need = static_cast<double>(cost);
  step.result.allowed = tokens + kEpsilon >= need;
  if (step.result.allowed) tokens -= need;
  int64_t retry_ms = 0;
  if (!step.result.allowed)
    retry_ms = static_cast<int64_t>(std::ceil((need - tokens) * 1000 / rate_per_second));
  const int64_t reset_ms =
      static_cast<int64_t>(std::ceil((full - tokens) * 1000 / rate_per_second));
  step.result.remaining = static_cast<int64_t>(std::floor(tokens + kEpsilon));
  step.result.retry_after = std::chrono::milliseconds(retry_ms);
  step.result.reset = std::chrono::milliseconds(reset_ms);
  step.state = fmt::format("{:.17g} {}", tokens, last);
  step.ttl_ms = std::max<int64_t>(reset_ms, 1);
  return step;
}

}  // namespace leados::store::internal
