#include "match/matcher.h"

#include <gtest/gtest.h>

#include <algorithm>
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
  ASSERT_EQ(m.errors().size(), 1u);
  EXPECT_EQ(m.errors()[0].campaign_id, "bad");
  EXPECT_EQ(m.errors()[0].message,
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

std::vector<std::string> Ids(const std::vector<CampaignMatch>& ms) {
  std::vector<std::string> ids;
  for (const auto& m : ms) ids.push_back(m.campaign_id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

// Edits, deletions and additions take effect through the delta layer at once, and the same
// results hold after the background full rebuild has compacted the view into one database.
TEST(MatcherTest, ChangesGoThroughTheDeltaThenCompact) {
  Matcher m;
  std::vector<CampaignQuery> base;
  for (int i = 0; i < 300; ++i) base.push_back({"c" + std::to_string(i), "w" + std::to_string(i)});
  base.push_back({"edit", "alpha"});
  base.push_back({"gone", "alpha"});
  base.push_back({"broken", "alpha AND"});
  ASSERT_TRUE(m.WaitForVersion(m.UpdateCampaigns(base), milliseconds(10'000)));
  for (int i = 0; i < 200 && !m.compacted(); ++i) std::this_thread::sleep_for(milliseconds(10));
  ASSERT_TRUE(m.compacted());
  EXPECT_EQ(Ids(m.Match(Sig("alpha w7"))), (std::vector<std::string>{"c7", "edit", "gone"}));
  EXPECT_EQ(m.campaign_count(), 302u);

  auto next = base;
  next.erase(std::remove_if(next.begin(), next.end(),
                            [](const CampaignQuery& c) { return c.id == "gone"; }),
             next.end());
  for (auto& c : next) {
    if (c.id == "edit") c.query = "beta";
    if (c.id == "broken") c.query = "alpha OR beta";
  }
  next.push_back({"new", "alpha"});
  next.push_back({"new-bad", "(alpha"});
  const uint64_t v = m.UpdateCampaigns(next);
  ASSERT_TRUE(m.WaitForVersion(v, milliseconds(10'000)));
  const auto expect_new_results = [&] {
    EXPECT_EQ(Ids(m.Match(Sig("alpha w7"))), (std::vector<std::string>{"broken", "c7", "new"}));
    EXPECT_EQ(Ids(m.Match(Sig("beta"))), (std::vector<std::string>{"broken", "edit"}));
    ASSERT_EQ(m.errors().size(), 1u);
    EXPECT_EQ(m.errors()[0].campaign_id, "new-bad");
    EXPECT_EQ(m.campaign_count(), 303u);
  };
  expect_new_results();  // layered or already compacted: the same answers
  for (int i = 0; i < 200 && !m.compacted(); ++i) std::this_thread::sleep_for(milliseconds(10));
  ASSERT_TRUE(m.compacted());
  EXPECT_EQ(m.version(), v);
  expect_new_results();
}

// Past kMaxDeltaCampaigns the fast thread compiles everything itself.
TEST(MatcherTest, LargeChangeCompilesEverything) {
  Matcher m;
  std::vector<CampaignQuery> cs;
  for (size_t i = 0; i < Matcher::kMaxDeltaCampaigns + 10; ++i)
    cs.push_back({"c" + std::to_string(i), "w" + std::to_string(i)});
  ASSERT_TRUE(m.WaitForVersion(m.UpdateCampaigns(cs), milliseconds(30'000)));
  EXPECT_TRUE(m.compacted());
  EXPECT_EQ(Ids(m.Match(Sig("w2005"))), (std::vector<std::string>{"c2005"}));
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
