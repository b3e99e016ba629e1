#include "core/periodic_task.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace leados::core {
namespace {

using namespace std::chrono_literals;

TEST(PeriodicTaskTest, RunsAtOnceThenEveryIntervalAndStopsWithoutWaitingTheInterval) {
  PeriodicTask task;
  std::atomic<int> runs{0};
  task.Start(20ms, [&] { ++runs; });
  EXPECT_TRUE(task.running());
  task.Start(20ms, [&] { runs += 100; });  // already running: ignored
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (runs < 3 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
  EXPECT_GE(runs.load(), 3);
  EXPECT_LT(runs.load(), 100);
  task.Stop();
  EXPECT_FALSE(task.running());
  const int after = runs;
  std::this_thread::sleep_for(60ms);
  EXPECT_EQ(runs.load(), after) << "nothing runs after Stop";

  // A long interval does not hold Stop up, and the task can be started again.
  PeriodicTask slow;
  std::atomic<int> slow_runs{0};
  slow.Start(std::chrono::hours(1), [&] { ++slow_runs; });
  while (slow_runs == 0) std::this_thread::sleep_for(1ms);
  const auto before_stop = std::chrono::steady_clock::now();
  slow.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - before_stop, 2s);
  slow.Start(std::chrono::hours(1), [&] { ++slow_runs; });
  while (slow_runs < 2) std::this_thread::sleep_for(1ms);
  slow.Stop();
  EXPECT_EQ(slow_runs.load(), 2);
}

}  // namespace
}  // namespace leados::core
