#pragma once
// Clock: the only way logic learns the time. Production code gets a SystemClock from src/app;
// tests get a ManualClock they advance by hand (Envoy's TimeSource, LevelDB's Env).

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace leados::core {

using TimePoint = std::chrono::system_clock::time_point;
using Duration = std::chrono::system_clock::duration;

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time (UTC). Thread-safe.
  virtual TimePoint Now() const = 0;
  // Seconds since the Unix epoch, for storage columns and TTLs.
  int64_t NowUnixSeconds() const;
  int64_t NowUnixMillis() const;
};

// Reads std::chrono::system_clock. Thread-safe.
class SystemClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::system_clock::now(); }
};

// A clock that moves only when told to. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start = TimePoint(std::chrono::seconds(1'767'225'600)));  // 2026-01-01
  TimePoint Now() const override;
  void Advance(Duration by);
  void Set(TimePoint to);

 private:
  mutable std::mutex mu_;
  TimePoint now_;  // guarded by mu_
};

// RFC 3339 in UTC with a 'Z' and whole seconds, e.g. "2026-11-29T06:28:08Z".
std::string FormatRfc3339(TimePoint t);
// Parses RFC 3339 ("2026-11-29T06:28:08Z", fractional seconds and offsets allowed).
// Returns nullopt when the text is not RFC 3339.
std::optional<TimePoint> ParseRfc3339(std::string_view text);

}  // namespace leados::core
