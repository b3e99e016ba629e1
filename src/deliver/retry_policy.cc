#include "deliver/retry_policy.h"

#include <charconv>
#include <ctime>
#include <memory>
#include <mutex>
#include <random>

namespace leados::deliver {

std::vector<core::Duration> DefaultRetrySchedule() {
  using namespace std::chrono;
  return {seconds(5), minutes(5), minutes(30), hours(2), hours(5), hours(10), hours(10)};
}

std::optional<core::Duration> ParseRetryAfter(std::string_view value, core::TimePoint now) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  int64_t seconds = 0;
  auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec == std::errc() && p == value.data() + value.size()) {
    if (seconds < 0) return std::nullopt;
    return std::chrono::seconds(seconds);
  }
  // IMF-fixdate, the only HTTP-date form senders may generate (RFC 9110 5.6.7).
  std::tm tm{};
  std::string text(value);
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  const auto at = core::TimePoint(std::chrono::seconds(timegm(&tm)));
  if (at <= now) return core::Duration::zero();
  return at - now;
}

RetryPolicy::RetryPolicy(Uniform uniform, std::vector<core::Duration> schedule, double jitter,
                         core::Duration disable_after)
    : uniform_(std::move(uniform)),
      schedule_(std::move(schedule)),
      jitter_(jitter),
      disable_after_(disable_after) {}

std::optional<core::Duration> RetryPolicy::DelayAfter(int attempts_made) const {
  if (attempts_made < 1 || attempts_made > static_cast<int>(schedule_.size())) return std::nullopt;
  const core::Duration base = schedule_[attempts_made - 1];
  const double factor = 1.0 + jitter_ * (2.0 * uniform_() - 1.0);
  return std::chrono::duration_cast<core::Duration>(base * factor);
}

RetryDecision RetryPolicy::Decide(int attempts_made, const AttemptOutcome& outcome,
                                  core::TimePoint now) const {
  if (outcome.http_status >= 200 && outcome.http_status < 300) return {Verdict::kSucceeded, {}};
  if (outcome.http_status == 410) return {Verdict::kDisableEndpoint, {}};
  auto delay = DelayAfter(attempts_made);
  if (!delay) return {Verdict::kDead, {}};
  if (outcome.retry_after) {
    // Honoured only when it asks for later than we would have retried anyway.
    if (auto asked = ParseRetryAfter(*outcome.retry_after, now); asked && *asked > *delay) {
      delay = asked;
    }
  }
  return {Verdict::kRetry, now + *delay};
}

bool RetryPolicy::ShouldDisableEndpoint(std::optional<core::TimePoint> failing_since,
                                        core::TimePoint now) const {
  return failing_since && now - *failing_since >= disable_after_;
}

RetryPolicy::Uniform SeededUniform(uint64_t seed) {
  struct State {
    std::mutex mu;
    std::mt19937_64 rng;  // guarded by mu
  };
  auto state = std::make_shared<State>();
  state->rng.seed(seed);
  return [state] {
    std::lock_guard lock(state->mu);
    return std::uniform_real_distribution<double>(0.0, 1.0)(state->rng);
  };
}

}  // namespace leados::deliver
