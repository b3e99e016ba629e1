#include "core/clock.h"

#include <gtest/gtest.h>

namespace leados::core {
namespace {

using std::chrono::seconds;

TEST(ManualClock, MovesOnlyWhenTold) {
  ManualClock clock;
  const auto t0 = clock.Now();
  EXPECT_EQ(clock.Now(), t0);
  clock.Advance(seconds(90));
  EXPECT_EQ(clock.Now() - t0, seconds(90));
  EXPECT_EQ(clock.NowUnixSeconds(), 1'767'225'600 + 90);
}

TEST(Rfc3339, FormatsAndParses) {
  const TimePoint t{seconds(1'795'933'288)};
  EXPECT_EQ(FormatRfc3339(t), "2026-11-29T06:21:28Z");
  EXPECT_EQ(ParseRfc3339("2026-11-29T06:21:28Z"), t);
  EXPECT_EQ(ParseRfc3339("2026-11-29T07:21:28+01:00"), t);
  EXPECT_EQ(ParseRfc3339("2026-11-29t06:21:28z"), t);
  auto frac = ParseRfc3339("2026-11-29T06:21:28.250Z");
  ASSERT_TRUE(frac);
  EXPECT_EQ(*frac - t, std::chrono::milliseconds(250));
}

TEST(Rfc3339, RejectsOtherShapes) {
  EXPECT_FALSE(ParseRfc3339("2026-11-29"));
  EXPECT_FALSE(ParseRfc3339("2026-13-01T00:00:00Z"));
  EXPECT_FALSE(ParseRfc3339("2026-02-30T00:00:00Z"));
  EXPECT_FALSE(ParseRfc3339("2026-11-29T06:21:28"));
  EXPECT_FALSE(ParseRfc3339("Sun, 29 Nov 2026 06:21:28 GMT"));
}

}  // namespace
}  // namespace leados::core
