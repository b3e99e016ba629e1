#pragma once
// PollSchedule: when a source runs next. After a success: its interval with ±jitter (default
// 10%), so sources with one interval drift apart instead of hitting hosts together. After a
// failure: exponential back-off, interval × 2^(failures−1) with the same jitter, capped at
// max_backoff (default 6 h; an interval longer than the cap is the cap). An upstream's
// Retry-After (or a rate-limit reset) later than that wins. Thread-safe.

#include <cstdint>
#include <mutex>
#include <optional>
#include <random>

#include "core/clock.h"

namespace leados::ingest {

struct PollScheduleOptions {
  double jitter = 0.1;                                 // ± fraction of the delay
  core::Duration max_backoff = std::chrono::hours(6);  // ingest.max_backoff_seconds
  uint64_t seed = 0;                                   // 0: random
};

class PollSchedule {
 public:
  explicit PollSchedule(PollScheduleOptions options = {});

  // The next run after a successful one at `now`; `not_before` (a rate-limit reset) wins when
  // later.
  core::TimePoint AfterSuccess(core::TimePoint now, core::Duration interval,
                               std::optional<core::TimePoint> not_before);
  // The next run after the `failures`-th failure in a row (>= 1) at `now`; `retry_at` (the
  // upstream's Retry-After) wins when later.
  core::TimePoint AfterFailure(core::TimePoint now, core::Duration interval, int64_t failures,
                               std::optional<core::TimePoint> retry_at);
  // The back-off before jitter (for docs and tests).
  core::Duration Backoff(core::Duration interval, int64_t failures) const;

 private:
  core::Duration Jittered(core::Duration d);

  const PollScheduleOptions options_;
  std::mutex mu_;
  std::mt19937_64 rng_;  // guarded by mu_
};

}  // namespace leados::ingest
