// Conformance suite for KeyValue: the same cases on the embedded (SQLite), Redis and memory
// backends. Redis cases skip when LEADOS_TEST_REDIS_URL is unset.

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <thread>
#include <tuple>

#include "store/embedded_key_value.h"
#include "store/memory_key_value.h"
#include "store/redis_key_value.h"
#include "store/test_support.h"

namespace leados::store {
namespace {

using namespace std::chrono_literals;
using testing::RedisUrl;
using testing::ScopedTempDir;
using testing::UniqueName;
using testing::WaitFor;

enum class KvBackend { kEmbedded, kRedis, kMemory };

std::string BackendName(KvBackend b) {
  switch (b) {
    case KvBackend::kEmbedded: return "embedded";
    case KvBackend::kRedis: return "redis";
    case KvBackend::kMemory: return "memory";
  }
  return "";
}

class KeyValueTest : public ::testing::TestWithParam<KvBackend> {
 protected:
  void SetUp() override {
    if (GetParam() == KvBackend::kRedis && RedisUrl().empty()) {
      GTEST_SKIP() << "LEADOS_TEST_REDIS_URL is unset (run under scripts/test-services.sh)";
    }
    prefix_ = UniqueName("test") + ":";
    kv_ = Open();
    ASSERT_NE(kv_, nullptr);
  }

  // A new object on the same storage (the memory backend has none: a fresh, empty one).
  std::unique_ptr<KeyValue> Open() {
    core::Result<std::unique_ptr<KeyValue>> kv = nullptr;
    switch (GetParam()) {
      case KvBackend::kEmbedded: kv = OpenEmbeddedKeyValue(dir_.path() / "kv.db", clock_); break;
      case KvBackend::kRedis: kv = OpenRedisKeyValue(RedisUrl(), prefix_); break;
      case KvBackend::kMemory: kv = std::make_unique<MemoryKeyValue>(clock_); break;
    }
    EXPECT_TRUE(kv) << kv.error().message;
    return kv ? std::move(*kv) : nullptr;
  }

  bool real_time() const { return GetParam() == KvBackend::kRedis; }

  // Lets `ttl` pass and waits until `key` has expired: the manual clock jumps; Redis's real
  // clock is waited for, with a deadline.
  bool ExpireAfter(const std::string& key, core::Duration ttl) {
    if (!real_time()) {
      clock_.Advance(ttl);
      auto v = kv_->Get(key);
      return v && !v->has_value();
    }
    return WaitFor(
        [&] {
          auto v = kv_->Get(key);
          return v && !v->has_value();
        },
        5s);
  }

  core::ManualClock clock_;
  ScopedTempDir dir_;
  std::string prefix_;
  std::unique_ptr<KeyValue> kv_;
};

TEST_P(KeyValueTest, PutGetOverwriteDelete) {
  EXPECT_EQ(kv_->Get("missing").value(), std::nullopt);
  ASSERT_TRUE(kv_->Put("k", "v1", std::nullopt));
  EXPECT_EQ(kv_->Get("k").value(), "v1");
  ASSERT_TRUE(kv_->Put("k", "v2", std::nullopt));
  EXPECT_EQ(kv_->Get("k").value(), "v2");
  EXPECT_EQ(kv_->Delete("k").value(), true);
  EXPECT_EQ(kv_->Delete("k").value(), false);
  EXPECT_EQ(kv_->Get("k").value(), std::nullopt);
  EXPECT_TRUE(kv_->Ping());
}

TEST_P(KeyValueTest, ValuesAreBinaryAndUnicodeSafe) {
  const std::string value = std::string("a\0b\xff\x01 ", 7) + "Zoë 東京 🚀 '?\"";
  ASSERT_TRUE(kv_->Put("bin", value, std::nullopt));
  EXPECT_EQ(kv_->Get("bin").value(), value);
  ASSERT_TRUE(kv_->Put("clé:ünïcode", "x", std::nullopt));
  EXPECT_EQ(kv_->Get("clé:ünïcode").value(), "x");
}

TEST_P(KeyValueTest, RejectsEmptyKeysAndNonPositiveTtls) {
  auto r = kv_->Put("", "v", std::nullopt);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
  auto t = kv_->Put("k", "v", 0ms);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_FALSE(kv_->PutIfAbsent("k", "v", -1s));
}

TEST_P(KeyValueTest, KeysExpireAfterTheirTtl) {
  ASSERT_TRUE(kv_->Put("short", "v", 200ms));
  ASSERT_TRUE(kv_->Put("forever", "v", std::nullopt));
  EXPECT_EQ(kv_->Get("short").value(), "v");
  auto ttl = kv_->Ttl("short");
  ASSERT_TRUE(ttl);
  ASSERT_TRUE(ttl->has_value());
  EXPECT_GT(**ttl, 0ms);
  EXPECT_LE(**ttl, 200ms);
  EXPECT_EQ(kv_->Ttl("forever").value(), std::nullopt);
  EXPECT_EQ(kv_->Ttl("missing").value(), std::nullopt);

  EXPECT_TRUE(ExpireAfter("short", 200ms));
  EXPECT_EQ(kv_->Ttl("short").value(), std::nullopt);
  EXPECT_EQ(kv_->Delete("short").value(), false);
  EXPECT_EQ(kv_->Get("forever").value(), "v");
}

TEST_P(KeyValueTest, PutWithoutTtlRemovesAnOldTtl) {
  ASSERT_TRUE(kv_->Put("k", "v", 1h));
  ASSERT_TRUE(kv_->Put("k", "w", std::nullopt));
  EXPECT_EQ(kv_->Ttl("k").value(), std::nullopt);
}

TEST_P(KeyValueTest, PutIfAbsentSetsOnlyMissingOrExpiredKeys) {
  EXPECT_EQ(kv_->PutIfAbsent("fp", "first", 200ms).value(), true);
  EXPECT_EQ(kv_->PutIfAbsent("fp", "second", 200ms).value(), false);
  EXPECT_EQ(kv_->Get("fp").value(), "first");
  ASSERT_TRUE(ExpireAfter("fp", 200ms));
  EXPECT_EQ(kv_->PutIfAbsent("fp", "third", std::nullopt).value(), true);
  EXPECT_EQ(kv_->Get("fp").value(), "third");
}

TEST_P(KeyValueTest, PutIfAbsentUnder16ConcurrentWritersHasExactlyOneWinner) {
  constexpr int kWriters = 16;
  for (int round = 0; round < 3; ++round) {
    const std::string key = "race" + std::to_string(round);
    std::latch start(kWriters);
    std::atomic<int> wins{0}, errors{0}, winner{-1};
    std::vector<std::thread> threads;
    for (int i = 0; i < kWriters; ++i) {
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        auto r = kv_->PutIfAbsent(key, "writer" + std::to_string(i), 1h);
        if (!r) {
          ++errors;
        } else if (*r) {
          ++wins;
          winner = i;
        }
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(errors.load(), 0);
    EXPECT_EQ(wins.load(), 1);
    EXPECT_EQ(kv_->Get(key).value(), "writer" + std::to_string(winner.load()));
  }
}

TEST_P(KeyValueTest, IncrementCountsAtomicallyAndSetsTtlOnlyOnCreation) {
  EXPECT_EQ(kv_->Increment("n", 1, 1h).value(), 1);
  EXPECT_EQ(kv_->Increment("n", 5, 1s).value(), 6);
  EXPECT_EQ(kv_->Increment("n", -10, std::nullopt).value(), -4);
  auto ttl = kv_->Ttl("n").value();
  ASSERT_TRUE(ttl.has_value());
  EXPECT_GT(*ttl, 30min);  // kept the TTL from creation, not the later 1 s
  EXPECT_EQ(kv_->Increment("plain", 2, std::nullopt).value(), 2);
  EXPECT_EQ(kv_->Ttl("plain").value(), std::nullopt);

  ASSERT_TRUE(kv_->Put("text", "abc", std::nullopt));
  auto bad = kv_->Increment("text", 1, std::nullopt);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, core::ErrorCode::kFailedPrecondition);

  constexpr int kThreads = 8, kEach = 25;
  std::vector<std::thread> threads;
  std::atomic<int> errors{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        if (!kv_->Increment("hits", 1, 1h)) ++errors;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(kv_->Get("hits").value(), std::to_string(kThreads * kEach));
}

TEST_P(KeyValueTest, IncrementRestartsAfterExpiry) {
  ASSERT_EQ(kv_->Increment("window", 3, 200ms).value(), 3);
  ASSERT_TRUE(ExpireAfter("window", 200ms));
  EXPECT_EQ(kv_->Increment("window", 1, 200ms).value(), 1);
}

TEST_P(KeyValueTest, ScanPrefixReturnsLiveEntriesInKeyOrder) {
  for (const char* k : {"lead:3", "lead:1", "lead:2", "leadx", "other:1"}) {
    ASSERT_TRUE(kv_->Put(k, std::string("v-") + k, std::nullopt));
  }
  ASSERT_TRUE(kv_->Put("lead:0", "gone", 200ms));
  ASSERT_TRUE(ExpireAfter("lead:0", 200ms));

  auto all = kv_->ScanPrefix("lead:", 100);
  ASSERT_TRUE(all) << all.error().message;
  std::vector<std::pair<std::string, std::string>> want{
      {"lead:1", "v-lead:1"}, {"lead:2", "v-lead:2"}, {"lead:3", "v-lead:3"}};
  EXPECT_EQ(*all, want);
  auto two = kv_->ScanPrefix("lead:", 2);
  ASSERT_TRUE(two);
  want.pop_back();
  EXPECT_EQ(*two, want);
  EXPECT_TRUE(kv_->ScanPrefix("nothing:", 10).value().empty());
}

TEST_P(KeyValueTest, ScanPrefixTreatsGlobCharactersLiterally) {
  ASSERT_TRUE(kv_->Put("a*?[x]\\1", "literal", std::nullopt));
  ASSERT_TRUE(kv_->Put("abc", "other", std::nullopt));
  ASSERT_TRUE(kv_->Put("a%_", "like-wildcards", std::nullopt));
  auto r = kv_->ScanPrefix("a*?[x]\\", 10);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].second, "literal");
  auto like = kv_->ScanPrefix("a%", 10);
  ASSERT_TRUE(like);
  ASSERT_EQ(like->size(), 1u);
  EXPECT_EQ((*like)[0].second, "like-wildcards");
}

TEST_P(KeyValueTest, TakeTokensAllowsTheBurstThenRefillsWithThePassedClock) {
  // The bucket follows the `now` it is given; the Redis state's real TTL is short but this test
  // outruns it.
  core::TimePoint now = clock_.Now();
  for (int64_t i = 4; i >= 0; --i) {
    auto r = kv_->TakeTokens("bucket", 1, 1.0, 5, now);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_TRUE(r->allowed);
    EXPECT_EQ(r->remaining, i);
    EXPECT_EQ(r->retry_after, core::Duration::zero());
  }
  auto refused = kv_->TakeTokens("bucket", 1, 1.0, 5, now).value();
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.remaining, 0);
  EXPECT_EQ(refused.retry_after, 1000ms);
  EXPECT_EQ(refused.reset, 5000ms);

  now += 1s;  // one token back
  auto again = kv_->TakeTokens("bucket", 1, 1.0, 5, now).value();
  EXPECT_TRUE(again.allowed);
  EXPECT_EQ(again.remaining, 0);
  now += 500ms;
  auto half = kv_->TakeTokens("bucket", 1, 1.0, 5, now).value();
  EXPECT_FALSE(half.allowed);
  EXPECT_EQ(half.retry_after, 500ms);
  // A clock behind the last one seen (another instance's) refills nothing.
  EXPECT_FALSE(kv_->TakeTokens("bucket", 1, 1.0, 5, now - 10s).value().allowed);
  now += 1h;  // never more than the burst
  auto full = kv_->TakeTokens("bucket", 1, 1.0, 5, now).value();
  EXPECT_TRUE(full.allowed);
  EXPECT_EQ(full.remaining, 4);
  EXPECT_EQ(full.reset, 1000ms);
  auto ttl = kv_->Ttl("bucket").value();
  ASSERT_TRUE(ttl.has_value());  // the state expires once the bucket would be full
  EXPECT_LE(*ttl, 1000ms);
}

TEST_P(KeyValueTest, TakeTokensWithACostAboveOneAndFractionalRates) {
  const core::TimePoint now = clock_.Now();
  EXPECT_EQ(kv_->TakeTokens("cost", 4, 2.0, 10, now).value().remaining, 6);
  EXPECT_EQ(kv_->TakeTokens("cost", 4, 2.0, 10, now).value().remaining, 2);
  auto refused = kv_->TakeTokens("cost", 4, 2.0, 10, now).value();
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.remaining, 2);  // a refusal takes nothing
  EXPECT_EQ(refused.retry_after, 1000ms);
  EXPECT_TRUE(kv_->TakeTokens("cost", 2, 2.0, 10, now).value().allowed);

  EXPECT_TRUE(kv_->TakeTokens("slow", 1, 0.5, 1, now).value().allowed);
  auto slow = kv_->TakeTokens("slow", 1, 0.5, 1, now).value();
  EXPECT_FALSE(slow.allowed);
  EXPECT_EQ(slow.retry_after, 2000ms);
  EXPECT_TRUE(kv_->TakeTokens("slow", 1, 0.5, 1, now + 2s).value().allowed);

  for (auto [cost, rate, burst] : {std::tuple{int64_t{0}, 1.0, int64_t{5}},
                                   {int64_t{6}, 1.0, int64_t{5}},
                                   {int64_t{1}, 0.0, int64_t{5}},
                                   {int64_t{1}, 1.0, int64_t{0}}}) {
    auto bad = kv_->TakeTokens("bad", cost, rate, burst, now);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, core::ErrorCode::kInvalidArgument);
  }
  ASSERT_TRUE(kv_->Put("text", "abc", std::nullopt));
  auto text = kv_->TakeTokens("text", 1, 1.0, 5, now);
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().code, core::ErrorCode::kFailedPrecondition);
}

TEST_P(KeyValueTest, TakeTokensFromManyThreadsAndTwoClientsNeverAdmitsMoreThanTheBurst) {
  // Two objects on the same storage stand for two server instances (the memory fake has no
  // shared storage: one object).
  std::unique_ptr<KeyValue> second = GetParam() == KvBackend::kMemory ? nullptr : Open();
  KeyValue* clients[2] = {kv_.get(), second ? second.get() : kv_.get()};
  constexpr int kThreads = 8, kEach = 15;
  constexpr int64_t kBurst = 50;
  const core::TimePoint now = clock_.Now();
  std::latch start(kThreads);
  std::atomic<int> admitted{0}, errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int i = 0; i < kEach; ++i) {
        auto r = clients[t % 2]->TakeTokens("shared", 1, 0.001, kBurst, now);
        if (!r) {
          ++errors;
        } else if (r->allowed) {
          ++admitted;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(admitted.load(), kBurst);  // 120 attempts, 50 tokens
}

TEST_P(KeyValueTest, NothingIsLostAcrossARestart) {
  if (GetParam() == KvBackend::kMemory) GTEST_SKIP() << "the memory fake does not persist";
  ASSERT_TRUE(kv_->Put("payload", "lead data", 1h));
  ASSERT_TRUE(kv_->Put("setting", "on", std::nullopt));
  ASSERT_TRUE(kv_->Increment("count", 41, std::nullopt));
  kv_.reset();
  kv_ = Open();
  ASSERT_NE(kv_, nullptr);
  EXPECT_EQ(kv_->Get("payload").value(), "lead data");
  EXPECT_TRUE(kv_->Ttl("payload").value().has_value());
  EXPECT_EQ(kv_->Get("setting").value(), "on");
  EXPECT_EQ(kv_->Increment("count", 1, std::nullopt).value(), 42);
}

INSTANTIATE_TEST_SUITE_P(Backends, KeyValueTest,
                         ::testing::Values(KvBackend::kEmbedded, KvBackend::kRedis,
                                           KvBackend::kMemory),
                         [](const auto& info) { return BackendName(info.param); });

TEST(EmbeddedKeyValueTest, SweepExpiredDeletesOnlyExpiredRowsInBatches) {
  core::ManualClock clock;
  ScopedTempDir dir;
  auto kv = OpenEmbeddedKeyValue(dir.path() / "kv.db", clock);
  ASSERT_TRUE(kv) << kv.error().message;
  for (int i = 0; i < 250; ++i) ASSERT_TRUE((*kv)->Put("tmp" + std::to_string(i), "x", 1min));
  ASSERT_TRUE((*kv)->Put("keep", "x", std::nullopt));
  ASSERT_TRUE((*kv)->Put("later", "x", 1h));
  EXPECT_EQ((*kv)->SweepExpired(100).value(), 0);
  clock.Advance(2min);
  EXPECT_EQ((*kv)->SweepExpired(100).value(), 250);
  EXPECT_EQ((*kv)->SweepExpired(100).value(), 0);
  EXPECT_EQ((*kv)->Get("keep").value(), "x");
  EXPECT_EQ((*kv)->Get("later").value(), "x");
}

TEST(RedisKeyValueTest, UnreachableServerIsUnavailable) {
  auto kv = OpenRedisKeyValue("redis://127.0.0.1:1", "x:");
  ASSERT_FALSE(kv);
  EXPECT_EQ(kv.error().code, core::ErrorCode::kUnavailable);
  auto bad = OpenRedisKeyValue("http://localhost", "x:");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, core::ErrorCode::kInvalidArgument);
}

TEST(RedisKeyValueTest, EscapeGlobEscapesEveryPatternCharacter) {
  EXPECT_EQ(internal::EscapeGlob("a*b?c[d]e\\f"), "a\\*b\\?c\\[d\\]e\\\\f");
}

}  // namespace
}  // namespace leados::store
