// Source specs: validation messages per kind, the sources file (TOML and JSON), and the poll
// schedule's back-off curve.
#include "ingest/source.h"

#include <gtest/gtest.h>

#include "ingest/poll_schedule.h"
#include "ingest/sources_file.h"

namespace leados::ingest {
namespace {

namespace json = core::json;
using namespace std::chrono_literals;

std::string Invalid(SourceType type, json::object settings,
                    SourceOrigin origin = SourceOrigin::kApi, int64_t interval = 0) {
  SourceSpec s;
  s.type = type;
  s.name = "x";
  s.settings = std::move(settings);
  s.interval_seconds = interval;
  auto v = ValidateSourceSpec(s, origin);
  if (v) return "";
  EXPECT_EQ(v.error().code, core::ErrorCode::kInvalidArgument);
  return v.error().message;
}

TEST(SourceSpecTest, ValidSpecsGetTheirKindsDefaultInterval) {
  SourceSpec s;
  s.type = SourceType::kGreenhouse;
  s.name = "GitLab jobs";
  s.settings = {{"board", "gitlab"}};
  auto v = ValidateSourceSpec(s, SourceOrigin::kApi);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->interval_seconds, 3600);
  EXPECT_EQ(DefaultIntervalSeconds(SourceType::kHn), 60);
  for (auto t : {SourceType::kFeed, SourceType::kPress, SourceType::kHn, SourceType::kReddit,
                 SourceType::kGreenhouse, SourceType::kLever, SourceType::kAshby,
                 SourceType::kJobPage, SourceType::kJsonl}) {
    EXPECT_EQ(ParseSourceType(SourceTypeName(t)), t);
  }
  EXPECT_FALSE(ParseSourceType("rss"));
}

TEST(SourceSpecTest, InvalidSettingsSayWhatToFix) {
  EXPECT_EQ(Invalid(SourceType::kFeed, {}), "settings.url: required");
  EXPECT_EQ(Invalid(SourceType::kFeed, {{"url", "ftp://x"}}),
            "settings.url: must be an absolute http:// or https:// URL, got 'ftp://x'");
  EXPECT_EQ(Invalid(SourceType::kFeed, {{"url", "https://x/feed"}, {"board", "y"}}),
            "settings.board: unknown setting for this kind (allowed: url, company, "
            "company_domain)");
  EXPECT_EQ(Invalid(SourceType::kReddit, {{"subreddit", "r/sales"}}),
            "settings.subreddit: must be the name without r/, 2 to 21 letters, digits or '_', "
            "got 'r/sales'");
  EXPECT_EQ(Invalid(SourceType::kGreenhouse, {{"board", "../etc"}}),
            "settings.board: must be 1 to 100 letters, digits, '_', '-' or '.', got '../etc'");
  EXPECT_EQ(Invalid(SourceType::kHn, {{"mode", "scrape"}}),
            "settings.mode: must be firebase (live items) or algolia (search backfill), got "
            "'scrape'");
  EXPECT_EQ(Invalid(SourceType::kHn, {{"max_items_per_run", 5000}}),
            "settings.max_items_per_run: must be a whole number from 1 to 1000");
  EXPECT_EQ(Invalid(SourceType::kJsonl, {{"path", "/etc/passwd"}}),
            "settings.path: local files can only be read by sources defined in the "
            "configuration file (ingest.sources_file); use settings.url over the API");
  EXPECT_EQ(Invalid(SourceType::kJsonl, {{"path", "/data/a.jsonl"}}, SourceOrigin::kConfig), "");
  EXPECT_EQ(Invalid(SourceType::kJsonl, {}), "settings: give exactly one of url and path");
  EXPECT_EQ(Invalid(SourceType::kFeed, {{"url", "https://x"}}, SourceOrigin::kApi, 5),
            "interval_seconds: must be from 10 to 604800 (7 days), got 5");
}

TEST(SourcesFileTest, TomlAndJsonForms) {
  auto toml = ParseSourcesText(R"(
[[source]]
name = "HN live"
kind = "hn"
interval_seconds = 60
settings = { max_items_per_run = 100 }

[[source]]
name = "GitLab"
kind = "greenhouse"
enabled = false
[source.settings]
board = "gitlab"
)",
                               false);
  ASSERT_TRUE(toml) << toml.error().message;
  ASSERT_EQ(toml->size(), 2u);
  EXPECT_EQ((*toml)[0].type, SourceType::kHn);
  EXPECT_EQ((*toml)[0].settings, (json::object{{"max_items_per_run", 100}}));
  EXPECT_EQ((*toml)[0].interval_seconds, 60);
  EXPECT_FALSE((*toml)[1].enabled);
  EXPECT_EQ(core::StringOr((*toml)[1].settings, "board"), "gitlab");

  auto js = ParseSourcesText(
      R"({"sources":[{"name":"a","kind":"feed","settings":{"url":"https://a/feed"}}]})", true);
  ASSERT_TRUE(js) << js.error().message;
  EXPECT_EQ(js->at(0).name, "a");

  auto bad = ParseSourcesText("[[source]]\nname = \"a\"\nkind = \"rss\"\n", false);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message,
            "source #1 ('a'): kind: must be one of feed, press, hn, reddit, greenhouse, lever, "
            "ashby, jobpage, jsonl; got 'rss'");
  auto typo = ParseSourcesText("[[sources]]\nname = \"a\"\n", false);
  ASSERT_FALSE(typo);
  EXPECT_EQ(typo.error().message, "sources: unknown top-level key (sources are [[source]] tables)");
  auto broken = ParseSourcesText("[[source]\n", false);
  ASSERT_FALSE(broken);
  EXPECT_TRUE(broken.error().message.starts_with("line 1: ")) << broken.error().message;
}

TEST(PollScheduleTest, JitterStaysWithinTenPercentAndBackoffIsCapped) {
  PollSchedule schedule({.jitter = 0.1, .max_backoff = 6h, .seed = 7});
  const core::TimePoint now{};
  for (int i = 0; i < 200; ++i) {
    const auto d = schedule.AfterSuccess(now, 100s, std::nullopt) - now;
    EXPECT_GE(d, 90s);
    EXPECT_LE(d, 110s);
  }
  EXPECT_EQ(schedule.Backoff(60s, 1), 60s);
  EXPECT_EQ(schedule.Backoff(60s, 2), 120s);
  EXPECT_EQ(schedule.Backoff(60s, 5), 960s);
  EXPECT_EQ(schedule.Backoff(60s, 40), 6h);
  EXPECT_EQ(schedule.Backoff(std::chrono::hours(24), 3), 24h);  // the interval above the cap
  // Retry-After later than the back-off wins; earlier does not.
  EXPECT_EQ(schedule.AfterFailure(now, 60s, 1, now + 1h), now + 1h);
  EXPECT_LE(schedule.AfterFailure(now, 60s, 1, now + 1s), now + 66s);
  EXPECT_EQ(schedule.AfterSuccess(now, 60s, now + 5min), now + 5min);
}

}  // namespace
}  // namespace leados::ingest
