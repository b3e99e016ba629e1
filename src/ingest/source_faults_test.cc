// Faults through the scheduler: 429 with Retry-After, 500, a timeout, a truncated body,
// malformed XML and JSON, a wrong declared encoding, a 50 MB body, a redirect loop and a
// redirect to a private address. Nothing crashes; each failing source is marked failing with a
// clear error and backs off; the good sources in the same rounds keep flowing. Then the
// back-off curve and the single alert per failing streak with a manual clock, a failing sink,
// and a runner that throws.
#include <gtest/gtest.h>

#include "ingest/source_test_env.h"

namespace leados::ingest {
namespace {

namespace json = core::json;
using namespace std::chrono_literals;
using test_support::FixtureResponse;
using test_support::FixtureServer;
using testing::FixturesDir;
using testing::ReadFile;
using testing::SchedulerEnv;
using testing::Spec;

class SourceFaultsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::FreshSqlite(clock_);
    ASSERT_TRUE(db_);
    env_ = std::make_unique<SchedulerEnv>(clock_, db_->db(), server_, kv_, 1s, &strict_host_);
  }
  std::string Create(SourceSpec spec) {
    auto s = env_->store_.Create(std::move(spec), SourceOrigin::kApi);
    EXPECT_TRUE(s) << s.error().message;
    return s ? s->id : "";
  }
  Source Get(const std::string& id) { return *env_->store_.Get(id); }

  core::ManualClock clock_;
  FixtureServer server_;
  // The host that answers 429: its back-off (per host) must not touch `server_`'s sources.
  FixtureServer strict_host_;
  store::MemoryKeyValue kv_{clock_};
  std::unique_ptr<store::testing::FreshDatabase> db_;
  std::unique_ptr<SchedulerEnv> env_;
};

constexpr std::string_view kGoodFeed =
    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Good</title>"
    "<item><guid>good-1</guid><title>Hiring a data engineer</title>"
    "<link>https://example.com/1</link></item></channel></rss>";

TEST_F(SourceFaultsTest, EveryFaultFailsOnlyItsSourceWithAClearError) {
  const std::string base = server_.BaseUrl();
  server_.ServeBytes("/good.xml", std::string(kGoodFeed), "application/rss+xml");
  server_.ServeBytes("/good/v1/boards/acme/jobs?content=true",
                     R"({"jobs":[{"id":7,"title":"Engineer","updated_at":"2026-11-01T00:00:00Z",)"
                     R"("absolute_url":"https://boards.example/7","content":"Build things"}]})",
                     "application/json");
  strict_host_.Route(
      "/limited.xml",
      FixtureResponse{.status = 429, .headers = {{"Retry-After", "600"}}, .body = "slow down"});
  server_.ServeBytes("/error.xml", "internal error", "text/plain", 500);
  server_.Route("/slow.xml",
                FixtureResponse{.body = "<rss>", .mode = FixtureResponse::Mode::kStall});
  server_.Route("/cut.xml", FixtureResponse{.body = "<rss><channel><item>",
                                            .mode = FixtureResponse::Mode::kTruncated,
                                            .declared_length = 100'000});
  server_.ServeBytes("/bad.xml", "<rss><channel><title>unclosed</channel>", "application/xml");
  server_.ServeBytes("/bad/v0/postings/acme?mode=json", R"([{"id":"1","text":)",
                     "application/json");
  const std::string latin1 =
      "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Caf\xE9</title><item>"
      "<guid>l1</guid><title>Caf\xE9 M\xFCnchen sucht Entwickler</title></item></channel></rss>";
  server_.ServeBytes("/latin1.xml", latin1, "text/xml; charset=utf-8");  // declared wrong
  server_.Route("/huge.xml", FixtureResponse{.mode = FixtureResponse::Mode::kHuge,
                                             .huge_bytes = 50ull * 1024 * 1024});
  server_.ServeRedirect("/loop-a.xml", "/loop-b.xml");
  server_.ServeRedirect("/loop-b.xml", "/loop-a.xml");
  server_.ServeRedirect("/private.xml", "http://10.0.0.1/feed.xml");

  struct Case {
    std::string name;
    SourceSpec spec;
    std::string want_kind;     // "" = succeeds
    std::string want_message;  // part of last_error_message
  };
  auto feed = [&](const std::string& name, const std::string& path) {
    return Spec(SourceType::kFeed, name, {{"url", server_.Url(path)}});
  };
  std::vector<Case> cases = {
      {"good feed", feed("good feed", "/good.xml"), "", ""},
      {"good board",
       Spec(SourceType::kGreenhouse, "good board",
            {{"board", "acme"}, {"base_url", base + "/good"}}),
       "", ""},
      {"429", Spec(SourceType::kFeed, "429", {{"url", strict_host_.Url("/limited.xml")}}),
       "rate_limited", "HTTP 429"},
      {"500", feed("500", "/error.xml"), "http_status", "HTTP 500 Internal Server Error"},
      {"timeout", feed("timeout", "/slow.xml"), "timeout", "timed out after 1 s"},
      {"truncated", feed("truncated", "/cut.xml"), "truncated", "of the 100000 announced bytes"},
      {"malformed xml", feed("malformed xml", "/bad.xml"), "parse", "invalid XML"},
      {"malformed json",
       Spec(SourceType::kLever, "malformed json", {{"site", "acme"}, {"base_url", base + "/bad"}}),
       "parse", "/bad/v0/postings/acme?mode=json"},
      // A wrong declared charset is not a failure: the parser recognises the windows-1252 bytes.
      {"wrong encoding", feed("wrong encoding", "/latin1.xml"), "", ""},
      {"50 MB", feed("50 MB", "/huge.xml"), "too_large", "response body exceeds 10485760 bytes"},
      {"redirect loop", feed("redirect loop", "/loop-a.xml"), "redirect", "redirect loop"},
      {"redirect to private", feed("redirect to private", "/private.xml"), "blocked_private",
       "refusing to connect to 10.0.0.1"},
  };
  std::map<std::string, std::string> ids;
  for (auto& c : cases) ids[c.name] = Create(c.spec);

  auto ran = env_->scheduler_.RunDue(clock_.Now());
  ASSERT_TRUE(ran) << ran.error().message;
  EXPECT_EQ(*ran, static_cast<int>(cases.size()));

  std::map<std::string, std::vector<Signal>> by_feed;
  for (auto& s : env_->sink_.Take()) by_feed[s.feed_id].push_back(std::move(s));
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const Source s = Get(ids[c.name]);
    if (c.want_kind.empty()) {
      EXPECT_EQ(s.state.consecutive_failures, 0) << s.state.last_error_message.value_or("");
      EXPECT_EQ(by_feed[s.id].size(), 1u);
      continue;
    }
    EXPECT_EQ(s.state.consecutive_failures, 1);
    EXPECT_EQ(s.state.last_error_kind.value_or(""), c.want_kind);
    EXPECT_NE(s.state.last_error_message.value_or("").find(c.want_message), std::string::npos)
        << s.state.last_error_message.value_or("");
    EXPECT_FALSE(s.state.last_success_at_ms.has_value());
    EXPECT_TRUE(by_feed[s.id].empty());
  }
  // The wrongly declared Latin-1 arrives as proper UTF-8 text.
  EXPECT_EQ(by_feed[ids["wrong encoding"]].at(0).title,
            "Caf\xC3\xA9 M\xC3\xBCnchen sucht Entwickler");
  // 429 with Retry-After: 600 s wins over the 60 s back-off.
  EXPECT_GE(Get(ids["429"]).state.next_run_at_ms, clock_.NowUnixMillis() + 600'000);
  // Other failures back off one interval (60 s ± 10 %) first.
  EXPECT_LE(Get(ids["500"]).state.next_run_at_ms, clock_.NowUnixMillis() + 66'000);

  // A second round: the good sources flow on, the bad ones fail again (the 429 host waits).
  server_.ServeBytes(
      "/good.xml",
      std::string(kGoodFeed).replace(std::string(kGoodFeed).find("good-1"), 6, "good-2"),
      "application/rss+xml");
  clock_.Advance(3min);
  ASSERT_TRUE(env_->scheduler_.RunDue(clock_.Now()));
  auto round2 = env_->sink_.Take();
  ASSERT_EQ(round2.size(), 1u);
  EXPECT_EQ(round2[0].source_id, "good-2");
  EXPECT_EQ(Get(ids["500"]).state.consecutive_failures, 2);
  EXPECT_EQ(Get(ids["429"]).state.consecutive_failures, 1);  // not due before Retry-After
  EXPECT_EQ(strict_host_.RequestsFor("/limited.xml").size(), 1u);
}

TEST_F(SourceFaultsTest, BackoffDoublesToTheCapAndAlertsOncePerStreak) {
  server_.ServeBytes("/down.xml", "down", "text/plain", 503);
  const std::string id =
      Create(Spec(SourceType::kFeed, "down", {{"url", server_.Url("/down.xml")}}, 60));
  std::vector<int64_t> delays_s;
  for (int i = 0; i < 12; ++i) {
    const Source before = Get(id);
    clock_.Set(core::TimePoint(std::chrono::milliseconds(before.state.next_run_at_ms)));
    auto ran = env_->scheduler_.RunDue(clock_.Now());
    ASSERT_TRUE(ran);
    ASSERT_EQ(*ran, 1);
    const Source after = Get(id);
    EXPECT_EQ(after.state.consecutive_failures, i + 1);
    delays_s.push_back((after.state.next_run_at_ms - clock_.NowUnixMillis()) / 1000);
  }
  // 60 s × 2^(n−1) ± 10 %, capped at 6 h.
  for (size_t n = 0; n < delays_s.size(); ++n) {
    const double want = std::min(60.0 * (1 << n), 6 * 3600.0);
    EXPECT_GE(delays_s[n], static_cast<int64_t>(want * 0.9) - 1) << n;
    EXPECT_LE(delays_s[n], static_cast<int64_t>(want * 1.1) + 1) << n;
  }
  // Three failures (the test threshold) alert once; nine more do not alert again.
  auto alerts = env_->Alerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].id, id);
  EXPECT_EQ(alerts[0].state.consecutive_failures, 3);
  EXPECT_EQ(alerts[0].state.last_error_kind.value_or(""), "http_status");
  EXPECT_TRUE(Get(id).state.alerted_at_ms.has_value());
  EXPECT_NE(env_->metrics_.Render().find(
                "leados_ingest_source_consecutive_failures{source=\"down\",kind=\"feed\"} 12"),
            std::string::npos);

  // Recovery ends the streak; a new streak alerts again, once.
  server_.ServeBytes("/down.xml", std::string(kGoodFeed), "application/rss+xml");
  ASSERT_TRUE(env_->scheduler_.RunNow(id));
  Source ok = Get(id);
  EXPECT_EQ(ok.state.consecutive_failures, 0);
  EXPECT_FALSE(ok.state.alerted_at_ms.has_value());
  EXPECT_EQ(ok.state.last_error_kind.value_or(""), "http_status");  // kept as history
  server_.ServeBytes("/down.xml", "down", "text/plain", 500);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(env_->scheduler_.RunNow(id));
  EXPECT_EQ(env_->Alerts().size(), 2u);
}

TEST_F(SourceFaultsTest, AFailingSinkFailsTheRunAndTheSignalsComeAgain) {
  server_.ServeBytes("/good.xml", std::string(kGoodFeed), "application/rss+xml");
  const std::string id = Create(Spec(SourceType::kFeed, "g", {{"url", server_.Url("/good.xml")}}));
  env_->sink_.SetFail(true);
  ASSERT_TRUE(env_->scheduler_.RunNow(id));
  EXPECT_EQ(Get(id).state.last_error_kind.value_or(""), "sink");
  env_->sink_.SetFail(false);
  ASSERT_TRUE(env_->scheduler_.RunNow(id));
  EXPECT_EQ(env_->sink_.Take().size(), 1u);
  EXPECT_EQ(Get(id).state.signals_total, 1);
}

class ThrowingRunner final : public SourceRunner {
 public:
  RunOutcome Run(const RunContext&) override { throw std::runtime_error("boom"); }
};

TEST_F(SourceFaultsTest, ARunnerThatThrowsFailsOnlyItsSource) {
  server_.ServeBytes("/good.xml", std::string(kGoodFeed), "application/rss+xml");
  env_->runners_.Set(SourceType::kLever, std::make_unique<ThrowingRunner>());
  const std::string bad = Create(Spec(SourceType::kLever, "throws", {{"site", "x"}}));
  const std::string good =
      Create(Spec(SourceType::kFeed, "g", {{"url", server_.Url("/good.xml")}}));
  ASSERT_TRUE(env_->scheduler_.RunDue(clock_.Now()));
  EXPECT_EQ(Get(bad).state.last_error_kind.value_or(""), "internal");
  EXPECT_NE(Get(bad).state.last_error_message.value_or("").find("boom"), std::string::npos);
  EXPECT_EQ(Get(good).state.consecutive_failures, 0);
  EXPECT_EQ(env_->sink_.Take().size(), 1u);
}

TEST_F(SourceFaultsTest, RedditWithoutCredentialsOrWithAWrongSecretSaysWhatToFix) {
  server_.ServeBytes("/api/v1/access_token", R"({"error":"invalid_grant"})", "application/json",
                     401);
  const std::string id = Create(Spec(SourceType::kReddit, "r",
                                     {{"subreddit", "sales"},
                                      {"api_base_url", server_.BaseUrl()},
                                      {"token_url", server_.Url("/api/v1/access_token")}}));
  ASSERT_TRUE(env_->scheduler_.RunNow(id));
  const Source s = Get(id);
  EXPECT_EQ(s.state.last_error_kind.value_or(""), "auth");
  EXPECT_NE(s.state.last_error_message.value_or("").find("reddit.client_secret"),
            std::string::npos);
  // The secret is never part of what is stored or shown.
  EXPECT_EQ(s.state.last_error_message.value_or("").find("test-secret"), std::string::npos);
}

TEST_F(SourceFaultsTest, ThreadedSchedulerRunsDueSourcesAndStops) {
  server_.ServeBytes("/good.xml", std::string(kGoodFeed), "application/rss+xml");
  const std::string id = Create(Spec(SourceType::kFeed, "g", {{"url", server_.Url("/good.xml")}}));
  env_->scheduler_.Start();
  env_->scheduler_.Wake();
  EXPECT_TRUE(
      store::testing::WaitFor([&] { return Get(id).state.last_success_at_ms.has_value(); }, 10s));
  env_->scheduler_.Stop();
  EXPECT_EQ(env_->sink_.Take().size(), 1u);
}

}  // namespace
}  // namespace leados::ingest
