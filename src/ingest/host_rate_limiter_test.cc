#include "ingest/host_rate_limiter.h"

#include <gtest/gtest.h>

namespace leados::ingest {
namespace {

using std::chrono::seconds;

core::TimePoint At(const char* rfc3339) {
  return *core::ParseRfc3339(rfc3339);
}

TEST(HttpDateTest, ParsesTheThreeFormsOfRfc9110) {
  auto want = At("1994-11-06T08:49:37Z");
  EXPECT_EQ(ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"), want);
  EXPECT_EQ(ParseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT"), want);
  EXPECT_EQ(ParseHttpDate("Sun Nov  6 08:49:37 1994"), want);
  EXPECT_FALSE(ParseHttpDate("yesterday").has_value());
  EXPECT_FALSE(ParseHttpDate("Sun, 06 Foo 1994 08:49:37 GMT").has_value());
  EXPECT_FALSE(ParseHttpDate("").has_value());
  EXPECT_EQ(FormatHttpDate(want), "Sun, 06 Nov 1994 08:49:37 GMT");
}

TEST(RetryAfterTest, SecondsAndDateForms) {
  auto now = At("2026-01-01T00:00:00Z");
  EXPECT_EQ(ParseRetryAfter("120", now), now + seconds(120));
  EXPECT_EQ(ParseRetryAfter(" 0 ", now), now);
  EXPECT_EQ(ParseRetryAfter("Thu, 01 Jan 2026 00:10:00 GMT", now), At("2026-01-01T00:10:00Z"));
  // A date in the past means "now", not a negative wait.
  EXPECT_EQ(ParseRetryAfter("Wed, 31 Dec 2025 23:00:00 GMT", now), now);
  // Absurd values are capped at a year instead of overflowing.
  EXPECT_EQ(ParseRetryAfter("99999999999999999999999", now), now + seconds(365 * 24 * 3600));
  EXPECT_FALSE(ParseRetryAfter("-5", now).has_value());
  EXPECT_FALSE(ParseRetryAfter("soon", now).has_value());
}

TEST(HostRateLimiterTest, TokenBucketAllowsBurstThenRefillsAtRate) {
  core::ManualClock clock;
  HostRateLimiter limiter(clock, /*rate_per_second=*/2.0, /*burst=*/3);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.TryAcquire("a:443").allowed) << i;
  auto d = limiter.TryAcquire("a:443");
  EXPECT_FALSE(d.allowed);
  EXPECT_FALSE(d.backed_off);
  EXPECT_EQ(d.wait, std::chrono::milliseconds(500));
  EXPECT_EQ(d.not_before, clock.Now() + std::chrono::milliseconds(500));
  // Another host has its own bucket.
  EXPECT_TRUE(limiter.TryAcquire("b:443").allowed);
  clock.Advance(std::chrono::milliseconds(499));
  EXPECT_FALSE(limiter.TryAcquire("a:443").allowed);
  clock.Advance(std::chrono::milliseconds(1));
  EXPECT_TRUE(limiter.TryAcquire("a:443").allowed);
  EXPECT_FALSE(limiter.TryAcquire("a:443").allowed);
  // A long pause refills to the burst, not beyond.
  clock.Advance(seconds(3600));
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.TryAcquire("a:443").allowed) << i;
  EXPECT_FALSE(limiter.TryAcquire("a:443").allowed);
}

TEST(HostRateLimiterTest, BackOffHonoursRetryAfterAndDoublesWithout) {
  core::ManualClock clock;
  HostRateLimiter limiter(clock, 100, 100, seconds(60), seconds(300));
  auto t0 = clock.Now();
  EXPECT_EQ(limiter.BackOff("h:80", t0 + seconds(120)), t0 + seconds(120));
  auto d = limiter.TryAcquire("h:80");
  EXPECT_FALSE(d.allowed);
  EXPECT_TRUE(d.backed_off);
  EXPECT_EQ(d.not_before, t0 + seconds(120));
  EXPECT_EQ(limiter.BackedOffUntil("h:80"), t0 + seconds(120));
  EXPECT_TRUE(limiter.TryAcquire("other:80").allowed);
  clock.Advance(seconds(120));
  EXPECT_FALSE(limiter.BackedOffUntil("h:80").has_value());
  EXPECT_TRUE(limiter.TryAcquire("h:80").allowed);
  // Without Retry-After: 60 s, then 120 s (second in a row), then 240, capped at 300.
  auto t1 = clock.Now();
  EXPECT_EQ(limiter.BackOff("h:80", std::nullopt), t1 + seconds(120));  // 2nd back-off in a row
  clock.Advance(seconds(120));
  EXPECT_EQ(limiter.BackOff("h:80", std::nullopt), clock.Now() + seconds(240));
  clock.Advance(seconds(240));
  EXPECT_EQ(limiter.BackOff("h:80", std::nullopt), clock.Now() + seconds(300));
  clock.Advance(seconds(300));
  limiter.RecordSuccess("h:80");
  EXPECT_EQ(limiter.BackOff("h:80", std::nullopt), clock.Now() + seconds(60));
  // An earlier Retry-After does not shorten a longer block already set.
  EXPECT_EQ(limiter.BackOff("h:80", clock.Now() + seconds(5)), clock.Now() + seconds(60));
}

}  // namespace
}  // namespace leados::ingest
