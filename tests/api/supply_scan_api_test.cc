// Supply scans over HTTP on both database backends: a scan of a query and of a saved campaign over
// the recent-signal window, the Hacker News search API (a local server serving the recorded
// Algolia response byte for byte), the result (matches a day by source, score distribution, leads
// and credits a month, examples without personal data), the results email, validation, scopes,
// tenancy, and what is (not) stored in SQL.
#include <gtest/gtest.h>

#include <filesystem>

#include "accounts_api_fixture.h"
#include "api/campaign_routes.h"
#include "api/supply_scan_routes.h"
#include "campaigns/campaign_store.h"
#include "campaigns/hn_algolia_search.h"
#include "campaigns/recent_signals.h"
#include "campaigns/reddit_search.h"
#include "core/encoding.h"
#include "campaigns/supply_scan_service.h"
#include "fixture_server.h"
#include "ingest/fetcher.h"
#include "ingest/http_client.h"
#include "notify/outbox.h"
#include "notify/templates.h"

namespace leados::api::testing {
namespace {

namespace json = core::json;
using std::chrono::hours;

std::string Body(json::object o) {
  return core::ToJson(o);
}

// Scores 0.85 when the title asks for a recommendation, else 0.35 (deterministic stand-in for the
// intent model, whose own tests live in src/score).
class FakeScorer : public match::ScanScorer {
 public:
  std::optional<double> Score(const ingest::Signal& s, const match::CampaignMatch&) const override {
    return s.title.find("ecommend") != std::string::npos ? 0.85 : 0.35;
  }
};

ingest::Signal Sig(ingest::SourceKind source, std::string id, std::string title,
                   core::TimePoint published) {
  ingest::Signal s;
  s.source = source;
  s.source_id = std::move(id);
  s.title = std::move(title);
  s.body = "Posted by a real person";
  s.author = "jane_doe_1984";
  s.author_url = "https://example.com/u/jane_doe_1984";
  s.url = "https://forum.example.com/t/" + s.source_id;
  s.site = "forum.example.com";
  s.language = "en";
  s.published = published;
  return s;
}

class SupplyScanApiTest : public AccountsApiFixture {
 protected:
  void AddMoreRoutes(http::Router& router) override {
    campaigns_ = std::make_unique<campaigns::CampaignStore>(*db_, clock_, *audit_);
    window_ = std::make_unique<campaigns::RecentSignals>(*kv_, clock_);
    outbox_ = std::make_unique<notify::Outbox>(clock_);
    campaigns::SupplyScanOptions options;
    options.credits_per_lead = 2;
    options.public_url = kOrigin;
    scans_ = std::make_unique<campaigns::SupplyScanService>(
        *db_, *kv_, clock_, *window_, *campaigns_, *outbox_, templates_, options);
    scans_->SetScorer(&scorer_);
    AddCampaignRoutes(*api_, router, *campaigns_, [] {});
    AddSupplyScanRoutes(*api_, router, *scans_, [this](const Caller& caller) {
      std::vector<std::string> to;
      if (caller.kind == Caller::Kind::kUser) {
        if (auto u = accounts_->GetUser(caller.principal_id)) to.push_back(u->email);
      } else if (auto owners = accounts_->OwnerEmails(caller.account_id)) {
        to = *owners;
      }
      return to;
    });
  }

  // Fills the window: 3 matching HN posts (2 asking for a recommendation), 2 matching Reddit
  // posts, 1 post that does not match, 1 matching post older than the window.
  void FillWindow() {
    const auto now = clock_.Now();
    auto add = [&](ingest::Signal s) { ASSERT_TRUE(window_->Append(s)); };
    add(Sig(ingest::SourceKind::kHackerNews, "1", "Can anyone recommend a CRM?", now - hours(2)));
    add(Sig(ingest::SourceKind::kHackerNews, "2", "Recommendations for a CRM tool", now - hours(30)));
    add(Sig(ingest::SourceKind::kHackerNews, "3", "Looking for a CRM for a small team", now));
    add(Sig(ingest::SourceKind::kReddit, "t3_a", "Looking at CRM options", now - hours(50)));
    add(Sig(ingest::SourceKind::kReddit, "t3_b", "Which CRM are you looking at?", now - hours(3)));
    add(Sig(ingest::SourceKind::kHackerNews, "4", "Show HN: my weekend project", now));
    add(Sig(ingest::SourceKind::kHackerNews, "5", "Looking for a CRM in 2019", now - hours(24 * 9)));
  }

  // Runs the queued scans a second later than the requests (outbox ids sort by time, so the
  // results email sorts after the sign-up emails), then reads the scan.
  Reply RunAndGet(Browser& b, const std::string& id) {
    clock_.Advance(std::chrono::seconds(1));
    auto ran = scans_->RunPending();
    EXPECT_TRUE(ran) << ran.error().message;
    return As(b, "GET", "/v1/supply-scans/" + id);
  }

  int64_t ScanRows() {
    auto rows = db_->Query("SELECT COUNT(*) FROM supply_scans", {});
    return rows && !rows->empty() ? rows->front().Int(0) : -1;
  }

  FakeScorer scorer_;
  notify::EmailTemplates templates_;
  std::unique_ptr<campaigns::CampaignStore> campaigns_;
  std::unique_ptr<campaigns::RecentSignals> window_;
  std::unique_ptr<notify::Outbox> outbox_;
  std::unique_ptr<campaigns::SupplyScanService> scans_;
};

const json::object& Obj(const Reply& r) {
  return r.json.as_object();
}

TEST_P(SupplyScanApiTest, QueryScanOverTheWindow) {
  Browser b = SignUpAndSignIn("ana@example.com", "1 Main St");
  FillWindow();
  Reply started = As(b, "POST", "/v1/supply-scans",
                     Body({{"query", "crm AND (looking OR recommend*)"}, {"min_score", 0.5}}));
  ASSERT_EQ(started.status, 202) << started.body;
  const std::string id = core::StringOr(Obj(started), "id");
  EXPECT_EQ(started.Header("Location"), "/v1/supply-scans/" + id);
  EXPECT_EQ(core::StringOr(Obj(started), "status"), "queued");
  EXPECT_EQ(core::StringOr(Obj(started), "query"), "crm AND (looking OR recommend*)");

  Reply done = RunAndGet(b, id);
  ASSERT_EQ(done.status, 200) << done.body;
  ASSERT_EQ(core::StringOr(Obj(done), "status"), "done") << done.body;
  const json::object& result = Obj(done).at("result").as_object();
  EXPECT_EQ(result.at("signals_in_window").to_number<int64_t>(), 6);  // the 9-day-old one is out
  EXPECT_EQ(result.at("matches").to_number<int64_t>(), 5);
  EXPECT_DOUBLE_EQ(result.at("matches_per_day").to_number<double>(), 0.71);  // 5 / 7 days
  EXPECT_EQ(result.at("window").as_object().at("days").to_number<double>(), 7);
  const json::array& by_source = result.at("by_source").as_array();
  ASSERT_EQ(by_source.size(), 2u);
  EXPECT_EQ(core::StringOr(by_source[0].as_object(), "source"), "hn");
  EXPECT_EQ(by_source[0].as_object().at("matches").to_number<int64_t>(), 3);
  EXPECT_EQ(core::StringOr(by_source[1].as_object(), "source"), "reddit");
  EXPECT_EQ(by_source[1].as_object().at("matches").to_number<int64_t>(), 2);
  // Two matches score 0.85 (bucket 8), three 0.35 (bucket 3); min_score 0.5 keeps two as leads.
  const json::array& dist = result.at("score_distribution").as_array();
  ASSERT_EQ(dist.size(), 10u);
  EXPECT_EQ(dist[8].to_number<int64_t>(), 2);
  EXPECT_EQ(dist[3].to_number<int64_t>(), 3);
  const json::object& estimate = result.at("estimate").as_object();
  EXPECT_DOUBLE_EQ(estimate.at("leads_per_day").to_number<double>(), 0.29);      // 2 / 7
  EXPECT_DOUBLE_EQ(estimate.at("leads_per_month").to_number<double>(), 8.57);    // × 30
  EXPECT_DOUBLE_EQ(estimate.at("credits_per_month").to_number<double>(), 17.14);  // × 2 credits
  EXPECT_TRUE(estimate.at("from_scores").as_bool());

  // Examples: newest first, without author, URL or body.
  const json::array& examples = Obj(done).at("examples").as_array();
  ASSERT_EQ(examples.size(), 5u);
  EXPECT_EQ(core::StringOr(examples[0].as_object(), "title"), "Looking for a CRM for a small team");
  EXPECT_EQ(core::StringOr(examples[0].as_object(), "site"), "forum.example.com");
  EXPECT_EQ(done.body.find("jane_doe_1984"), std::string::npos);
  EXPECT_EQ(done.body.find("/t/"), std::string::npos);
  EXPECT_EQ(done.body.find("Posted by"), std::string::npos);

  // The results email: numbers and a link, no post titles.
  const std::string mail = LastEmailTo("ana@example.com");
  EXPECT_NE(mail.find("Matches: 5 (0.7 a day)"), std::string::npos) << mail;
  EXPECT_NE(mail.find("By source: hn 3, reddit 2"), std::string::npos) << mail;
  EXPECT_NE(mail.find("about 9 a month, 17 credits a month"), std::string::npos) << mail;
  EXPECT_NE(mail.find(std::string(kOrigin) + "/v1/supply-scans/" + id), std::string::npos);
  EXPECT_EQ(mail.find("small team"), std::string::npos);

  // SQL holds the numbers only: no title, author or URL of any signal.
  auto rows = db_->Query(
      "SELECT name, query, options_json, notify_email, error, summary_json FROM supply_scans", {});
  ASSERT_TRUE(rows);
  for (const auto& row : *rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      const std::string v = row.IsNull(i) ? "" : row.Text(i);
      EXPECT_EQ(v.find("small team"), std::string::npos) << v;
      EXPECT_EQ(v.find("jane_doe"), std::string::npos) << v;
    }
  }

  // The examples expire with the window; the numbers stay. (Read with an API key: the session
  // would have timed out by then.)
  Reply key = As(b, "POST", "/v1/api-keys",
                 Body({{"name", "k"}, {"scopes", json::array{"leads:read"}}}));
  ASSERT_EQ(key.status, 201) << key.body;
  clock_.Advance(hours(24 * 7 + 1));
  Reply later = WithKey(core::StringOr(Obj(key), "secret"), "GET", "/v1/supply-scans/" + id);
  ASSERT_EQ(later.status, 200);
  EXPECT_TRUE(Obj(later).at("examples").is_null());
  EXPECT_EQ(Obj(later).at("result").as_object().at("matches").to_number<int64_t>(), 5);
}

TEST_P(SupplyScanApiTest, CampaignScanUsesItsFilters) {
  Browser b = SignUpAndSignIn("ana@example.com", "1 Main St");
  FillWindow();
  Reply created = As(b, "POST", "/v1/campaigns",
                     Body({{"name", "Reddit CRM"},
                           {"query", "crm AND looking"},
                           {"filters", json::object{{"sources", json::array{"reddit"}}}}}));
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string campaign = core::StringOr(Obj(created), "id");
  Reply started = As(b, "POST", "/v1/supply-scans",
                     Body({{"campaign_id", campaign}, {"window_days", 2}, {"notify", false}}));
  ASSERT_EQ(started.status, 202) << started.body;
  EXPECT_EQ(core::StringOr(Obj(started), "name"), "Reddit CRM");
  Reply done = RunAndGet(b, core::StringOr(Obj(started), "id"));
  ASSERT_EQ(core::StringOr(Obj(done), "status"), "done") << done.body;
  const json::object& result = Obj(done).at("result").as_object();
  EXPECT_EQ(result.at("matches").to_number<int64_t>(), 1);  // t3_a is 50 h old: out of 2 days
  ASSERT_EQ(result.at("by_source").as_array().size(), 1u);
  EXPECT_EQ(core::StringOr(result.at("by_source").as_array()[0].as_object(), "source"), "reddit");
  EXPECT_EQ(LastEmailTo("ana@example.com").find("Supply scan"), std::string::npos);  // notify false
}

TEST_P(SupplyScanApiTest, BadInputIsRefusedAndNothingIsStored) {
  Browser b = SignUpAndSignIn("ana@example.com", "1 Main St");
  Browser other = SignUpAndSignIn("bo@example.com", "2 Side St");
  Reply theirs = As(other, "POST", "/v1/campaigns", Body({{"name", "x"}, {"query", "crm"}}));
  ASSERT_EQ(theirs.status, 201);
  const struct {
    json::object body;
    int status;
    std::string message_part;
  } cases[] = {
      {{{"query", "crm AND (looking"}}, 400, "query: 1:"},
      {{{"query", "crm"}, {"window_days", 9}}, 400, "window_days: must be between 1 and 7"},
      {{{"query", "crm"}, {"window_days", "7"}}, 400, "window_days"},
      {{{"query", "crm"}, {"min_score", 2}}, 400, "min_score"},
      {{{"query", "crm"}, {"filters", json::object{{"sources", json::array{"myspace"}}}}}, 400,
       "sources"},
      {{{"query", "crm"}, {"filters", json::object{{"regions", json::array{"EU"}}}}}, 400,
       "filters.regions"},
      {{{"query", "crm"}, {"colour", "red"}}, 400, "colour: unknown field"},
      {{}, 400, "query: required"},
      {{{"query", "crm"}, {"campaign_id", core::StringOr(Obj(theirs), "id")}}, 400, "not both"},
      {{{"campaign_id", core::StringOr(Obj(theirs), "id")}}, 404, "no such campaign"},
      {{{"query", "crm"}, {"notify", "yes"}}, 400, "notify"},
  };
  for (const auto& c : cases) {
    Reply r = As(b, "POST", "/v1/supply-scans", Body(c.body));
    EXPECT_EQ(r.status, c.status) << Body(c.body) << " -> " << r.body;
    EXPECT_NE(r.body.find(c.message_part), std::string::npos) << r.body;
  }
  EXPECT_EQ(ScanRows(), 0);
}

TEST_P(SupplyScanApiTest, ScopesAndTenancy) {
  Browser a = SignUpAndSignIn("ana@example.com", "1 Main St");
  Browser other = SignUpAndSignIn("bo@example.com", "2 Side St");
  auto key = [&](json::array scopes) {
    Reply r = As(a, "POST", "/v1/api-keys", Body({{"name", "k"}, {"scopes", std::move(scopes)}}));
    EXPECT_EQ(r.status, 201) << r.body;
    return core::StringOr(Obj(r), "secret");
  };
  const std::string writer = key(json::array{"campaigns:write"});
  const std::string reader = key(json::array{"leads:read"});
  const std::string billing = key(json::array{"billing:read"});
  EXPECT_EQ(WithKey(reader, "POST", "/v1/supply-scans", Body({{"query", "crm"}})).status, 403);
  Reply started = WithKey(writer, "POST", "/v1/supply-scans", Body({{"query", "crm"}}));
  ASSERT_EQ(started.status, 202) << started.body;
  const std::string id = core::StringOr(Obj(started), "id");
  clock_.Advance(std::chrono::seconds(1));
  ASSERT_TRUE(scans_->RunPending());
  EXPECT_EQ(WithKey(reader, "GET", "/v1/supply-scans/" + id).status, 200);
  EXPECT_EQ(WithKey(billing, "GET", "/v1/supply-scans/" + id).status, 403);
  // Started with an API key: the results go to the account's owner.
  EXPECT_NE(LastEmailTo("ana@example.com").find("Your supply scan for crm has finished"),
            std::string::npos);
  // Another account sees nothing, and learns nothing from the answer.
  Reply foreign = As(other, "GET", "/v1/supply-scans/" + id);
  EXPECT_EQ(foreign.status, 404);
  EXPECT_EQ(foreign.body.find(id), std::string::npos);
  EXPECT_EQ(Call("GET", "/v1/supply-scans/" + id).status, 401);
}

TEST_P(SupplyScanApiTest, SearchesHackerNewsThroughItsApi) {
  // The recorded Algolia answer's newest item is from 2018-09-25; scan a week ending the next day.
  clock_.Set(core::TimePoint(std::chrono::seconds(1537920000)));  // 2018-09-26T00:00:00Z
  Browser b = SignUpAndSignIn("ana@example.com", "1 Main St");
  test_support::FixtureServer server;
  const auto fixture = std::filesystem::path(std::getenv("LEADOS_SHARED") ? std::getenv("LEADOS_SHARED")
                                                                         : "../shared") /
                       "fixtures/hackernews/algolia/slimlime_search_query_deep_learning_2018.json";
  const int64_t since = 1537920000 + 1 - 7 * 86400;  // RunAndGet runs the scan a second later
  ASSERT_TRUE(server.ServeFile(
      "/api/v1/search_by_date?query=%22deep%20learning%22&tags=(story,comment)&numericFilters="
      "created_at_i%3E" + std::to_string(since) + "&hitsPerPage=100",
      fixture, "application/json"));
  ingest::CurlHttpClientOptions http_options;
  http_options.ssrf.allow_private = true;
  ingest::CurlHttpClient http(http_options);
  ingest::FetcherOptions fetch_options;
  ingest::Fetcher fetcher(http, clock_, fetch_options);
  campaigns::HnAlgoliaSearch search(fetcher, server.BaseUrl() + "/api/v1/");
  scans_->AddSearch(&search);

  Reply started = As(b, "POST", "/v1/supply-scans", Body({{"query", "\"deep learning\""}}));
  ASSERT_EQ(started.status, 202) << started.body;
  Reply done = RunAndGet(b, core::StringOr(Obj(started), "id"));
  ASSERT_EQ(core::StringOr(Obj(done), "status"), "done") << done.body;
  EXPECT_EQ(server.Requests().size(), 1u);
  const json::object& result = Obj(done).at("result").as_object();
  // Of the 20 recorded hits only the one from 2018-09-25 is inside the week.
  EXPECT_EQ(result.at("signals_in_window").to_number<int64_t>(), 1);
  EXPECT_EQ(result.at("matches").to_number<int64_t>(), 1) << done.body;
  ASSERT_EQ(result.at("by_source").as_array().size(), 1u);
  EXPECT_EQ(core::StringOr(result.at("by_source").as_array()[0].as_object(), "source"), "hn");
}

TEST_P(SupplyScanApiTest, SearchesRedditThroughItsApi) {
  // The recorded search answer (praw-dev's cassette) holds one post from 2015-12-16.
  clock_.Set(core::TimePoint(std::chrono::seconds(1450310400)));  // 2015-12-17T00:00:00Z
  Browser b = SignUpAndSignIn("ana@example.com", "1 Main St");
  test_support::FixtureServer server;
  const auto shared = std::filesystem::path(std::getenv("LEADOS_SHARED") ? std::getenv("LEADOS_SHARED")
                                                                        : "../shared");
  server.ServeBytes("/api/v1/access_token", R"({"access_token":"t0k","token_type":"bearer",)"
                                            R"("expires_in":3600,"scope":"*"})",
                    "application/json");
  ASSERT_TRUE(server.ServeFile(
      "/search?q=%22praw%22&sort=new&t=week&type=link&limit=100&raw_json=1",
      shared / "fixtures/reddit/r_all_search_listing_2016.json", "application/json"));
  ingest::CurlHttpClientOptions http_options;
  http_options.ssrf.allow_private = true;
  ingest::CurlHttpClient http(http_options);
  ingest::Fetcher fetcher(http, clock_, ingest::FetcherOptions{});
  campaigns::RedditSearch search(fetcher, http, clock_, {"client-id", "client-secret"},
                                 server.BaseUrl(), server.Url("/api/v1/access_token"));
  scans_->AddSearch(&search);

  Reply started = As(b, "POST", "/v1/supply-scans",
                     Body({{"query", "praw"}, {"filters", json::object{{"sources", json::array{"reddit"}}}}}));
  ASSERT_EQ(started.status, 202) << started.body;
  Reply done = RunAndGet(b, core::StringOr(Obj(started), "id"));
  ASSERT_EQ(core::StringOr(Obj(done), "status"), "done") << done.body;
  const auto token_requests = server.RequestsFor("/api/v1/access_token");
  ASSERT_EQ(token_requests.size(), 1u);
  EXPECT_EQ(token_requests[0].method, "POST");
  EXPECT_EQ(token_requests[0].Header("Authorization"),
            "Basic " + core::Base64Encode("client-id:client-secret"));
  const auto searches =
      server.RequestsFor("/search?q=%22praw%22&sort=new&t=week&type=link&limit=100&raw_json=1");
  ASSERT_EQ(searches.size(), 1u);
  EXPECT_EQ(searches[0].Header("Authorization"), "bearer t0k");
  const json::object& result = Obj(done).at("result").as_object();
  EXPECT_EQ(result.at("matches").to_number<int64_t>(), 1) << done.body;
  ASSERT_EQ(result.at("by_source").as_array().size(), 1u);
  EXPECT_EQ(core::StringOr(result.at("by_source").as_array()[0].as_object(), "source"), "reddit");
}

TEST_P(SupplyScanApiTest, AScanLeftRunningIsRunAgain) {
  Browser b = SignUpAndSignIn("ana@example.com", "1 Main St");
  Reply started = As(b, "POST", "/v1/supply-scans", Body({{"query", "crm"}, {"notify", false}}));
  ASSERT_EQ(started.status, 202);
  const std::string id = core::StringOr(Obj(started), "id");
  ASSERT_TRUE(db_->Exec("UPDATE supply_scans SET status = 'running' WHERE id = ?", {id}));
  ASSERT_TRUE(scans_->RunPending());
  EXPECT_EQ(core::StringOr(Obj(As(b, "GET", "/v1/supply-scans/" + id)), "status"), "running");
  ASSERT_TRUE(scans_->RequeueInterrupted());
  Reply done = RunAndGet(b, id);
  EXPECT_EQ(core::StringOr(Obj(done), "status"), "done") << done.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, SupplyScanApiTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         DialectParamName);

}  // namespace
}  // namespace leados::api::testing
