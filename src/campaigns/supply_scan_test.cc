// RecentSignals (the supply scans' window in the payload store) on the memory KV and, when
// LEADOS_TEST_REDIS_URL is set, on a real Redis; PositiveTerms.
#include <gtest/gtest.h>

#include "campaigns/recent_signals.h"
#include "campaigns/supply_scan_service.h"
#include "core/ids.h"
#include "store/memory_key_value.h"
#include "store/redis_key_value.h"
#include "store/test_support.h"

namespace leados::campaigns {
namespace {

using std::chrono::hours;

ingest::Signal Sig(std::string id, std::string title) {
  ingest::Signal s;
  s.source = ingest::SourceKind::kHackerNews;
  s.source_id = std::move(id);
  s.title = std::move(title);
  s.author = "someone";
  return s;
}

class RecentSignalsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "memory") {
      kv_ = std::make_unique<store::MemoryKeyValue>(clock_);
      return;
    }
    auto kv = store::testing::FreshRedisKeyValue();
    if (!kv && kv.error().code == core::ErrorCode::kUnavailable) GTEST_SKIP() << kv.error().message;
    ASSERT_TRUE(kv) << kv.error().message;
    kv_ = std::move(*kv);
  }
  std::vector<std::string> Titles(core::TimePoint since, size_t limit = 1000) {
    std::vector<std::string> out;
    RecentSignals window(*kv_, clock_, hours(48));
    auto st = window.ForEach(since, limit, [&](ingest::Signal&& s) { out.push_back(s.title); });
    EXPECT_TRUE(st) << st.error().message;
    return out;
  }

  core::ManualClock clock_;
  std::unique_ptr<store::KeyValue> kv_;
};

TEST_P(RecentSignalsTest, KeepsSignalsByHourAndForgetsThemAfterTheWindow) {
  RecentSignals window(*kv_, clock_, hours(48));
  const core::TimePoint start = clock_.Now();
  ASSERT_TRUE(window.Append(Sig("1", "first")));
  ASSERT_TRUE(window.Append(Sig("2", "second")));
  clock_.Advance(hours(5));
  ASSERT_TRUE(window.Append(Sig("3", "third")));
  EXPECT_EQ(Titles(start), (std::vector<std::string>{"first", "second", "third"}));
  EXPECT_EQ(Titles(clock_.Now() - hours(1)), (std::vector<std::string>{"third"}));
  EXPECT_EQ(Titles(start, 2), (std::vector<std::string>{"first", "second"}));
  // Whole signals go in and come out (personal data included: that is why this lives in the
  // payload store with a TTL, never in SQL).
  RecentSignals reader(*kv_, clock_, hours(48));
  std::vector<ingest::Signal> got;
  ASSERT_TRUE(reader.ForEach(start, 10, [&](ingest::Signal&& s) { got.push_back(std::move(s)); }));
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].author, "someone");
  EXPECT_EQ(got[0].Key(), "hn:1");
  if (GetParam() == "redis") {  // the TTL is real: every key carries it
    auto ttl = kv_->Ttl("recent:" + std::string("2026010100") + ":1");
    ASSERT_TRUE(ttl);
    ASSERT_TRUE(ttl->has_value());
    EXPECT_LE(**ttl, hours(48));
  }
  clock_.Advance(hours(49));  // the memory KV expires by the manual clock
  if (GetParam() == "memory") {
    EXPECT_TRUE(Titles(start).empty());
  }
}

TEST_P(RecentSignalsTest, KeepIsClampedToSevenDays) {
  RecentSignals window(*kv_, clock_, hours(24 * 30));
  EXPECT_EQ(window.keep(), RecentSignals::kMaxKeep);
}

INSTANTIATE_TEST_SUITE_P(Backends, RecentSignalsTest, ::testing::Values("memory", "redis"));

TEST(PositiveTermsTest, TermsNotUnderNot) {
  EXPECT_EQ(PositiveTerms("(crm OR \"help desk\") AND NOT hiring -job zendesk NEAR/3 alternative*"),
            (std::vector<std::string>{"crm", "help desk", "zendesk", "alternative"}));
  EXPECT_TRUE(PositiveTerms("(").empty());
}

}  // namespace
}  // namespace leados::campaigns
