#pragma once
// HostRateLimiter: politeness per host. A token bucket per host (rate per second, burst) spaces
// our requests; a back-off time per host, set when the host answers 429/403/503 (from its
// Retry-After, or doubling from a default), blocks every request to it until then.
// Also the parsers for Retry-After and HTTP dates.

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace leados::ingest {

// Parses an HTTP date: IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), and the obsolete RFC 850
// ("Sunday, 06-Nov-94 08:49:37 GMT") and asctime ("Sun Nov  6 08:49:37 1994") forms.
std::optional<core::TimePoint> ParseHttpDate(std::string_view text);
// Formats an IMF-fixdate.
std::string FormatHttpDate(core::TimePoint t);
// Parses a Retry-After value: delay seconds ("120") or an HTTP date. A date in the past gives
// `now`. nullopt when the value is neither.
std::optional<core::TimePoint> ParseRetryAfter(std::string_view value, core::TimePoint now);

// Thread-safe. Hosts are keys chosen by the caller (the fetcher uses "host:port", lower case).
class HostRateLimiter {
 public:
  // `rate_per_second` > 0 tokens are added per second up to `burst` (>= 1); a new host starts
  // with a full bucket. The clock must outlive the limiter.
  HostRateLimiter(const core::Clock& clock, double rate_per_second, double burst,
                  core::Duration default_backoff = std::chrono::seconds(60),
                  core::Duration max_backoff = std::chrono::hours(1));

  struct Decision {
    bool allowed = false;          // a token was taken: send now
    core::Duration wait{0};        // when not allowed: how long until a request may go
    bool backed_off = false;       // not allowed because the host asked us to back off
    core::TimePoint not_before{};  // when not allowed: the earliest time a request may go
  };
  // Takes a token for `host` when one is available and the host is not backed off.
  Decision TryAcquire(std::string_view host);

  // The host refused us (429/403/503). With `retry_at` (from Retry-After) the host is blocked
  // until then; without it, for default_backoff doubled per consecutive back-off, capped at
  // max_backoff. A later time already set wins. Returns the time the block ends.
  core::TimePoint BackOff(std::string_view host, std::optional<core::TimePoint> retry_at);
  // A successful answer: the back-off doubling starts over.
  void RecordSuccess(std::string_view host);
  // The end of the current back-off of `host`, if it is in the future.
  std::optional<core::TimePoint> BackedOffUntil(std::string_view host) const;

 private:
  struct HostState {
    double tokens = 0;
    core::TimePoint refilled{};
    core::TimePoint blocked_until{};
    int consecutive_backoffs = 0;
  };
  HostState& StateFor(std::string_view host);  // requires mu_

  const core::Clock& clock_;
  const double rate_;
  const double burst_;
  const core::Duration default_backoff_;
  const core::Duration max_backoff_;
  mutable std::mutex mu_;
  std::map<std::string, HostState, std::less<>> hosts_;  // guarded by mu_
};

}  // namespace leados::ingest
