#pragma once
// When a campaign's email digest is due: the periods of the "hourly" and "daily" digests, in UTC
// (src/pipeline/README.md, "Email digest"). Pure functions; thread-safe.

#include <cstdint>
#include <optional>
#include <string_view>

namespace leados::pipeline {

enum class DigestFrequency { kHourly, kDaily };

// "hourly", "daily" (campaigns::kDigestFrequencies).
std::string_view DigestFrequencyName(DigestFrequency frequency);
// The inverse; nullopt for anything else.
std::optional<DigestFrequency> ParseDigestFrequency(std::string_view name);

// The end (ms since the epoch, UTC) of the last full period at `now_ms`: for hourly digests the
// start of the current hour (a digest at 10:00:30 covers the leads made before 10:00); for daily
// digests the latest `daily_hour_utc`:00 at or before now (0–23; 8 means every day at 08:00 UTC).
int64_t DigestPeriodEnd(int64_t now_ms, DigestFrequency frequency, int daily_hour_utc);
// The start of the period that ends at `period_end_ms` (one hour or one day before it).
int64_t DigestPeriodStart(int64_t period_end_ms, DigestFrequency frequency);

}  // namespace leados::pipeline
