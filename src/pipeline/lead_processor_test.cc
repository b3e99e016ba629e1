#include "pipeline/lead_processor.h"

#include <gtest/gtest.h>

#include <atomic>

#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "ingest/http_client.h"
#include "pipeline/campaign_snapshot.h"
#include "score/llm_test_completion.h"
#include "fixture_server.h"
#include "pipeline/lead_service.h"
#include "pipeline/pipeline_runner.h"
#include "store/batching_database.h"
#include "store/memory_key_value.h"
#include "store/memory_queue.h"
#include "store/test_support.h"

namespace leados::pipeline {
namespace {

using std::chrono::hours;

class MapLookup : public CampaignLookup {
 public:
  std::shared_ptr<const ActiveCampaign> Find(std::string_view id) const override {
    auto it = campaigns.find(std::string(id));
    return it == campaigns.end() ? nullptr : it->second;
  }
  std::map<std::string, std::shared_ptr<const ActiveCampaign>> campaigns;
};

class RecordingSink : public LeadSink {
 public:
  core::Status LeadCreated(const LeadRecord& lead, std::string_view payload) override {
    std::lock_guard lock(mu);
    calls.emplace_back(lead.id, std::string(payload));
    if (failures_left > 0) {
      --failures_left;
      return core::Unavailable("webhook store down");
    }
    return core::Ok();
  }
  size_t Calls() {
    std::lock_guard lock(mu);
    return calls.size();
  }
  std::mutex mu;
  std::vector<std::pair<std::string, std::string>> calls;
  int failures_left = 0;
};

class ScriptedCharger : public CreditCharger {
 public:
  core::Result<ChargeOutcome> Reserve(const LeadRecord& lead) override {
    std::lock_guard lock(mu);  // workers call it concurrently
    reserved.push_back(lead.id);
    return held_accounts.count(lead.account_id) ? ChargeOutcome::kHeld : ChargeOutcome::kCharged;
  }
  std::mutex mu;
  std::set<std::string> held_accounts;
  std::vector<std::string> reserved;
};

class AuthorSuppression : public SuppressionList {
 public:
  core::Result<bool> Suppressed(std::string_view, const ingest::Signal& s) const override {
    if (s.author == "list-unreachable") return core::Unavailable("suppression list down");
    return s.author == "do-not-track";
  }
};

// Counts what reaches the real database: one Transact per commit outside a batch, Exec/Query
// in autocommit mode. Under a store::BatchingDatabase a batch is one Transact here.
class CountingDatabase : public store::Database {
 public:
  explicit CountingDatabase(store::Database& inner) : inner_(inner) {}
  store::Dialect dialect() const override { return inner_.dialect(); }
  core::Status Transact(const std::function<core::Status(store::SqlSession&)>& fn) override {
    ++transactions;
    return inner_.Transact(fn);
  }
  core::Result<int64_t> Exec(std::string_view sql, const std::vector<store::SqlValue>& p) override {
    ++autocommit_writes;
    return inner_.Exec(sql, p);
  }
  core::Result<std::vector<store::Row>> Query(std::string_view sql,
                                              const std::vector<store::SqlValue>& p) override {
    return inner_.Query(sql, p);
  }
  core::Status Ping() override { return inner_.Ping(); }
  std::atomic<int> transactions{0};
  std::atomic<int> autocommit_writes{0};

 private:
  store::Database& inner_;
};

struct Backend {
  store::Dialect sql;
  bool redis;
};

class LeadProcessorTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    auto fresh = store::testing::FreshDatabase::Open(GetParam().sql, clock_);
    if (!fresh && fresh.error().code == core::ErrorCode::kUnavailable) GTEST_SKIP() << fresh.error().message;
    ASSERT_TRUE(fresh) << fresh.error().message;
    db_ = std::move(*fresh);
    if (GetParam().redis) {
      auto kv = store::testing::FreshRedisKeyValue();
      if (!kv && kv.error().code == core::ErrorCode::kUnavailable) GTEST_SKIP() << kv.error().message;
      ASSERT_TRUE(kv) << kv.error().message;
      kv_ = std::move(*kv);
    } else {
      kv_ = std::make_unique<store::MemoryKeyValue>(clock_);
    }
    for (const char* id : {"acct_a", "acct_b"}) {
      ASSERT_TRUE(db_->db().Exec(
          "INSERT INTO accounts (id, company_name, billing_address_enc, created_at) VALUES (?, ?, ?, ?)",
          {std::string(id), std::string("Co"), std::string(""), int64_t{1}}));
    }
    auto resources = enrich::EnrichmentResources::Load();
    ASSERT_TRUE(resources) << resources.error().message;
    resources_ = std::move(*resources);
    enricher_ = std::make_unique<enrich::Enricher>(*resources_->directory, resources_->free_email,
                                                   resources_->roles, resources_->technologies,
                                                   resources_->places);
    fingerprinter_ = std::make_unique<Fingerprinter>(*Fingerprinter::Create("test-secret-0123456789"));
    registry_ = std::make_unique<FingerprintRegistry>(*kv_);
    payloads_ = std::make_unique<PayloadStore>(*kv_);
    counting_ = std::make_unique<CountingDatabase>(db_->db());
    batching_ = std::make_unique<store::BatchingDatabase>(*counting_);
    leads_ = std::make_unique<LeadStore>(*batching_);

    AddCampaign("cmp_a", "acct_a", "crm", {"webhook", "api"});
    AddCampaign("cmp_b", "acct_b", "crm OR invoicing", {"portal"});
    processor_ = std::make_unique<LeadProcessor>(ProcessorParts{
        matcher_, lookup_, nullptr, *enricher_, *fingerprinter_, *registry_, *payloads_, *leads_,
        charger_, sink_, suppression_, clock_, metrics_});
  }

  void AddCampaign(std::string id, std::string account, std::string query,
                   std::vector<std::string> channels,
                   const std::function<void(campaigns::CampaignSpec&)>& edit = {}) {
    campaigns::Campaign c;
    c.id = id;
    c.account_id = std::move(account);
    c.spec.name = id;
    c.spec.query = query;
    c.spec.channels = std::move(channels);
    c.spec.status = campaigns::CampaignStatus::kActive;
    if (edit) edit(c.spec);
    auto active = MakeActiveCampaign(c, resources_->places);
    ASSERT_TRUE(active) << active.error().message;
    lookup_.campaigns[id] = *active;
    queries_.push_back({id, query});
    ASSERT_TRUE(matcher_.WaitForVersion(matcher_.UpdateCampaigns(queries_), std::chrono::seconds(30)));
  }

  ingest::Signal Post(std::string id, std::string author, std::string title) {
    ingest::Signal s;
    s.source = ingest::SourceKind::kHackerNews;
    s.source_id = std::move(id);
    s.url = "https://news.ycombinator.com/item?id=" + s.source_id;
    s.author = std::move(author);
    s.author_url = "https://news.ycombinator.com/user?id=" + s.author;
    s.title = std::move(title);
    s.body = "We are a 12 person agency and our spreadsheets are falling apart.";
    s.language = "en";
    s.published = clock_.Now() - hours(2);
    return s;
  }

  int64_t CountLeads() { return db_->db().Query("SELECT COUNT(*) FROM leads")->front().Int(0); }

  core::ManualClock clock_;
  std::unique_ptr<store::testing::FreshDatabase> db_;
  std::unique_ptr<store::KeyValue> kv_;
  std::unique_ptr<enrich::EnrichmentResources> resources_;
  std::unique_ptr<enrich::Enricher> enricher_;
  std::unique_ptr<Fingerprinter> fingerprinter_;
  std::unique_ptr<FingerprintRegistry> registry_;
  std::unique_ptr<PayloadStore> payloads_;
  std::unique_ptr<CountingDatabase> counting_;         // over db_
  std::unique_ptr<store::BatchingDatabase> batching_;  // over counting_: what the stores use
  std::unique_ptr<LeadStore> leads_;
  match::Matcher matcher_;
  std::vector<match::CampaignQuery> queries_;
  MapLookup lookup_;
  ScriptedCharger charger_;
  RecordingSink sink_;
  AuthorSuppression suppression_;
  core::Metrics metrics_;
  std::unique_ptr<LeadProcessor> processor_;
};

TEST_P(LeadProcessorTest, AMatchBecomesALeadWithItsPayloadOnlyInTheKv) {
  const ingest::Signal s = Post("101", "alice_h", "Ask HN: Which CRM do you use?");
  auto r = processor_->Process(s);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->matches, 2);
  ASSERT_EQ(r->created.size(), 2u);
  EXPECT_TRUE(r->dropped.empty());
  EXPECT_EQ(sink_.calls.size(), 2u);

  auto lead = leads_->Get("acct_a", LeadIdFor("acct_a", "cmp_a", s.Key()));
  ASSERT_TRUE(lead && lead->has_value());
  EXPECT_EQ((*lead)->channels.webhook, "pending");
  EXPECT_EQ((*lead)->channels.api, "pending");
  EXPECT_EQ((*lead)->channels.portal, "off");
  EXPECT_EQ((*lead)->channels.digest, "off");
  EXPECT_EQ((*lead)->source_kind, "hn");
  EXPECT_EQ((*lead)->fingerprint.size(), 64u);
  auto other = leads_->Get("acct_b", LeadIdFor("acct_b", "cmp_b", s.Key()));
  ASSERT_TRUE(other && other->has_value());
  EXPECT_EQ((*other)->channels.portal, "shown");

  auto payload = payloads_->Get((*lead)->id);
  ASSERT_TRUE(payload && payload->has_value());
  auto json = core::ParseJsonObject(**payload);
  ASSERT_TRUE(json);
  EXPECT_EQ(json->at("signal").as_object().at("author").as_string(), "alice_h");
  const auto& sc = json->at("score").as_object();
  EXPECT_EQ(sc.at("matched_terms").as_array().size(), 1u);
  EXPECT_EQ(sc.at("score").as_int64(), (*lead)->score);
  EXPECT_NE(std::string(sc.at("explanation").as_string()).find("intent"), std::string::npos);

  // SQL holds none of the signal's personal data or text.
  auto rows = db_->db().Query("SELECT * FROM leads");
  ASSERT_TRUE(rows);
  for (const auto& row : *rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      const std::string v = row.Text(i);
      EXPECT_EQ(v.find("alice"), std::string::npos) << row.ColumnName(i);
      EXPECT_EQ(v.find("CRM"), std::string::npos) << row.ColumnName(i);
      EXPECT_EQ(v.find("news.ycombinator"), std::string::npos) << row.ColumnName(i);
    }
  }
}

TEST_P(LeadProcessorTest, TheEmailChannelLeavesTheDigestPending) {
  AddCampaign("cmp_mail", "acct_a", "invoicing", {"email"});
  auto r = processor_->Process(Post("301", "dora", "Which invoicing tool?"));
  ASSERT_TRUE(r) << r.error().message;
  auto lead = leads_->Get("acct_a", LeadIdFor("acct_a", "cmp_mail", Post("301", "dora", "").Key()));
  ASSERT_TRUE(lead && lead->has_value());
  EXPECT_EQ((*lead)->channels.digest, "pending");
  EXPECT_EQ((*lead)->channels.webhook, "off");
  EXPECT_FALSE((*lead)->AllChannelsCompleted());  // the payload waits for the digest
}

TEST_P(LeadProcessorTest, ReplayingASignalMakesNoSecondLeadAndDuplicatesAreDropped) {
  const ingest::Signal s = Post("101", "alice_h", "Ask HN: Which CRM do you use?");
  ASSERT_TRUE(processor_->Process(s));
  clock_.Advance(std::chrono::minutes(5));
  auto again = processor_->Process(s);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->created.empty());
  EXPECT_EQ(again->replayed.size(), 2u);
  EXPECT_EQ(CountLeads(), 2);
  EXPECT_EQ(sink_.calls.size(), 4u);  // the sink is told again; it is idempotent on the lead id
  EXPECT_EQ(sink_.calls[0].first, sink_.calls[2].first);

  // The same author asking again within 90 days is the same lead for each client: dropped.
  auto dup = processor_->Process(Post("102", "Alice_H", "Ask HN: CRM for a small agency?"));
  ASSERT_TRUE(dup);
  EXPECT_TRUE(dup->created.empty());
  ASSERT_EQ(dup->dropped.size(), 2u);
  EXPECT_EQ(dup->dropped[0].second, "duplicate");
  EXPECT_EQ(CountLeads(), 2);
  // Another author is a new lead.
  auto fresh = processor_->Process(Post("103", "bob", "Ask HN: CRM for a small agency?"));
  EXPECT_EQ(fresh->created.size(), 2u);
  EXPECT_NE(metrics_.Render().find("leados_pipeline_drops_total{reason=\"duplicate\"} 2"),
            std::string::npos)
      << metrics_.Render();
}

TEST_P(LeadProcessorTest, AnUnreadableSuppressionListFailsTheSignalInsteadOfLettingItThrough) {
  auto r = processor_->Process(Post("401", "list-unreachable", "Which CRM do you use?"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(CountLeads(), 0) << "retried later, never delivered unchecked";
  EXPECT_TRUE(sink_.calls.empty());
}

TEST_P(LeadProcessorTest, FiltersSuppressionAndMinimumScoreDropWithTheirReason) {
  AddCampaign("cmp_reddit", "acct_a", "invoicing", {"api"},
              [](auto& spec) { spec.filters.sources = {"reddit"}; });
  AddCampaign("cmp_de", "acct_a", "invoicing", {"api"},
              [](auto& spec) { spec.filters.languages = {"de"}; });
  AddCampaign("cmp_picky", "acct_a", "invoicing", {"api"}, [](auto& spec) { spec.min_score = 0.99; });
  AddCampaign("cmp_paused", "acct_a", "invoicing", {"api"},
              [](auto& spec) { spec.status = campaigns::CampaignStatus::kPaused; });
  auto r = processor_->Process(Post("201", "carol", "Which invoicing tool?"));
  ASSERT_TRUE(r) << r.error().message;
  std::map<std::string, std::string> reasons(r->dropped.begin(), r->dropped.end());
  EXPECT_EQ(reasons["cmp_reddit"], "source_filter");
  EXPECT_EQ(reasons["cmp_de"], "language_filter");
  EXPECT_EQ(reasons["cmp_picky"], "below_min_score");
  EXPECT_EQ(reasons["cmp_paused"], "campaign_inactive");
  EXPECT_EQ(r->created.size(), 1u);  // cmp_b (crm OR invoicing)

  auto suppressed = processor_->Process(Post("202", "do-not-track", "Which CRM do you use?"));
  ASSERT_TRUE(suppressed);
  EXPECT_TRUE(suppressed->created.empty());
  EXPECT_EQ(suppressed->dropped.size(), 2u);
  EXPECT_EQ(suppressed->dropped[0].second, "suppressed");
  EXPECT_TRUE(processor_->Process(Post("203", "x", "Nothing relevant here"))->created.empty());
}

TEST_P(LeadProcessorTest, ALeadWithoutCreditsIsKeptButNotDelivered) {
  charger_.held_accounts.insert("acct_a");
  auto r = processor_->Process(Post("301", "dave", "Ask HN: Which CRM do you use?"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->created.size(), 2u);
  ASSERT_EQ(r->held.size(), 1u);
  EXPECT_EQ(r->held[0], LeadIdFor("acct_a", "cmp_a", "hn:301"));
  ASSERT_EQ(sink_.calls.size(), 1u);  // only acct_b's lead went on
  EXPECT_EQ(charger_.reserved.size(), 2u);
}


TEST_P(LeadProcessorTest, TheRunnerTakesSignalsFromTheQueueAndRetriesFailures) {
  store::MemoryQueue queue(clock_);
  RunnerOptions options;
  options.poll_wait = std::chrono::milliseconds(0);
  options.retry_delay = std::chrono::seconds(10);
  PipelineRunner runner(queue, *processor_, metrics_, options);
  for (int i = 0; i < 3; ++i) {
    const auto s = Post(std::to_string(400 + i), "author" + std::to_string(i), "Which CRM do you use?");
    ASSERT_TRUE(queue.Enqueue("signals", core::ToJson(ingest::SignalToJson(s))));
  }
  ASSERT_TRUE(queue.Enqueue("signals", "{not json"));
  sink_.failures_left = 1;  // the first delivery hand-off fails: that signal goes back

  auto handled = runner.RunOnce("w");
  ASSERT_TRUE(handled) << handled.error().message;
  EXPECT_EQ(*handled, 4u);
  EXPECT_EQ(*queue.Depth("signals"), 1);  // the failed one waits for its retry
  // The failed signal's first lead was stored before its hand-off failed; its second was not
  // reached (a signal stops at its first error and is retried whole).
  EXPECT_EQ(CountLeads(), 5);
  EXPECT_EQ(*runner.RunOnce("w"), 0u);    // not yet visible again
  clock_.Advance(std::chrono::seconds(11));
  EXPECT_EQ(*runner.RunOnce("w"), 1u);
  EXPECT_EQ(*queue.Depth("signals"), 0);
  EXPECT_EQ(CountLeads(), 6);    // the retry completed the signal and made no second lead
  EXPECT_EQ(sink_.Calls(), 7u);  // 6 leads + the failed hand-off, made again on the retry
  const std::string m = metrics_.Render();
  EXPECT_NE(m.find("leados_pipeline_bad_messages_total 1"), std::string::npos) << m;
  EXPECT_NE(m.find("leados_pipeline_retries_total 1"), std::string::npos) << m;
}

TEST_P(LeadProcessorTest, ABatchedRunnerCommitsAClaimedBatchAtOnceAndRetriesOnlyTheFailedSignal) {
  store::MemoryQueue queue(clock_);
  RunnerOptions options;
  options.poll_wait = std::chrono::milliseconds(0);
  options.retry_delay = std::chrono::seconds(10);
  PipelineRunner runner(queue, *processor_, metrics_, options, batching_.get());
  for (int i = 0; i < 3; ++i) {
    const auto s = Post(std::to_string(600 + i), "author" + std::to_string(i), "Which CRM do you use?");
    ASSERT_TRUE(queue.Enqueue("signals", core::ToJson(ingest::SignalToJson(s))));
  }
  sink_.failures_left = 1;  // the first hand-off fails: only that signal is rolled back

  const int transactions_before = counting_->transactions;
  const int writes_before = counting_->autocommit_writes;
  auto handled = runner.RunOnce("w");
  ASSERT_TRUE(handled) << handled.error().message;
  EXPECT_EQ(*handled, 3u);
  // 3 signals, 2 campaigns each: four leads stored in ONE transaction (not one per lead), and no
  // write committed on its own.
  EXPECT_EQ(counting_->transactions - transactions_before, 1);
  EXPECT_EQ(counting_->autocommit_writes - writes_before, 0);
  EXPECT_EQ(CountLeads(), 4);  // the failed signal's first lead was rolled back with it
  EXPECT_EQ(*queue.Depth("signals"), 1);
  clock_.Advance(std::chrono::seconds(11));
  EXPECT_EQ(*runner.RunOnce("w"), 1u);
  EXPECT_EQ(*queue.Depth("signals"), 0);
  EXPECT_EQ(CountLeads(), 6);  // and no second lead for anyone
  EXPECT_EQ(sink_.Calls(), 7u);
}

TEST_P(LeadProcessorTest, BatchedWorkersDrainTheQueueConcurrently) {
  store::MemoryQueue queue(clock_);
  RunnerOptions options;
  options.workers = 3;
  options.batch = 4;
  options.poll_wait = std::chrono::milliseconds(5);
  PipelineRunner runner(queue, *processor_, metrics_, options, batching_.get());
  for (int i = 0; i < 60; ++i) {
    const auto s = Post(std::to_string(700 + i), "author" + std::to_string(i), "Which CRM do you use?");
    ASSERT_TRUE(queue.Enqueue("signals", core::ToJson(ingest::SignalToJson(s))));
  }
  runner.Start();
  EXPECT_TRUE(store::testing::WaitFor([&] { return *queue.Depth("signals") == 0; },
                                      std::chrono::seconds(60)));
  runner.Stop();
  EXPECT_EQ(CountLeads(), 120);
  EXPECT_EQ(sink_.Calls(), 120u);
}

TEST_P(LeadProcessorTest, WorkersDrainTheQueueConcurrently) {
  store::MemoryQueue queue(clock_);
  RunnerOptions options;
  options.workers = 3;
  options.batch = 4;
  options.poll_wait = std::chrono::milliseconds(5);
  PipelineRunner runner(queue, *processor_, metrics_, options);
  for (int i = 0; i < 60; ++i) {
    const auto s = Post(std::to_string(500 + i), "author" + std::to_string(i), "Which CRM do you use?");
    ASSERT_TRUE(queue.Enqueue("signals", core::ToJson(ingest::SignalToJson(s))));
  }
  runner.Start();
  EXPECT_TRUE(store::testing::WaitFor([&] { return *queue.Depth("signals") == 0; },
                                      std::chrono::seconds(60)));
  runner.Stop();
  EXPECT_EQ(CountLeads(), 120);
  EXPECT_EQ(sink_.Calls(), 120u);
}


TEST_P(LeadProcessorTest, OptedInCampaignsGetTheLlmSecondOpinion) {
  test_support::FixtureServer llm;
  llm.Route("/v1/chat/completions",
            test_support::FixtureResponse{
                .status = 200,
                .headers = {{"Content-Type", "application/json"}},
                .body = score::testing::ChatCompletionJson(
                    R"({"intent_class":"seeking","probability":0.97,"reason":"asks for a CRM"})")});
  ingest::CurlHttpClientOptions http_options;
  http_options.ssrf.allow_private = true;
  ingest::CurlHttpClient http(http_options);
  score::LlmRerankSettings settings;
  settings.enabled = true;
  settings.base_url = llm.Url("/v1");
  score::LlmReranker reranker(http, clock_, settings);
  AddCampaign("cmp_llm", "acct_a", "crm", {"api"}, [](auto& spec) { spec.llm_rerank = true; });
  lookup_.campaigns.erase("cmp_a");  // so acct_a's lead is the opted-in campaign's
  ProcessorParts parts{matcher_, lookup_, nullptr, *enricher_, *fingerprinter_, *registry_,
                       *payloads_, *leads_, charger_, sink_, suppression_, clock_, metrics_};
  parts.reranker = &reranker;
  LeadProcessor processor(parts);

  auto r = processor.Process(Post("601", "erin", "Ask HN: Which CRM do you use?"));
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->created.size(), 2u);      // cmp_llm (acct_a) and cmp_b (acct_b)
  EXPECT_EQ(llm.Requests().size(), 1u);  // only the opted-in campaign's candidate was sent
  int used = 0;
  for (const auto& id : r->created) {
    auto payload = core::ParseJsonObject(**payloads_->Get(id));
    ASSERT_TRUE(payload);
    const auto& llm_part = payload->at("score").as_object().at("llm").as_object();
    const std::string status(llm_part.at("status").as_string());
    EXPECT_TRUE(status == "used" || status == "not_opted_in") << status;
    if (status == "used") {
      ++used;
      EXPECT_DOUBLE_EQ(llm_part.at("llm_probability").as_double(), 0.97);
      EXPECT_EQ(payload->at("campaign_id").as_string(), "cmp_llm");
    }
  }
  EXPECT_EQ(used, 1);
  const std::string body = llm.Requests()[0].body;
  EXPECT_EQ(body.find("erin"), std::string::npos);  // no author in what went out
  EXPECT_NE(body.find("Which CRM do you use?"), std::string::npos);
}

TEST_P(LeadProcessorTest, AReplayAfterTheLeadFinishedDoesNotBringItsPayloadBack) {
  const ingest::Signal s = Post("701", "frank", "Ask HN: Which CRM do you use?");
  ASSERT_TRUE(processor_->Process(s));
  const std::string id = LeadIdFor("acct_a", "cmp_a", s.Key());
  LeadService service(*leads_, *payloads_, clock_);
  ASSERT_TRUE(service.CompleteChannel(id, Channel::kWebhook, "done"));
  ASSERT_TRUE(service.Acknowledge("acct_a", id));
  ASSERT_FALSE(payloads_->Get(id)->has_value());
  const size_t calls = sink_.Calls();

  auto again = processor_->Process(s);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->replayed.size(), 2u);
  EXPECT_FALSE(payloads_->Get(id)->has_value());  // the personal data stays deleted
  EXPECT_EQ(sink_.Calls(), calls + 1);            // only acct_b's unfinished lead is handed over
}

TEST(CampaignSnapshot, KeepsBuiltCampaignsAcrossReplacesAndNamesBadOnes) {
  enrich::Gazetteer places;
  CampaignSnapshot snapshot(places);
  campaigns::Campaign a;
  a.id = "cmp_a";
  a.revision = 1;
  a.spec.status = campaigns::CampaignStatus::kActive;
  campaigns::Campaign bad = a;
  bad.id = "cmp_bad";
  bad.spec.filters.company_size_min = 50;
  bad.spec.filters.company_size_max = 10;  // inverted range: the ICP filter refuses it
  auto errors = snapshot.Replace({a, bad});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("cmp_bad"), std::string::npos) << errors[0];
  EXPECT_EQ(snapshot.size(), 1u);
  auto first = snapshot.Find("cmp_a");
  ASSERT_NE(first, nullptr);
  EXPECT_TRUE(snapshot.Replace({a}).empty());
  EXPECT_EQ(snapshot.Find("cmp_a"), first);  // same revision: the same object
  a.revision = 2;
  snapshot.Replace({a});
  EXPECT_NE(snapshot.Find("cmp_a"), first);
  EXPECT_EQ(snapshot.Find("cmp_a")->campaign.revision, 2);
  snapshot.Replace({});
  EXPECT_EQ(snapshot.Find("cmp_a"), nullptr);
}

INSTANTIATE_TEST_SUITE_P(Backends, LeadProcessorTest,
                         ::testing::Values(Backend{store::Dialect::kSqlite, false},
                                           Backend{store::Dialect::kPostgres, true}),
                         [](const auto& info) {
                           return std::string(store::DialectName(info.param.sql)) +
                                  (info.param.redis ? "_redis" : "_memory");
                         });

}  // namespace
}  // namespace leados::pipeline
