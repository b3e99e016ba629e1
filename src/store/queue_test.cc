// Conformance suite for Queue: the same cases on the embedded (SQLite), Redis and memory
// backends, including a consumer process killed with SIGKILL after claiming.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "store/embedded_queue.h"
#include "store/memory_queue.h"
#include "store/redis_queue.h"
#include "store/test_support.h"

namespace leados::store {
namespace {

using namespace std::chrono_literals;
using testing::RedisUrl;
using testing::ScopedTempDir;
using testing::UniqueName;

enum class QueueBackend { kEmbedded, kRedis, kMemory };

std::string BackendName(QueueBackend b) {
  switch (b) {
    case QueueBackend::kEmbedded: return "embedded";
    case QueueBackend::kRedis: return "redis";
    case QueueBackend::kMemory: return "memory";
  }
  return "";
}

class QueueTest : public ::testing::TestWithParam<QueueBackend> {
 protected:
  void SetUp() override {
    if (GetParam() == QueueBackend::kRedis && RedisUrl().empty()) {
      GTEST_SKIP() << "LEADOS_TEST_REDIS_URL is unset (run under scripts/test-services.sh)";
    }
    prefix_ = UniqueName("test") + ":";
    topic_ = UniqueName("topic");
    q_ = Open();
    ASSERT_NE(q_, nullptr);
  }

  std::unique_ptr<Queue> Open(QueueOptions options = {}) {
    core::Result<std::unique_ptr<Queue>> q = nullptr;
    switch (GetParam()) {
      case QueueBackend::kEmbedded:
        q = OpenEmbeddedQueue(dir_.path() / "kv.db", clock_, options);
        break;
      case QueueBackend::kRedis: q = OpenRedisQueue(RedisUrl(), prefix_, options); break;
      case QueueBackend::kMemory: q = std::make_unique<MemoryQueue>(clock_, options); break;
    }
    EXPECT_TRUE(q) << q.error().message;
    return q ? std::move(*q) : nullptr;
  }

  bool real_time() const { return GetParam() == QueueBackend::kRedis; }
  // A visibility timeout or delay: long on the manual clock, short on Redis's real one.
  core::Duration Short() const { return real_time() ? core::Duration(1s) : core::Duration(30s); }

  // Claims after `d` has passed: advances the manual clock, or waits in Claim on Redis.
  std::vector<Message> ClaimAfter(core::Duration d, std::string_view consumer,
                                  core::Duration visibility) {
    if (!real_time()) {
      clock_.Advance(d + 1ms);
      return q_->Claim(topic_, consumer, 10, visibility, 0ms).value();
    }
    return q_->Claim(topic_, consumer, 10, visibility, 10s).value();
  }

  core::ManualClock clock_;
  ScopedTempDir dir_;
  std::string prefix_;
  std::string topic_;
  std::unique_ptr<Queue> q_;
};

TEST_P(QueueTest, DeliversInOrderAndAckRemoves) {
  std::vector<std::string> ids;
  for (const char* body : {"one", "two", "three"}) ids.push_back(q_->Enqueue(topic_, body).value());
  EXPECT_EQ(q_->Depth(topic_).value(), 3);

  auto first = q_->Claim(topic_, "c1", 2, 1min, 0ms).value();
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].id, ids[0]);
  EXPECT_EQ(first[0].body, "one");
  EXPECT_EQ(first[0].topic, topic_);
  EXPECT_EQ(first[0].attempts, 1);
  EXPECT_EQ(first[1].body, "two");
  auto second = q_->Claim(topic_, "c2", 10, 1min, 0ms).value();
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].body, "three");
  EXPECT_EQ(q_->Depth(topic_).value(), 3);  // in flight still counts

  for (const auto& m : first) ASSERT_TRUE(q_->Ack(topic_, m.id));
  ASSERT_TRUE(q_->Ack(topic_, second[0].id));
  EXPECT_TRUE(q_->Ack(topic_, second[0].id));  // acking twice is a no-op
  EXPECT_EQ(q_->Depth(topic_).value(), 0);
  EXPECT_TRUE(q_->Claim(topic_, "c1", 10, 1min, 0ms).value().empty());
  EXPECT_TRUE(q_->Ping());
}

TEST_P(QueueTest, TopicsAreIndependent) {
  ASSERT_TRUE(q_->Enqueue(topic_, "mine"));
  auto other = UniqueName("other");
  EXPECT_TRUE(q_->Claim(other, "c", 10, 1min, 0ms).value().empty());
  EXPECT_EQ(q_->Depth(other).value(), 0);
  auto bad = q_->Enqueue("bad topic!", "x");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, core::ErrorCode::kInvalidArgument);
}

TEST_P(QueueTest, UnackedMessageIsRedeliveredAfterTheVisibilityTimeout) {
  auto id = q_->Enqueue(topic_, "work").value();
  auto claimed = q_->Claim(topic_, "a", 1, Short(), 0ms).value();
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_TRUE(q_->Claim(topic_, "b", 1, Short(), 0ms).value().empty());  // invisible to others

  auto again = ClaimAfter(Short(), "b", Short());
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].id, id);
  EXPECT_EQ(again[0].body, "work");
  EXPECT_EQ(again[0].attempts, 2);
  ASSERT_TRUE(q_->Ack(topic_, id));
  EXPECT_EQ(q_->Depth(topic_).value(), 0);
}

TEST_P(QueueTest, DelayedMessagesWaitTheirTurn) {
  auto start = std::chrono::steady_clock::now();
  auto id = q_->Enqueue(topic_, "later", Short()).value();
  EXPECT_TRUE(q_->Claim(topic_, "c", 10, 1min, 0ms).value().empty());
  EXPECT_EQ(q_->Depth(topic_).value(), 1);
  auto got = ClaimAfter(Short(), "c", 1min);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].id, id);
  if (real_time()) {
    EXPECT_GE(std::chrono::steady_clock::now() - start, 900ms);
  }
}

TEST_P(QueueTest, RetryLaterCountsAttemptsAndDeadLettersAtTheLimit) {
  q_ = Open(QueueOptions{.max_attempts = 2});
  auto id = q_->Enqueue(topic_, "flaky").value();
  auto m1 = q_->Claim(topic_, "c", 1, 1min, 0ms).value();
  ASSERT_EQ(m1.size(), 1u);
  ASSERT_TRUE(q_->RetryLater(topic_, id, 0ms));
  auto m2 = q_->Claim(topic_, "c", 1, 1min, real_time() ? 5s : 0s).value();
  ASSERT_EQ(m2.size(), 1u);
  EXPECT_EQ(m2[0].id, id);
  EXPECT_EQ(m2[0].attempts, 2);
  ASSERT_TRUE(q_->RetryLater(topic_, id, 0ms));  // second failure: dead letter

  EXPECT_TRUE(q_->Claim(topic_, "c", 1, 1min, 0ms).value().empty());
  EXPECT_EQ(q_->Depth(topic_).value(), 0);
  auto dead = q_->DeadLetters(topic_, 10).value();
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].id, id);
  EXPECT_EQ(dead[0].body, "flaky");
  EXPECT_EQ(dead[0].attempts, 2);
  auto gone = q_->RetryLater(topic_, id, 0ms);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, core::ErrorCode::kNotFound);
}

TEST_P(QueueTest, RetryLaterHonoursItsDelay) {
  auto id = q_->Enqueue(topic_, "x").value();
  ASSERT_EQ(q_->Claim(topic_, "c", 1, 1min, 0ms).value().size(), 1u);
  ASSERT_TRUE(q_->RetryLater(topic_, id, Short()));
  EXPECT_TRUE(q_->Claim(topic_, "c", 1, 1min, 0ms).value().empty());
  auto again = ClaimAfter(Short(), "c", 1min);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].attempts, 2);
}

TEST_P(QueueTest, AMessageWhoseConsumersKeepDyingIsDeadLettered) {
  q_ = Open(QueueOptions{.max_attempts = 2});
  auto id = q_->Enqueue(topic_, "poison").value();
  ASSERT_EQ(q_->Claim(topic_, "c", 1, Short(), 0ms).value().size(), 1u);
  auto second = ClaimAfter(Short(), "c", Short());
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].attempts, 2);
  // The third delivery would exceed max_attempts: it goes to the dead letters instead.
  if (real_time()) {
    ASSERT_TRUE(testing::WaitFor(
        [&] {
          (void)q_->Claim(topic_, "c", 1, Short(), 0ms);
          return q_->DeadLetters(topic_, 10).value().size() == 1;
        },
        10s));
  } else {
    EXPECT_TRUE(ClaimAfter(Short(), "c", Short()).empty());
  }
  auto dead = q_->DeadLetters(topic_, 10).value();
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].id, id);
  EXPECT_EQ(dead[0].attempts, 2);
  EXPECT_EQ(q_->Depth(topic_).value(), 0);
}

TEST_P(QueueTest, ConcurrentConsumersGetEachMessageOnce) {
  constexpr int kMessages = 60, kConsumers = 4;
  for (int i = 0; i < kMessages; ++i) ASSERT_TRUE(q_->Enqueue(topic_, std::to_string(i)));
  std::mutex mu;
  std::multiset<std::string> seen;
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int c = 0; c < kConsumers; ++c) {
    threads.emplace_back([&, c] {
      while (true) {
        auto got = q_->Claim(topic_, "consumer" + std::to_string(c), 5, 5min, 0ms);
        if (!got) {
          ++errors;
          return;
        }
        if (got->empty()) return;
        for (const auto& m : *got) {
          {
            std::lock_guard lock(mu);
            seen.insert(m.body);
          }
          if (!q_->Ack(topic_, m.id)) ++errors;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(seen.size(), static_cast<size_t>(kMessages));
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), static_cast<size_t>(kMessages));
  EXPECT_EQ(q_->Depth(topic_).value(), 0);
}

TEST_P(QueueTest, AWaitingClaimReturnsWhenAMessageArrives) {
  std::thread producer([&] {
    std::this_thread::sleep_for(100ms);  // let the consumer start waiting first
    ASSERT_TRUE(q_->Enqueue(topic_, "hello"));
  });
  auto start = std::chrono::steady_clock::now();
  auto got = q_->Claim(topic_, "c", 1, 1min, 20s).value();
  producer.join();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].body, "hello");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
}

TEST_P(QueueTest, AMessageClaimedByAKilledProcessIsDeliveredAgain) {
  if (GetParam() == QueueBackend::kMemory) GTEST_SKIP() << "the memory fake lives in one process";
  auto id = q_->Enqueue(topic_, "crash me").value();
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The consumer process: its own queue object and connections, claims, reports, then hangs
    // until it is killed without any chance to clean up.
    close(fds[0]);
    auto q = Open();
    auto got = q ? q->Claim(topic_, "doomed", 1, Short(), 0ms) : core::Internal("open failed");
    std::string report = got && got->size() == 1 ? (*got)[0].id : "ERROR";
    (void)!write(fds[1], report.data(), report.size());
    close(fds[1]);
    while (true) pause();
  }
  close(fds[1]);
  char buf[128] = {};
  ssize_t n = read(fds[0], buf, sizeof buf - 1);
  close(fds[0]);
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  ASSERT_GT(n, 0);
  ASSERT_EQ(std::string(buf, n), id);

  EXPECT_TRUE(q_->Claim(topic_, "survivor", 1, Short(), 0ms).value().empty());
  auto again = ClaimAfter(Short(), "survivor", 1min);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].id, id);
  EXPECT_EQ(again[0].body, "crash me");
  EXPECT_EQ(again[0].attempts, 2);
}

TEST_P(QueueTest, NothingIsLostAcrossARestart) {
  if (GetParam() == QueueBackend::kMemory) GTEST_SKIP() << "the memory fake does not persist";
  auto now_id = q_->Enqueue(topic_, "now").value();
  auto later_id = q_->Enqueue(topic_, "later", Short()).value();
  auto in_flight = q_->Enqueue(topic_, "in flight").value();
  ASSERT_EQ(q_->Claim(topic_, "c", 1, Short(), 0ms).value().size(), 1u);  // claims "now"
  q_.reset();
  q_ = Open();
  ASSERT_NE(q_, nullptr);
  EXPECT_EQ(q_->Depth(topic_).value(), 3);
  std::set<std::string> seen;
  auto ready = q_->Claim(topic_, "c", 10, Short(), 0ms).value();
  for (auto& m : ready) seen.insert(m.id);
  if (!real_time()) {
    // Only the message nobody had claimed is ready; the others come after their timeouts.
    ASSERT_EQ(ready.size(), 1u);
    EXPECT_EQ(ready[0].id, in_flight);
    for (auto& m : ClaimAfter(Short(), "c", Short())) seen.insert(m.id);
  } else {
    ASSERT_TRUE(testing::WaitFor(
        [&] {
          auto got = q_->Claim(topic_, "c", 10, Short(), 0ms);
          if (got) {
            for (auto& m : *got) seen.insert(m.id);
          }
          return seen.size() == 3;
        },
        10s));
  }
  EXPECT_EQ(seen, (std::set<std::string>{now_id, later_id, in_flight}));
}

INSTANTIATE_TEST_SUITE_P(Backends, QueueTest,
                         ::testing::Values(QueueBackend::kEmbedded, QueueBackend::kRedis,
                                           QueueBackend::kMemory),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace leados::store
