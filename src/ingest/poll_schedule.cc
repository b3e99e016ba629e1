#include "ingest/poll_schedule.h"

#include <algorithm>

namespace leados::ingest {

PollSchedule::PollSchedule(PollScheduleOptions options)
    : options_(options), rng_(options.seed != 0 ? options.seed : std::random_device{}()) {}

core::Duration PollSchedule::Jittered(core::Duration d) {
  if (options_.jitter <= 0) return d;
  std::lock_guard lock(mu_);
  std::uniform_real_distribution<double> dist(1.0 - options_.jitter, 1.0 + options_.jitter);
  return std::chrono::duration_cast<core::Duration>(d * dist(rng_));
}

core::TimePoint PollSchedule::AfterSuccess(core::TimePoint now, core::Duration interval,
                                           std::optional<core::TimePoint> not_before) {
  core::TimePoint next = now + Jittered(interval);
  if (not_before && *not_before > next) next = *not_before;
  return next;
}

core::Duration PollSchedule::Backoff(core::Duration interval, int64_t failures) const {
  const core::Duration cap = std::max(options_.max_backoff, interval);
  core::Duration d = interval;
  for (int64_t i = 1; i < failures && d < cap; ++i) d *= 2;
  return std::min(d, cap);
}

core::TimePoint PollSchedule::AfterFailure(core::TimePoint now, core::Duration interval,
                                           int64_t failures,
                                           std::optional<core::TimePoint> retry_at) {
  core::TimePoint next = now + Jittered(Backoff(interval, std::max<int64_t>(1, failures)));
  if (retry_at && *retry_at > next) next = *retry_at;
  return next;
}

}  // namespace leados::ingest
