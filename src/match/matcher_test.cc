#include "match/matcher.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace leados::match {
namespace {

using std::chrono::milliseconds;

ingest::Signal Sig(std::string title) {
  ingest::Signal s;
  s.source = ingest::SourceKind::kHackerNews;
  s.source_id = "1";
  s.title = std::move(title);
  return s;
}

TEST(MatcherTest, StartsEmptyAndInstallsUpdatesInTheBackground) {
  Matcher m;
  EXPECT_EQ(m.version(), 0u);
  EXPECT_TRUE(m.Match(Sig("crm")).empty());
  const uint64_t v = m.UpdateCampaigns({{"c1", "crm"}, {"bad", "crm AND"}});
  ASSERT_TRUE(m.WaitForVersion(v, milliseconds(10'000)));
  EXPECT_EQ(m.version(), v);
  auto matches = m.Match(Sig("Best CRM?"));
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].campaign_id, "c1");
  ASSERT_EQ(m.Snapshot()->errors().size(), 1u);
  EXPECT_EQ(m.Snapshot()->errors()[0].campaign_id, "bad");
  EXPECT_EQ(m.Snapshot()->errors()[0].message,
            "1:8: expected a term, a \"phrase\" or '(' after 'AND', found the end of the query");
}

TEST(MatcherTest, LatestUpdateWins) {
  Matcher m;
  uint64_t last = 0;
  for (int i = 0; i < 20; ++i)
    last = m.UpdateCampaigns({{"c" + std::to_string(i), "w" + std::to_string(i)}});
  ASSERT_TRUE(m.WaitForVersion(last, milliseconds(10'000)));
  EXPECT_EQ(m.Match(Sig("w19")).size(), 1u);
  EXPECT_TRUE(m.Match(Sig("w3")).empty());
}

TEST(MatcherTest, MatchingContinuesFromManyThreadsWhileCampaignsChange) {
  Matcher m;
  ASSERT_TRUE(m.WaitForVersion(m.UpdateCampaigns({{"a", "alpha"}}), milliseconds(10'000)));
  std::atomic<bool> stop{false};
  std::atomic<int> wrong{0}, done{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&] {
      while (!stop.load()) {
        auto r = m.Match(Sig("alpha beta"));
        // Every snapshot has campaign "a" (alpha); some also have "b" (beta).
        if (r.empty() || r[0].campaign_id != "a") ++wrong;
        ++done;
      }
    });
  }
  for (int i = 0; i < 10; ++i) {
    std::vector<CampaignQuery> cs = {{"a", "alpha"}};
    if (i % 2 == 0) cs.push_back({"b", "beta"});
    ASSERT_TRUE(m.WaitForVersion(m.UpdateCampaigns(cs), milliseconds(10'000)));
  }
  stop = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_GT(done.load(), 0);
}

TEST(MatcherTest, DestroyingWithAPendingRebuildDoesNotHang) {
  auto m = std::make_unique<Matcher>();
  std::vector<CampaignQuery> cs;
  for (int i = 0; i < 500; ++i)
    cs.push_back({"c" + std::to_string(i), "w" + std::to_string(i) + " x"});
  m->UpdateCampaigns(cs);
  m.reset();
  SUCCEED();
}

}  // namespace
}  // namespace leados::match
