#include "pipeline/digest_schedule.h"

namespace leados::pipeline {
namespace {

constexpr int64_t kHourMs = 3'600'000;
constexpr int64_t kDayMs = 24 * kHourMs;

// Floor division for times before 1970 too (never seen in practice, but cheap to get right).
int64_t FloorTo(int64_t value, int64_t step) {
  int64_t q = value / step;
  if (value % step < 0) --q;
  return q * step;
}

}  // namespace

std::string_view DigestFrequencyName(DigestFrequency frequency) {
  return frequency == DigestFrequency::kHourly ? "hourly" : "daily";
}

std::optional<DigestFrequency> ParseDigestFrequency(std::string_view name) {
  if (name == "hourly") return DigestFrequency::kHourly;
  if (name == "daily") return DigestFrequency::kDaily;
  return std::nullopt;
}

int64_t DigestPeriodEnd(int64_t now_ms, DigestFrequency frequency, int daily_hour_utc) {
  if (frequency == DigestFrequency::kHourly) return FloorTo(now_ms, kHourMs);
  const int64_t offset = static_cast<int64_t>(daily_hour_utc) * kHourMs;
  return FloorTo(now_ms - offset, kDayMs) + offset;
}

int64_t DigestPeriodStart(int64_t period_end_ms, DigestFrequency frequency) {
  return period_end_ms - (frequency == DigestFrequency::kHourly ? kHourMs : kDayMs);
}

}  // namespace leados::pipeline
