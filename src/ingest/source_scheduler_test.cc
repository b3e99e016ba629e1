// The scheduler driving every runner through the real fetch path (CurlHttpClient + Fetcher)
// against the local fixture server, which serves the recorded responses of ../shared/fixtures
// byte for byte: every kind turns into the signals its parser finds in those bytes; a second
// run hands nothing on twice; validators make feed polls conditional; the Reddit token and
// rate-limit headers; HN catches up after a restart without repeating or skipping.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

#include "core/encoding.h"
#include "ingest/connector_ashby.h"
#include "ingest/connector_feed.h"
#include "ingest/connector_greenhouse.h"
#include "ingest/connector_hackernews.h"
#include "ingest/connector_jsonl.h"
#include "ingest/connector_jsonld.h"
#include "ingest/connector_lever.h"
#include "ingest/connector_reddit.h"
#include "ingest/source_test_env.h"

namespace leados::ingest {
namespace {

namespace json = core::json;
using namespace std::chrono_literals;
using test_support::FixtureResponse;
using test_support::FixtureServer;
using testing::FixturesDir;
using testing::Keys;
using testing::ReadFile;
using testing::SchedulerEnv;
using testing::Spec;
using testing::TestdataDir;

class SourceSchedulerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(FixturesDir() / "greenhouse")) {
      GTEST_SKIP() << "no shared fixtures at " << FixturesDir() << " (set LEADOS_SHARED)";
    }
    db_ = testing::FreshSqlite(clock_);
    ASSERT_TRUE(db_);
    env_ = std::make_unique<SchedulerEnv>(clock_, db_->db(), server_, kv_);
  }

  // Serves a recorded fixture byte for byte at `target`; returns its bytes.
  std::string Serve(const std::string& target, const std::string& fixture,
                    const std::string& content_type) {
    const auto path = FixturesDir() / fixture;
    EXPECT_TRUE(server_.ServeFile(target, path, content_type)) << path;
    return ReadFile(path);
  }

  std::string Create(SourceSpec spec) {
    auto s = env_->store_.Create(std::move(spec), SourceOrigin::kApi);
    EXPECT_TRUE(s) << s.error().message;
    return s ? s->id : "";
  }

  Source Get(const std::string& id) {
    auto s = env_->store_.Get(id);
    EXPECT_TRUE(s) << s.error().message;
    return s ? *s : Source{};
  }

  // The signals handed on, by source id.
  std::map<std::string, std::vector<Signal>> ByFeed() {
    std::map<std::string, std::vector<Signal>> out;
    for (auto& s : env_->sink_.Take()) out[s.feed_id].push_back(std::move(s));
    return out;
  }

  static std::set<std::string> KeySet(const std::vector<Signal>& v) {
    auto k = Keys(v);
    return {k.begin(), k.end()};
  }

  ParseContext Ctx(const std::string& path, SourceKind kind = SourceKind::kRss) {
    ParseContext c;
    c.url = server_.Url(path);
    c.kind = kind;
    return c;
  }

  core::ManualClock clock_;
  FixtureServer server_;
  store::MemoryKeyValue kv_{clock_};
  std::unique_ptr<store::testing::FreshDatabase> db_;
  std::unique_ptr<SchedulerEnv> env_;
};

TEST_F(SourceSchedulerTest, EveryKindProducesTheRecordedSignals) {
  const std::string guardian =
      Serve("/feeds/guardian.rss", "rss-realworld/rss-parser/input/guardian.rss",
            "application/rss+xml; charset=utf-8");
  const std::string heise = Serve("/feeds/heise.atom", "rss-realworld/rss-parser/input/heise.atom",
                                  "application/atom+xml");
  const std::string gitlab = Serve("/v1/boards/gitlab/jobs?content=true",
                                   "greenhouse/gitlab_jobs_content_true_2026-07-11.json",
                                   "application/json; charset=utf-8");
  const std::string lever = Serve("/v0/postings/leverdemo?mode=json",
                                  "lever/leverdemo_postings_2026-07-11.json", "application/json");
  const std::string ashby =
      Serve("/posting-api/job-board/ramp",
            "ashby/ramp_job_board_includeCompensation_2026-07-11.json", "application/json");
  const std::string algolia =
      Serve("/api/v1/search_by_date?tags=story&query=&numericFilters=created_at_i%3E" +
                std::to_string(clock_.NowUnixSeconds() - 24 * 3600) + "&hitsPerPage=100&page=0",
            "hackernews/algolia/communal_hackernews_sampleNewsOutput.json", "application/json");
  const std::string askreddit =
      Serve("/r/askreddit/new?limit=100&raw_json=1", "reddit/r_askreddit_new_listing_2016.json",
            "application/json; charset=UTF-8");
  server_.ServeBytes("/api/v1/access_token",
                     R"({"access_token":"tok-123","token_type":"bearer","expires_in":3600})",
                     "application/json");
  const std::string careers = ReadFile(TestdataDir() / "careers_single.html");
  server_.ServeBytes("/careers", careers, "text/html; charset=utf-8");
  const std::string lines = ReadFile(TestdataDir() / "signals.jsonl");
  server_.ServeBytes("/export.jsonl", lines, "application/x-ndjson");
  // HN firebase: maxitem, the recorded story 8863 and two items without text around it.
  server_.ServeBytes("/v0/maxitem.json", "8864", "application/json");
  Serve("/v0/item/8863.json", "hackernews/firebase/item_8863.json", "application/json");
  server_.ServeBytes("/v0/item/8862.json", R"({"id":8862,"deleted":true,"type":"comment"})",
                     "application/json");
  server_.ServeBytes("/v0/item/8864.json", R"({"id":8864,"deleted":true,"type":"comment"})",
                     "application/json");

  const std::string base = server_.BaseUrl();
  const std::string feed =
      Create(Spec(SourceType::kFeed, "guardian", {{"url", server_.Url("/feeds/guardian.rss")}}));
  const std::string press =
      Create(Spec(SourceType::kPress, "heise",
                  {{"url", server_.Url("/feeds/heise.atom")}, {"company", "Heise"}}));
  const std::string gh =
      Create(Spec(SourceType::kGreenhouse, "gitlab", {{"board", "gitlab"}, {"base_url", base}}));
  const std::string lv =
      Create(Spec(SourceType::kLever, "leverdemo", {{"site", "leverdemo"}, {"base_url", base}}));
  const std::string ab =
      Create(Spec(SourceType::kAshby, "ramp", {{"board", "ramp"}, {"base_url", base}}));
  const std::string hn =
      Create(Spec(SourceType::kHn, "hn live", {{"base_url", base}, {"max_items_per_run", 3}}));
  const std::string hn_backfill =
      Create(Spec(SourceType::kHn, "hn backfill", {{"base_url", base}, {"mode", "algolia"}}));
  const std::string rd = Create(Spec(SourceType::kReddit, "askreddit",
                                     {{"subreddit", "askreddit"},
                                      {"api_base_url", base},
                                      {"token_url", server_.Url("/api/v1/access_token")}}));
  const std::string jp = Create(Spec(SourceType::kJobPage, "careers",
                                     {{"url", server_.Url("/careers")}, {"company", "Acme"}}));
  const std::string jl =
      Create(Spec(SourceType::kJsonl, "export", {{"url", server_.Url("/export.jsonl")}}));

  auto ran = env_->scheduler_.RunDue(clock_.Now());
  ASSERT_TRUE(ran) << ran.error().message;
  EXPECT_EQ(*ran, 10);
  auto got = ByFeed();

  struct Want {
    std::string id;
    core::Result<ParsedPage> page;
  };
  std::vector<Want> wants;
  wants.push_back({feed, ParseFeedPage(guardian, Ctx("/feeds/guardian.rss"))});
  wants.push_back({press, ParseFeedPage(heise, Ctx("/feeds/heise.atom", SourceKind::kPress))});
  wants.push_back({gh, ParseGreenhouseJobs(gitlab, Ctx("/x", SourceKind::kGreenhouse))});
  wants.push_back({lv, ParseLeverPostings(lever, Ctx("/x", SourceKind::kLever))});
  wants.push_back({ab, ParseAshbyJobBoard(ashby, Ctx("/x", SourceKind::kAshby))});
  wants.push_back({hn_backfill, ParseHnAlgoliaSearch(algolia, Ctx("/x"))});
  wants.push_back({rd, ParseRedditListing(askreddit, Ctx("/x"))});
  wants.push_back({jp, ParseJobPostingPage(careers, Ctx("/careers", SourceKind::kJobPage))});
  wants.push_back({jl, ParseSignalLines(lines, Ctx("/x")).page});
  for (const auto& w : wants) {
    const Source s = Get(w.id);
    SCOPED_TRACE(s.spec.name);
    ASSERT_TRUE(w.page) << w.page.error().message;
    ASSERT_FALSE(w.page->signals.empty());
    EXPECT_EQ(KeySet(got[w.id]), KeySet(w.page->signals));
    EXPECT_EQ(s.state.consecutive_failures, 0) << s.state.last_error_message.value_or("");
    EXPECT_TRUE(s.state.last_success_at_ms.has_value());
    EXPECT_EQ(s.state.signals_total, static_cast<int64_t>(got[w.id].size()));
    for (const auto& sig : got[w.id]) EXPECT_EQ(sig.feed_id, w.id);
  }
  // Spot checks of what a user sees.
  ASSERT_EQ(got[gh].size(), 3u);
  EXPECT_EQ(got[gh][0].title, "Account Executive - Italy");
  EXPECT_EQ(got[gh][0].company, "GitLab");
  EXPECT_EQ(got[press].front().company, "Heise");
  EXPECT_EQ(got[press].front().source, SourceKind::kPress);
  EXPECT_EQ(got[jp].front().company, "Acme");
  ASSERT_EQ(got[hn].size(), 1u);  // 8862 and 8864 are deleted: only the story
  EXPECT_EQ(got[hn][0].Key(), "hn:8863");
  EXPECT_EQ(got[hn][0].title, "My YC app: Dropbox - Throw away your USB drive");
  EXPECT_EQ(Get(hn).state.cursor, (json::object{{"last_item", 8864}}));
  EXPECT_EQ(got[rd].size(),
            100u - 4u);  // 100 posts, the four over_18 ones dropped (connector rule)

  // Reddit: app-only token with Basic client credentials, then the listing with the bearer token
  // and the descriptive User-Agent.
  auto token_reqs = server_.RequestsFor("/api/v1/access_token");
  ASSERT_EQ(token_reqs.size(), 1u);
  EXPECT_EQ(token_reqs[0].method, "POST");
  EXPECT_EQ(token_reqs[0].body, "grant_type=client_credentials");
  EXPECT_EQ(token_reqs[0].Header("Authorization"),
            "Basic " + core::Base64Encode("test-client:test-secret-do-not-log"));
  auto listing = server_.RequestsFor("/r/askreddit/new?limit=100&raw_json=1");
  ASSERT_EQ(listing.size(), 1u);
  EXPECT_EQ(listing[0].Header("Authorization"), "bearer tok-123");
  EXPECT_TRUE(listing[0].Header("User-Agent").starts_with("LeadOS/"))
      << listing[0].Header("User-Agent");

  // Every source is scheduled one interval (60 s ± 10 %) ahead.
  auto all = env_->store_.List();
  ASSERT_TRUE(all);
  for (const auto& s : *all) {
    const int64_t delay = s.state.next_run_at_ms - clock_.NowUnixMillis();
    EXPECT_GE(delay, 54'000) << s.spec.name;
    EXPECT_LE(delay, 66'000) << s.spec.name;
  }
  const std::string metrics = env_->metrics_.Render();
  EXPECT_NE(metrics.find("leados_ingest_polls_total{source=\"gitlab\",kind=\"greenhouse\","
                         "outcome=\"success\"} 1"),
            std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("leados_ingest_signals_total{source=\"gitlab\",kind=\"greenhouse\"} 3"),
            std::string::npos);

  // No personal data reached SQL: no author, profile or text of any signal is in the sources
  // table (cursors are ids and times).
  auto rows = db_->db().Query("SELECT * FROM sources");
  ASSERT_TRUE(rows);
  std::string dump;
  for (const auto& r : *rows) {
    for (size_t i = 0; i < r.size(); ++i) dump += r.Text(i) + "\n";
  }
  size_t checked = 0;
  for (const auto& [feed_id, signals] : got) {
    for (const auto& sig : signals) {
      for (const std::string* field : {&sig.author, &sig.author_url, &sig.title}) {
        if (field->size() < 4) continue;
        ++checked;
        EXPECT_EQ(dump.find(*field), std::string::npos) << *field;
      }
    }
  }
  EXPECT_GT(checked, 100u);

  // The next round: the same bytes again, so nothing new is handed on.
  clock_.Advance(2min);
  auto again = env_->scheduler_.RunDue(clock_.Now());
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 10);
  EXPECT_TRUE(env_->sink_.Take().empty());
  EXPECT_EQ(server_.RequestsFor("/api/v1/access_token").size(), 1u);  // the token is reused
}

TEST_F(SourceSchedulerTest, FeedPollsAreConditionalOnStoredValidators) {
  const std::string bytes = ReadFile(FixturesDir() / "rss-realworld/rss-parser/input/guardian.rss");
  server_.Route("/feed", FixtureResponse{.body = bytes,
                                         .etag = "\"v1\"",
                                         .last_modified = "Sun, 29 Nov 2026 10:00:00 GMT"});
  const std::string id = Create(Spec(SourceType::kFeed, "f", {{"url", server_.Url("/feed")}}));
  ASSERT_TRUE(env_->scheduler_.RunDue(clock_.Now()));
  EXPECT_FALSE(env_->sink_.Take().empty());
  EXPECT_EQ(Get(id).state.validators.etag, "\"v1\"");

  clock_.Advance(2min);
  ASSERT_TRUE(env_->scheduler_.RunDue(clock_.Now()));
  auto reqs = server_.RequestsFor("/feed");
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[1].Header("If-None-Match"), "\"v1\"");
  EXPECT_EQ(reqs[1].Header("If-Modified-Since"), "Sun, 29 Nov 2026 10:00:00 GMT");
  const Source s = Get(id);
  EXPECT_EQ(s.state.validators.etag, "\"v1\"");  // kept across the 304
  EXPECT_EQ(s.state.consecutive_failures, 0);
  EXPECT_NE(env_->metrics_.Render().find("outcome=\"not_modified\"} 1"), std::string::npos);
}

TEST_F(SourceSchedulerTest, HackerNewsCatchesUpAfterARestartWithoutRepeatsOrGaps) {
  // Items 8860..8880: the recorded story at 8863, deleted stubs elsewhere.
  for (int id = 8850; id <= 8880; ++id) {
    const std::string target = "/v0/item/" + std::to_string(id) + ".json";
    if (id == 8863) {
      Serve(target, "hackernews/firebase/item_8863.json", "application/json");
    } else {
      server_.ServeBytes(target,
                         R"({"id":)" + std::to_string(id) + R"(,"deleted":true,"type":"comment"})",
                         "application/json");
    }
  }
  server_.ServeBytes("/v0/maxitem.json", "8862", "application/json");
  const std::string id = Create(
      Spec(SourceType::kHn, "hn", {{"base_url", server_.BaseUrl()}, {"max_items_per_run", 4}}));
  ASSERT_TRUE(env_->scheduler_.RunDue(clock_.Now()));
  EXPECT_EQ(Get(id).state.cursor, (json::object{{"last_item", 8862}}));  // newest batch: 8859..8862

  // The site moves on while we are down; a new process (new scheduler, fetcher, runners) over
  // the same database and KV picks up at 8863.
  server_.ServeBytes("/v0/maxitem.json", "8873", "application/json");
  env_.reset();
  env_ = std::make_unique<SchedulerEnv>(clock_, db_->db(), server_, kv_);
  std::vector<Signal> seen;
  for (int round = 0; round < 5; ++round) {
    clock_.Advance(2min);
    ASSERT_TRUE(env_->scheduler_.RunDue(clock_.Now()));
    for (auto& s : env_->sink_.Take()) seen.push_back(std::move(s));
  }
  EXPECT_EQ(Get(id).state.cursor, (json::object{{"last_item", 8873}}));
  ASSERT_EQ(Keys(seen), std::vector<std::string>{"hn:8863"});
  // Every id from the first batch up to maxitem was fetched exactly once: no gap, no repeat.
  for (int item = 8859; item <= 8873; ++item) {
    EXPECT_EQ(server_.RequestsFor("/v0/item/" + std::to_string(item) + ".json").size(), 1u) << item;
  }
  EXPECT_TRUE(server_.RequestsFor("/v0/item/8874.json").empty());
  EXPECT_TRUE(server_.RequestsFor("/v0/item/8858.json").empty());
}

TEST_F(SourceSchedulerTest, AStoppingProcessEndsAnHnRunAtTheNextItemAndKeepsTheProgress) {
  for (int id = 8861; id <= 8870; ++id) {
    server_.ServeBytes("/v0/item/" + std::to_string(id) + ".json",
                       R"({"id":)" + std::to_string(id) + R"(,"deleted":true,"type":"comment"})",
                       "application/json");
  }
  server_.ServeBytes("/v0/maxitem.json", "8870", "application/json");
  const std::string id = Create(
      Spec(SourceType::kHn, "hn", {{"base_url", server_.BaseUrl()}, {"max_items_per_run", 10}}));
  const Source source = Get(id);
  std::atomic<bool> cancelled{true};
  auto outcome = env_->runners_.For(SourceType::kHn)
                     ->Run(RunContext{source, env_->fetcher_, env_->client_, env_->deduper_, clock_,
                                      &cancelled});
  ASSERT_TRUE(outcome) << outcome.error().message;
  // The first item (8861) is read, then the run stops: 8861 is the cursor to persist.
  EXPECT_EQ(outcome->cursor, (json::object{{"last_item", 8861}}));
  EXPECT_EQ(server_.RequestsFor("/v0/item/8861.json").size(), 1u);
  EXPECT_TRUE(server_.RequestsFor("/v0/item/8862.json").empty());
}

TEST_F(SourceSchedulerTest, RedditHonoursTheRateLimitAndStopsAtTheLastSeenPost) {
  const std::string page1 = ReadFile(FixturesDir() / "reddit/r_askreddit_new_listing_2016.json");
  server_.ServeBytes("/api/v1/access_token", R"({"access_token":"tok-1","expires_in":3600})",
                     "application/json");
  server_.Route("/r/askreddit/new?limit=100&raw_json=1",
                FixtureResponse{.headers = {{"Content-Type", "application/json"},
                                            {"X-Ratelimit-Remaining", "0"},
                                            {"X-Ratelimit-Reset", "300"},
                                            {"X-Ratelimit-Used", "600"}},
                                .body = page1});
  const std::string id = Create(Spec(SourceType::kReddit, "ask",
                                     {{"subreddit", "askreddit"},
                                      {"api_base_url", server_.BaseUrl()},
                                      {"token_url", server_.Url("/api/v1/access_token")}}));
  ASSERT_TRUE(env_->scheduler_.RunDue(clock_.Now()));
  Source s = Get(id);
  EXPECT_EQ(s.state.consecutive_failures, 0) << s.state.last_error_message.value_or("");
  // The window resets in 300 s: the next poll waits for it rather than the 60 s interval.
  EXPECT_GE(s.state.next_run_at_ms, clock_.NowUnixMillis() + 300'000);
  const auto first = env_->sink_.Take();
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(core::StringOr(s.state.cursor, "newest"), first.front().source_id);

  // Next poll: page 1 holds the newest post we saw, so no older page is requested.
  clock_.Advance(6min);
  ASSERT_TRUE(env_->scheduler_.RunDue(clock_.Now()));
  EXPECT_TRUE(env_->sink_.Take().empty());
  EXPECT_TRUE(server_.RequestsFor("/r/askreddit/new?limit=100&raw_json=1&after=t3_48f6io").empty());
}

TEST_F(SourceSchedulerTest, JsonLinesFileIsReadIncrementally) {
  store::testing::ScopedTempDir dir;
  const auto path = dir.path() / "signals.jsonl";
  const std::string all = ReadFile(TestdataDir() / "signals.jsonl");
  // The first half of the lines, then the rest appended.
  size_t cut = all.find('\n', all.size() / 2) + 1;
  std::ofstream(path, std::ios::binary) << all.substr(0, cut);
  auto s = env_->store_.Create(Spec(SourceType::kJsonl, "file", {{"path", path.string()}}),
                               SourceOrigin::kConfig);
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_TRUE(env_->scheduler_.RunDue(clock_.Now()));
  auto first = env_->sink_.Take();
  std::ofstream(path, std::ios::binary | std::ios::app) << all.substr(cut);
  clock_.Advance(1h);
  ASSERT_TRUE(env_->scheduler_.RunDue(clock_.Now()));
  auto second = env_->sink_.Take();
  EXPECT_FALSE(first.empty());
  EXPECT_FALSE(second.empty());
  auto want = ParseSignalLines(all, {}).page.signals;
  EXPECT_EQ(first.size() + second.size(), want.size());
  EXPECT_EQ(core::IntOr(Get(s->id).state.cursor, "offset"), static_cast<int64_t>(all.size()));
}

}  // namespace
}  // namespace leados::ingest
