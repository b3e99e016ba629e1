#include "core/ids.h"

#include <gtest/gtest.h>

#include <set>

namespace leados::core {
namespace {

TEST(IdGenerator, SortableAndUniqueWithinOneMillisecond) {
  ManualClock clock;
  IdGenerator gen(clock);
  std::string prev;
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    auto id = gen.NewId("lead");
    ASSERT_EQ(id.size(), 5u + 26u);
    ASSERT_EQ(id.rfind("lead_", 0), 0u);
    EXPECT_GT(id, prev);
    EXPECT_TRUE(seen.insert(id).second);
    prev = id;
  }
}

TEST(IdGenerator, LaterTimeSortsLater) {
  ManualClock clock;
  IdGenerator gen(clock);
  auto a = gen.NewUlid();
  clock.Advance(std::chrono::milliseconds(1));
  auto b = gen.NewUlid();
  EXPECT_LT(a, b);
  EXPECT_EQ(UlidMillis(b) - UlidMillis(a), 1);
  EXPECT_EQ(UlidMillis(a), clock.NowUnixMillis() - 1);
}

TEST(UlidMillis, MalformedIsZero) {
  EXPECT_EQ(UlidMillis("nope"), 0);
  EXPECT_EQ(UlidMillis("lead_0000000000000000000000000U"), 0);
}

}  // namespace
}  // namespace leados::core
