#pragma once
// RetryPolicy: what happens to a delivery after one attempt. Pure (the time and the randomness
// come from the caller), so the whole schedule is tested without a network or a real clock.
//
//  - 2xx: succeeded.
//  - 410 Gone: the receiver says the endpoint is gone: the delivery is dead and the endpoint is
//    disabled at once (no more retries anywhere).
//  - anything else (3xx, 4xx, 5xx, transport errors): retry after the next step of the schedule
//    (about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h), each step jittered by ±10 %, or later when
//    the response's Retry-After asks for later; after the last step the delivery is dead.
//  - an endpoint that has been failing without a single success for `disable_after` (5 days) is
//    disabled (ShouldDisableEndpoint).

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"

namespace leados::deliver {

// What one attempt produced, as far as the policy cares.
struct AttemptOutcome {
  int http_status = 0;                     // 0: no HTTP response (transport error)
  std::optional<std::string> retry_after;  // the Retry-After header, when present
};

enum class Verdict {
  kSucceeded,        // 2xx
  kRetry,            // try again at next_attempt_at
  kDead,             // schedule exhausted: no more automatic attempts
  kDisableEndpoint,  // 410 Gone: dead, and the endpoint is disabled
};

struct RetryDecision {
  Verdict verdict = Verdict::kRetry;
  core::TimePoint next_attempt_at;  // kRetry only
};

// The default schedule: the delay after the 1st, 2nd, … failed attempt.
std::vector<core::Duration> DefaultRetrySchedule();

// Parses Retry-After: delay-seconds ("120") or an IMF-fixdate HTTP date ("Wed, 21 Oct 2026
// 07:28:00 GMT"), returning the delay from `now` (a date in the past is 0). nullopt when the value
// is neither.
std::optional<core::Duration> ParseRetryAfter(std::string_view value, core::TimePoint now);

class RetryPolicy {
 public:
  // Uniform random numbers in [0, 1). Tests inject a fixed sequence.
  using Uniform = std::function<double()>;

  // `schedule` must not be empty; `jitter` is the relative spread (0.1 = ±10 %).
  explicit RetryPolicy(Uniform uniform,
                       std::vector<core::Duration> schedule = DefaultRetrySchedule(),
                       double jitter = 0.1,
                       core::Duration disable_after = std::chrono::hours(24 * 5));

  // The decision after attempt number `attempts_made` (1 for the first) ended with `outcome` at
  // `now`. Thread-safe when `uniform` is.
  RetryDecision Decide(int attempts_made, const AttemptOutcome& outcome, core::TimePoint now) const;

  // The jittered delay after failed attempt `attempts_made` (1-based); nullopt past the schedule.
  std::optional<core::Duration> DelayAfter(int attempts_made) const;

  // True when an endpoint failing since `failing_since` should be disabled at `now`.
  bool ShouldDisableEndpoint(std::optional<core::TimePoint> failing_since,
                             core::TimePoint now) const;

  // Most attempts a delivery gets automatically (the first plus one per schedule step).
  int max_attempts() const { return static_cast<int>(schedule_.size()) + 1; }
  core::Duration disable_after() const { return disable_after_; }

 private:
  Uniform uniform_;
  std::vector<core::Duration> schedule_;
  double jitter_;
  core::Duration disable_after_;
};

// A Uniform over a seeded std::mt19937_64 guarded by a mutex (thread-safe).
RetryPolicy::Uniform SeededUniform(uint64_t seed);

}  // namespace leados::deliver
