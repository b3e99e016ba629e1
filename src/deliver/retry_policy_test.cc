// The retry schedule with its jitter bounds, Retry-After (seconds and HTTP date), 410, the end of
// the schedule, and the five-day disabling rule; all with fixed time and fixed randomness.
#include "deliver/retry_policy.h"

#include <gtest/gtest.h>

namespace leados::deliver {
namespace {

using namespace std::chrono;

const core::TimePoint kNow = core::TimePoint(seconds(1'767'225'600));  // 2026-01-01 00:00:00 UTC

RetryPolicy Fixed(double u) {
  return RetryPolicy([u] { return u; });
}

TEST(RetryPolicy, ScheduleWithoutJitterIsTheDocumentedOne) {
  RetryPolicy p = Fixed(0.5);  // 0.5 -> factor 1.0
  const std::vector<core::Duration> want = {seconds(5), minutes(5), minutes(30), hours(2),
                                            hours(5),   hours(10),  hours(10)};
  for (size_t i = 0; i < want.size(); ++i) {
    auto d = p.Decide(static_cast<int>(i) + 1, {.http_status = 500}, kNow);
    ASSERT_EQ(d.verdict, Verdict::kRetry) << "attempt " << i + 1;
    EXPECT_EQ(d.next_attempt_at - kNow, want[i]) << "attempt " << i + 1;
  }
  EXPECT_EQ(p.Decide(8, {.http_status = 500}, kNow).verdict, Verdict::kDead);
  EXPECT_EQ(p.max_attempts(), 8);
}

TEST(RetryPolicy, JitterStaysWithinTenPercent) {
  EXPECT_EQ(*Fixed(0.0).DelayAfter(4), minutes(108));  // 2 h - 10 %
  EXPECT_EQ(*Fixed(1.0).DelayAfter(4), minutes(132));  // 2 h + 10 %
  RetryPolicy seeded(SeededUniform(42));
  bool varied = false;
  core::Duration first = *seeded.DelayAfter(2);
  for (int i = 0; i < 200; ++i) {
    auto d = *seeded.DelayAfter(2);
    EXPECT_GE(d, minutes(5) * 0.9);
    EXPECT_LE(d, minutes(5) * 1.1);
    varied = varied || d != first;
  }
  EXPECT_TRUE(varied) << "jitter must actually vary the delay";
}

TEST(RetryPolicy, SuccessAndGone) {
  RetryPolicy p = Fixed(0.5);
  EXPECT_EQ(p.Decide(1, {.http_status = 200}, kNow).verdict, Verdict::kSucceeded);
  EXPECT_EQ(p.Decide(3, {.http_status = 204}, kNow).verdict, Verdict::kSucceeded);
  EXPECT_EQ(p.Decide(1, {.http_status = 410}, kNow).verdict, Verdict::kDisableEndpoint);
  // Transport errors, redirects and other 4xx are retried.
  EXPECT_EQ(p.Decide(1, {.http_status = 0}, kNow).verdict, Verdict::kRetry);
  EXPECT_EQ(p.Decide(1, {.http_status = 301}, kNow).verdict, Verdict::kRetry);
  EXPECT_EQ(p.Decide(1, {.http_status = 404}, kNow).verdict, Verdict::kRetry);
}

TEST(RetryPolicy, RetryAfterHonouredOnlyWhenLater) {
  RetryPolicy p = Fixed(0.5);
  auto later = p.Decide(1, {.http_status = 429, .retry_after = "120"}, kNow);
  EXPECT_EQ(later.next_attempt_at - kNow, seconds(120));
  auto sooner = p.Decide(2, {.http_status = 503, .retry_after = "1"}, kNow);
  EXPECT_EQ(sooner.next_attempt_at - kNow, minutes(5));
  auto date =
      p.Decide(1, {.http_status = 503, .retry_after = "Thu, 01 Jan 2026 01:00:00 GMT"}, kNow);
  EXPECT_EQ(date.next_attempt_at - kNow, hours(1));
  auto junk = p.Decide(1, {.http_status = 503, .retry_after = "soon"}, kNow);
  EXPECT_EQ(junk.next_attempt_at - kNow, seconds(5));
}

TEST(RetryPolicy, ParseRetryAfterForms) {
  EXPECT_EQ(ParseRetryAfter("0", kNow), core::Duration::zero());
  EXPECT_EQ(ParseRetryAfter(" 30 ", kNow), seconds(30));
  EXPECT_EQ(ParseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", kNow), core::Duration::zero());
  EXPECT_EQ(ParseRetryAfter("-5", kNow), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("", kNow), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("2026-01-01T01:00:00Z", kNow), std::nullopt);
}

TEST(RetryPolicy, DisableAfterFiveDaysOfFailure) {
  RetryPolicy p = Fixed(0.5);
  EXPECT_FALSE(p.ShouldDisableEndpoint(std::nullopt, kNow));
  EXPECT_FALSE(p.ShouldDisableEndpoint(kNow - hours(24 * 5) + seconds(1), kNow));
  EXPECT_TRUE(p.ShouldDisableEndpoint(kNow - hours(24 * 5), kNow));
}

}  // namespace
}  // namespace leados::deliver
