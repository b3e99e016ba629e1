// Every recorded response in ../shared/fixtures/ turns into the expected signals. Counts come
// from reading the fixtures independently (see the comments); field checks pick one known item.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "ingest/connector_ashby.h"
#include "ingest/connector_greenhouse.h"
#include "ingest/connector_hackernews.h"
#include "ingest/connector_lever.h"
#include "ingest/connector_reddit.h"
#include "ingest/test_paths.h"

namespace leados::ingest {
namespace {

namespace fs = std::filesystem;

std::string Fixture(const std::string& rel) {
  fs::path p = testing::FixturesDir() / rel;
  if (!fs::exists(p)) return "";
  return testing::ReadFile(p);
}

#define FIXTURE_OR_SKIP(var, rel) \
  std::string var = Fixture(rel); \
  if (var.empty()) GTEST_SKIP() << "fixture " << rel << " missing (LEADOS_SHARED)"

size_t CountNotes(const ParsedPage& p, std::string_view needle) {
  return std::count_if(p.notes.begin(), p.notes.end(),
                       [&](const std::string& n) { return n.find(needle) != std::string::npos; });
}

TEST(HackerNewsConnectorTest, StoryItem) {
  FIXTURE_OR_SKIP(body, "hackernews/firebase/item_8863.json");
  auto page = ParseHnItem(body, {});
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->signals.size(), 1u);
  const Signal& s = page->signals[0];
  EXPECT_EQ(s.Key(), "hn:8863");
  EXPECT_EQ(s.title, "My YC app: Dropbox - Throw away your USB drive");
  EXPECT_EQ(s.url, "http://www.getdropbox.com/u/2/screencast.html");
  EXPECT_EQ(s.site, "getdropbox.com");
  EXPECT_EQ(s.author, "dhouston");
  EXPECT_EQ(s.author_url, "https://news.ycombinator.com/user?id=dhouston");
  EXPECT_EQ(core::FormatRfc3339(s.published), "2007-04-04T19:16:40Z");
  EXPECT_EQ(page->item_ids.size(), 33u);  // kids
}

TEST(HackerNewsConnectorTest, CommentAskJobPollAndPollOption) {
  FIXTURE_OR_SKIP(comment, "hackernews/firebase/item_2921983.json");
  auto c = ParseHnItem(comment, {});
  ASSERT_TRUE(c);
  ASSERT_EQ(c->signals.size(), 1u);
  EXPECT_TRUE(c->signals[0].title.empty());
  EXPECT_EQ(c->signals[0].url, "https://news.ycombinator.com/item?id=2921983");
  EXPECT_EQ(c->signals[0].author, "norvig");
  EXPECT_EQ(c->signals[0].body.find('<'), std::string::npos);  // HTML removed
  EXPECT_EQ(c->signals[0].language, "en");

  auto ask = ParseHnItem(Fixture("hackernews/firebase/item_121003.json"), {});
  ASSERT_TRUE(ask);
  ASSERT_EQ(ask->signals.size(), 1u);
  EXPECT_EQ(ask->signals[0].title, "Ask HN: The Arc Effect");
  EXPECT_EQ(ask->signals[0].url, "https://news.ycombinator.com/item?id=121003");
  EXPECT_FALSE(ask->signals[0].body.empty());

  auto job = ParseHnItem(Fixture("hackernews/firebase/item_192327.json"), {});
  ASSERT_TRUE(job);
  ASSERT_EQ(job->signals.size(), 1u);
  EXPECT_EQ(job->signals[0].url, "https://news.ycombinator.com/item?id=192327");  // url is ""
  EXPECT_NE(job->signals[0].body.find("Responsibilities\n"), std::string::npos);

  auto poll = ParseHnItem(Fixture("hackernews/firebase/item_126809.json"), {});
  ASSERT_TRUE(poll);
  ASSERT_EQ(poll->signals.size(), 1u);
  EXPECT_EQ(poll->item_ids.size(), 25u + 3u);  // kids + parts

  auto opt = ParseHnItem(Fixture("hackernews/firebase/item_160705.json"), {});
  ASSERT_TRUE(opt);
  EXPECT_TRUE(opt->signals.empty());
  EXPECT_EQ(CountNotes(*opt, "poll option"), 1u);
}

TEST(HackerNewsConnectorTest, DeletedAndDeadItemsAreDroppedWithANote) {
  auto page = ParseHnItem(R"({"id":5,"deleted":true,"type":"comment","time":1})", {});
  ASSERT_TRUE(page);
  EXPECT_TRUE(page->signals.empty());
  EXPECT_EQ(CountNotes(*page, "deleted"), 1u);
  page = ParseHnItem(R"({"id":6,"dead":true,"type":"story","title":"x","by":"a","time":1})", {});
  ASSERT_TRUE(page);
  EXPECT_TRUE(page->signals.empty());
  auto null_item = ParseHnItem("null", {});
  ASSERT_TRUE(null_item);
  EXPECT_TRUE(null_item->signals.empty());
}

TEST(HackerNewsConnectorTest, IndexEndpoints) {
  FIXTURE_OR_SKIP(maxitem, "hackernews/firebase/maxitem.json");
  auto m = ParseHnIndex(maxitem);
  ASSERT_TRUE(m);
  ASSERT_TRUE(m->max_item);
  EXPECT_EQ(*m->max_item, 9130260);
  auto u = ParseHnIndex(Fixture("hackernews/firebase/updates.json"));
  ASSERT_TRUE(u);
  EXPECT_EQ(u->item_ids.size(), 29u);
  EXPECT_EQ(u->item_ids.front(), 8423305);
  auto list = ParseHnIndex("[3, 2, 1]");
  ASSERT_TRUE(list);
  EXPECT_EQ(list->item_ids, (std::vector<int64_t>{3, 2, 1}));
  EXPECT_FALSE(ParseHnIndex(R"("nope")"));
  // user/jl.json is not an item endpoint a connector reads: it must fail cleanly, not crash.
  auto user = ParseHnItem(Fixture("hackernews/firebase/user_jl.json"), {});
  EXPECT_TRUE(!user || user->signals.size() <= 1);
}

TEST(HackerNewsConnectorTest, AlgoliaSearchPagesAndItems) {
  FIXTURE_OR_SKIP(search, "hackernews/algolia/slimlime_search_query_deep_learning_2018.json");
  auto page = ParseHnAlgoliaSearch(search, {});
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_EQ(page->signals.size(), 20u);
  EXPECT_EQ(page->next_cursor, "1");  // page 0 of 50
  EXPECT_EQ(page->signals[0].Key(), "hn:14790251");
  EXPECT_EQ(page->signals[0].title, "The Limitations of Deep Learning");

  auto news = ParseHnAlgoliaSearch(
      Fixture("hackernews/algolia/communal_hackernews_sampleNewsOutput.json"), {});
  ASSERT_TRUE(news);
  EXPECT_EQ(news->signals.size(), 4u);
  EXPECT_EQ(news->next_cursor, "");  // the only page
  EXPECT_EQ(news->signals[0].title, "Why aren’t we using SSH for everything?");
  EXPECT_EQ(news->signals[0].url, "https://medium.com/@shazow/ssh-how-does-it-even-9e43586e4ffc");

  auto tree = ParseHnAlgoliaItem(
      Fixture("hackernews/algolia/communal_hackernews_sampleCommentsOutput.json"), {});
  ASSERT_TRUE(tree);
  EXPECT_EQ(tree->signals.size() + CountNotes(*tree, "skipped"), 105u);  // nodes in the tree
  EXPECT_EQ(tree->signals[0].Key(), "hn:8828543");
  EXPECT_EQ(tree->signals[1].Key(), "hn:8829186");  // depth-first, in order
  // Entities in comment HTML are decoded: "https:&#x2F;&#x2F;" -> "https://".
  EXPECT_NE(tree->signals[1].body.find("https://news.ycombinator.com/item?id=8252093"),
            std::string::npos);
}

struct RedditCase {
  const char* file;
  size_t items;  // t3 + t1 that are not over_18 (counted with jq/python over the fixture)
  size_t over_18;
  const char* after;
};

TEST(RedditConnectorTest, EveryListingFixture) {
  const RedditCase cases[] = {
      {"communal_reddit_sampleCommentsOutput.json", 49, 0, ""},
      {"communal_reddit_sampleNewsOutput.json", 4, 0, ""},
      {"frontpage_new_listing_2016.json", 96, 4, "t3_48ezfg"},
      {"multireddit_redditdev_new_listing_2016.json", 100, 0, "t3_4nu8x1"},
      {"r_all_search_listing_2016.json", 6, 0, ""},
      {"r_askreddit_comments_listing_2016.json", 90, 10, "t1_d4y8a9e"},
      {"r_askreddit_new_listing_2016.json", 96, 4, "t3_48f6io"},
      {"r_popular_hot_listing_2026.json", 100, 0, "t3_1skbyfv"},
      {"submission_with_comments_4t4t2h_2016.json", 1, 0, ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file);
    std::string body = Fixture(std::string("reddit/") + c.file);
    if (body.empty()) GTEST_SKIP() << "fixtures missing";
    auto page = ParseRedditListing(body, {});
    ASSERT_TRUE(page) << page.error().message;
    size_t removed = CountNotes(*page, "removed or deleted");
    EXPECT_EQ(page->signals.size() + removed, c.items);
    EXPECT_LT(removed, c.items / 4 + 1);
    EXPECT_EQ(CountNotes(*page, "over_18"), c.over_18);
    EXPECT_EQ(page->next_cursor, c.after);
    for (const auto& s : page->signals) {
      EXPECT_TRUE(s.source_id.starts_with("t3_") || s.source_id.starts_with("t1_")) << s.source_id;
      EXPECT_TRUE(s.url.starts_with("https://www.reddit.com/")) << s.url;
      EXPECT_FALSE(s.community.empty());
      if (!s.author.empty()) {
        EXPECT_EQ(s.author_url, "https://www.reddit.com/user/" + s.author);
      }
      EXPECT_GT(s.published.time_since_epoch().count(), 0);
    }
  }
}

TEST(RedditConnectorTest, PostFields) {
  FIXTURE_OR_SKIP(body, "reddit/submission_with_comments_4t4t2h_2016.json");
  auto page = ParseRedditListing(body, {});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->signals.size(), 1u);
  EXPECT_EQ(page->signals[0].Key(), "reddit:t3_4t4t2h");
  EXPECT_FALSE(page->signals[0].title.empty());
}

TEST(RedditConnectorTest, ErrorsAreClear) {
  auto bad = ParseRedditListing("{\"kind\":\"Listing\",", {});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("invalid Reddit response"), std::string::npos);
  EXPECT_FALSE(ParseRedditListing("[1,2]", {}) && false);
  EXPECT_FALSE(ParseRedditListing(R"({"message":"Forbidden","error":403})", {}));
}

TEST(GreenhouseConnectorTest, ModernBoardWithContent) {
  FIXTURE_OR_SKIP(body, "greenhouse/gitlab_jobs_content_true_2026-07-11.json");
  ParseContext ctx;
  ctx.url = "https://boards-api.greenhouse.io/v1/boards/gitlab/jobs?content=true";
  auto page = ParseGreenhouseJobs(body, ctx);
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->signals.size(), 3u);
  const Signal& s = page->signals[0];
  EXPECT_EQ(s.Key(), "greenhouse:8503792002@2026-06-05T20:18:10Z");  // id @ updated_at in UTC
  EXPECT_EQ(s.title, "Account Executive - Italy");
  EXPECT_EQ(s.company, "GitLab");
  EXPECT_EQ(s.location, "Remote, Italy");
  EXPECT_EQ(s.url, "https://job-boards.greenhouse.io/gitlab/jobs/8503792002");
  EXPECT_EQ(core::FormatRfc3339(s.published), "2026-06-05T20:18:10Z");
  EXPECT_TRUE(s.body.starts_with("GitLab is the intelligent orchestration platform"))
      << s.body.substr(0, 80);
  EXPECT_EQ(s.body.find("&lt;"), std::string::npos);
  EXPECT_EQ(s.body.find('<'), std::string::npos);
  EXPECT_EQ(s.language, "en");

  // A configured company name wins over the payload's.
  ctx.company = "GitLab Inc.";
  auto configured = ParseGreenhouseJobs(body, ctx);
  ASSERT_TRUE(configured);
  EXPECT_EQ(configured->signals[0].company, "GitLab Inc.");
}

TEST(GreenhouseConnectorTest, LegacyEmbedShapesAndErrors) {
  ParseContext ctx;
  ctx.url = "https://boards-api.greenhouse.io/v1/boards/generalassembly/embed/jobs?content=true";
  const std::pair<const char*, size_t> cases[] = {
      {"jobs.json", 2},        {"jobs_with_content.json", 2},
      {"job.json", 1},         {"job_with_questions.json", 1},
      {"departments.json", 2}, {"department.json", 2},
      {"offices.json", 2},     {"office.json", 2}};
  for (auto [file, n] : cases) {
    SCOPED_TRACE(file);
    std::string body = Fixture(std::string("greenhouse/greenhouse_io_gem_2013/") + file);
    if (body.empty()) GTEST_SKIP();
    auto page = ParseGreenhouseJobs(body, ctx);
    ASSERT_TRUE(page) << page.error().message;
    ASSERT_EQ(page->signals.size(), n);
    EXPECT_EQ(page->signals[0].company, "generalassembly");  // board token from the URL
    EXPECT_TRUE(page->signals[0].source_id.starts_with("721@") ||
                page->signals[0].source_id.starts_with("722@"));
  }
  for (const char* file : {"invalid_id.json", "invalid_organization.json"}) {
    auto page =
        ParseGreenhouseJobs(Fixture(std::string("greenhouse/greenhouse_io_gem_2013/") + file), ctx);
    ASSERT_FALSE(page);
    EXPECT_EQ(page.error().code, core::ErrorCode::kNotFound);
    EXPECT_NE(page.error().message.find("Could not find"), std::string::npos);
  }
}

TEST(GreenhouseConnectorTest, ChangedPostingIsANewKey) {
  std::string v1 = R"({"jobs":[{"id":7,"title":"Engineer","updated_at":"2026-01-01T00:00:00Z"}]})";
  std::string v2 = R"({"jobs":[{"id":7,"title":"Engineer","updated_at":"2026-02-01T00:00:00Z"}]})";
  auto a = ParseGreenhouseJobs(v1, {});
  auto b = ParseGreenhouseJobs(v1, {});
  auto c = ParseGreenhouseJobs(v2, {});
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a->signals[0].Key(), b->signals[0].Key());
  EXPECT_NE(a->signals[0].Key(), c->signals[0].Key());
}

TEST(LeverConnectorTest, DemoBoard) {
  FIXTURE_OR_SKIP(body, "lever/leverdemo_postings_2026-07-11.json");
  ParseContext ctx;
  ctx.url = "https://api.lever.co/v0/postings/leverdemo?mode=json";
  auto page = ParseLeverPostings(body, ctx);
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->signals.size(), 3u);
  const Signal& s = page->signals[0];
  EXPECT_TRUE(s.source_id.starts_with("33538a2f-d27d-4a96-8f05-fa4b0e4d940e@")) << s.source_id;
  EXPECT_EQ(s.title, "AbelsonTaylor Writer");
  EXPECT_EQ(s.company, "leverdemo");
  EXPECT_EQ(core::FormatRfc3339(s.published), "2019-03-21T16:33:55Z");  // createdAt ms
  EXPECT_EQ(s.url, "https://jobs.lever.co/leverdemo/33538a2f-d27d-4a96-8f05-fa4b0e4d940e");
  EXPECT_NE(s.body.find("Qualifications\nbe smart\nbe very smart"), std::string::npos) << s.body;
  EXPECT_FALSE(s.location.empty());
  // Changing the description changes the version.
  std::string changed = body;
  changed.replace(changed.find("be very smart"), 13, "be very kind");
  auto page2 = ParseLeverPostings(changed, ctx);
  ASSERT_TRUE(page2);
  EXPECT_NE(page2->signals[0].Key(), s.Key());
  EXPECT_EQ(page2->signals[1].Key(), page->signals[1].Key());
}

TEST(AshbyConnectorTest, RampBoard) {
  FIXTURE_OR_SKIP(body, "ashby/ramp_job_board_includeCompensation_2026-07-11.json");
  ParseContext ctx;
  ctx.url = "https://api.ashbyhq.com/posting-api/job-board/ramp?includeCompensation=true";
  auto page = ParseAshbyJobBoard(body, ctx);
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->signals.size(), 3u);
  const Signal& s = page->signals[0];
  EXPECT_TRUE(s.source_id.starts_with("03e2d4e1-73ad-4f09-a058-2eb9ce34c2bc@"));
  EXPECT_EQ(s.title, "Technical Consultant, Mid-Market");
  EXPECT_EQ(s.company, "ramp");
  EXPECT_EQ(s.location, "Remote (US)");
  EXPECT_EQ(core::FormatRfc3339(s.published), "2026-07-07T20:47:09Z");
  EXPECT_TRUE(s.body.starts_with("About Ramp\nRamp is building")) << s.body.substr(0, 60);
  auto unlisted = ParseAshbyJobBoard(R"({"jobs":[{"id":"x","title":"t","isListed":false}]})", ctx);
  ASSERT_TRUE(unlisted);
  EXPECT_TRUE(unlisted->signals.empty());
  EXPECT_EQ(CountNotes(*unlisted, "unlisted"), 1u);
}

TEST(ConnectorsTest, MalformedJsonIsAClearErrorNotACrash) {
  const std::string bad[] = {"",
                             "{",
                             "[",
                             "nul",
                             "{\"jobs\":[{\"id\":",
                             "\xff\xfe{}",
                             "[[[[[[[[[[",
                             std::string(100000, '[')};
  for (const auto& b : bad) {
    auto check = [&](auto r, std::string_view what) {
      if (r) return;  // some of these are valid-but-empty for a connector
      EXPECT_FALSE(r.error().message.empty()) << what;
    };
    check(ParseHnItem(b, {}), "hn item");
    check(ParseHnIndex(b), "hn index");
    check(ParseHnAlgoliaSearch(b, {}), "algolia");
    check(ParseHnAlgoliaItem(b, {}), "algolia item");
    check(ParseRedditListing(b, {}), "reddit");
    check(ParseGreenhouseJobs(b, {}), "greenhouse");
    check(ParseLeverPostings(b, {}), "lever");
    check(ParseAshbyJobBoard(b, {}), "ashby");
  }
  auto r = ParseGreenhouseJobs("{\"jobs\":[{\"id\":", {});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("invalid Greenhouse response"), std::string::npos);
}

}  // namespace
}  // namespace leados::ingest
