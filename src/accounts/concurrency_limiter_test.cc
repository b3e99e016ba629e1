#include "accounts/concurrency_limiter.h"

#include <gtest/gtest.h>

#include <thread>

namespace leados::accounts {
namespace {

using std::chrono::milliseconds;

TEST(ConcurrencyLimiterTest, RefusesBeyondCapacityAfterTimeout) {
  ConcurrencyLimiter limiter(2);
  auto a = limiter.Acquire(milliseconds(0), "busy");
  auto b = limiter.Acquire(milliseconds(0), "busy");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(limiter.in_use(), 2);
  auto c = limiter.Acquire(milliseconds(5), "too many sign-ins at once, retry shortly");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, core::ErrorCode::kResourceExhausted);
  EXPECT_EQ(c.error().message, "too many sign-ins at once, retry shortly");
}

TEST(ConcurrencyLimiterTest, ReleasedPermitWakesAWaiter) {
  ConcurrencyLimiter limiter(1);
  std::optional<ConcurrencyLimiter::Permit> held;
  held.emplace(*limiter.Acquire(milliseconds(0), "busy"));
  std::thread waiter([&] {
    // Generous timeout: the test only fails if the release never wakes us.
    auto p = limiter.Acquire(std::chrono::seconds(30), "busy");
    EXPECT_TRUE(p.has_value());
  });
  held.reset();
  waiter.join();
  EXPECT_EQ(limiter.in_use(), 0);
}

}  // namespace
}  // namespace leados::accounts
