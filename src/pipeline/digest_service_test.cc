// The email digest channel on SQLite and PostgreSQL, with the memory KV and Redis: timing of
// hourly and daily digests, grouping per campaign, the cap, expired payloads, no email without
// leads, payload release, one email for two schedulers, the .eml a client receives, and no
// personal data in any SQL table.
#include "pipeline/digest_service.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "enrich/enrichment.h"
#include "ingest/signal.h"
#include "notify/file_email_sender.h"
#include "notify/outbox_worker.h"
#include "notify/test_util.h"
#include "pipeline/digest_email.h"
#include "pipeline/lead_payload.h"
#include "score/lead_score.h"
#include "store/memory_key_value.h"
#include "store/test_support.h"

namespace leados::pipeline {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

constexpr int64_t kHour = 3'600'000;
// 2026-01-01 00:00 UTC, the ManualClock's start.
constexpr int64_t kDay0 = 1'767'225'600'000;

TEST(DigestSchedule, PeriodsEndOnTheHourAndAtTheDailyHourUtc) {
  EXPECT_EQ(DigestPeriodEnd(kDay0 + 10 * kHour + 1, DigestFrequency::kHourly, 8),
            kDay0 + 10 * kHour);
  EXPECT_EQ(DigestPeriodEnd(kDay0 + 10 * kHour, DigestFrequency::kHourly, 8), kDay0 + 10 * kHour);
  EXPECT_EQ(DigestPeriodEnd(kDay0 + 10 * kHour, DigestFrequency::kDaily, 8), kDay0 + 8 * kHour);
  // Before 08:00 the last daily period ended yesterday at 08:00.
  EXPECT_EQ(DigestPeriodEnd(kDay0 + 7 * kHour, DigestFrequency::kDaily, 8), kDay0 - 16 * kHour);
  EXPECT_EQ(DigestPeriodEnd(kDay0 + 7 * kHour, DigestFrequency::kDaily, 0), kDay0);
  EXPECT_EQ(DigestPeriodStart(kDay0, DigestFrequency::kDaily), kDay0 - 24 * kHour);
  EXPECT_EQ(DigestPeriodStart(kDay0, DigestFrequency::kHourly), kDay0 - kHour);
  EXPECT_EQ(ParseDigestFrequency("hourly"), DigestFrequency::kHourly);
  EXPECT_EQ(ParseDigestFrequency("weekly"), std::nullopt);
}

TEST(DigestEmail, ShortenNeverCutsACodePoint) {
  EXPECT_EQ(ShortenUtf8("abc", 5), "abc");
  EXPECT_EQ(ShortenUtf8("aé", 2), "a…");  // "é" is two bytes
  EXPECT_EQ(ShortenUtf8("abcdef", 3), "abc…");
}

struct Backend {
  store::Dialect sql;
  bool redis;
};

class DigestServiceTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    auto fresh = store::testing::FreshDatabase::Open(GetParam().sql, clock_);
    if (!fresh && fresh.error().code == core::ErrorCode::kUnavailable) {
      GTEST_SKIP() << fresh.error().message;
    }
    ASSERT_TRUE(fresh) << fresh.error().message;
    db_ = std::move(*fresh);
    if (GetParam().redis) {
      auto kv = store::testing::FreshRedisKeyValue();
      if (!kv && kv.error().code == core::ErrorCode::kUnavailable) {
        GTEST_SKIP() << kv.error().message;
      }
      ASSERT_TRUE(kv) << kv.error().message;
      kv_ = std::move(*kv);
    } else {
      kv_ = std::make_unique<store::MemoryKeyValue>(clock_);
    }
    for (const char* id : {"acct_a", "acct_b"}) {
      ASSERT_TRUE(
          db_->db().Exec("INSERT INTO accounts (id, company_name, billing_address_enc, created_at) "
                         "VALUES (?, ?, ?, ?)",
                         {std::string(id), std::string("Co"), std::string(""), int64_t{1}}));
    }
    leads_ = std::make_unique<LeadStore>(db_->db());
    payloads_ = std::make_unique<PayloadStore>(*kv_, hours(24 * 30));
    service_ = std::make_unique<LeadService>(*leads_, *payloads_, clock_);
    periods_ = std::make_unique<DigestPeriodStore>(db_->db());
    bodies_ = std::make_unique<notify::OutboxBodyStore>(*kv_, hours(24 * 7));
    campaigns_["cmp_hourly"] = {"Hourly CRM", DigestFrequency::kHourly};
    campaigns_["cmp_daily"] = {"Daily CRM", DigestFrequency::kDaily};
    campaigns_["cmp_b"] = {"B's invoices", DigestFrequency::kHourly};
    recipients_["acct_a"] = {"owner@a.example"};
    recipients_["acct_b"] = {"boss@b.example", "cto@b.example"};
    digests_ = MakeDigestService("proc-1");
    // Start at 2026-01-01 09:00 UTC.
    clock_.Set(core::TimePoint(std::chrono::milliseconds(kDay0 + 9 * kHour)));
  }

  std::unique_ptr<DigestService> MakeDigestService(std::string owner) {
    DigestOptions options;
    options.daily_hour_utc = 8;
    options.max_leads_per_email = 3;
    options.portal_url = "https://leads.example.test/leads";
    options.owner = std::move(owner);
    DigestParts parts{db_->db(),
                      *kv_,
                      *leads_,
                      *service_,
                      *payloads_,
                      *periods_,
                      outbox_,
                      *bodies_,
                      templates_,
                      [this](std::string_view,
                             std::string_view id) -> core::Result<std::optional<DigestCampaign>> {
                        auto it = campaigns_.find(std::string(id));
                        if (it == campaigns_.end()) return std::optional<DigestCampaign>();
                        return std::optional<DigestCampaign>(it->second);
                      },
                      [this](std::string_view account) -> core::Result<std::vector<std::string>> {
                        return recipients_[std::string(account)];
                      },
                      clock_,
                      [this] { ++wakes_; }};
    return std::make_unique<DigestService>(std::move(parts), options);
  }

  // A lead made now for `campaign`, with the email channel (and `webhook` when not "off"), and
  // its payload in the KV store built the way the pipeline builds it.
  std::string AddLead(const std::string& account, const std::string& campaign, const std::string& n,
                      int score, const std::string& webhook = "off") {
    ingest::Signal s;
    s.source = ingest::SourceKind::kHackerNews;
    s.source_id = n;
    s.url = "https://news.ycombinator.com/item?id=" + n;
    s.site = "news.ycombinator.com";
    s.title = "Ask HN: which CRM for agency " + n + "?";
    s.body = "Our spreadsheets fall apart, excerpt-" + n + " says it all.";
    s.author = "handle_" + n;
    s.author_url = "https://news.ycombinator.com/user?id=handle_" + n;
    s.published = clock_.Now() - minutes(10);
    LeadRecord l;
    l.id = LeadIdFor(account, campaign, s.Key());
    l.account_id = account;
    l.campaign_id = campaign;
    l.fingerprint = std::string(64, 'a');
    l.score = score;
    l.intent_class = "seeking";
    l.source_kind = "hn";
    l.signal_published_at_ms = clock_.NowUnixMillis() - 600000;
    l.created_at_ms = clock_.NowUnixMillis();
    l.payload_expires_at_ms = l.created_at_ms + 30 * 24 * kHour;
    l.channels.digest = "pending";
    l.channels.webhook = webhook;
    l.updated_at_ms = l.created_at_ms;
    score::LeadScore sc;
    sc.score = score;
    sc.intent_class = score::IntentClass::kSeeking;
    sc.matched_terms = {"crm"};
    sc.quoted_passage = "excerpt-" + n + " says it all";
    EXPECT_TRUE(leads_->Insert(l));
    EXPECT_TRUE(payloads_->Put(l.id, LeadPayloadJson(l, s, enrich::Enrichment{}, sc, 0.9)));
    return l.id;
  }

  void At(int64_t ms) { clock_.Set(core::TimePoint(std::chrono::milliseconds(ms))); }

  DigestRunStats Tick() {
    auto stats = digests_->RunOnce();
    EXPECT_TRUE(stats) << stats.error().message;
    return stats ? *stats : DigestRunStats{};
  }

  std::string DigestStatus(const std::string& account, const std::string& id) {
    auto lead = leads_->Get(account, id);
    EXPECT_TRUE(lead && lead->has_value());
    return lead && lead->has_value() ? (*lead)->channels.digest : "";
  }

  struct Row {
    std::string to, subject, template_name, status;
    bool body_in_kv;
  };
  std::vector<Row> OutboxRows() {
    auto rows = db_->db().Query(
        "SELECT to_address, subject, template, status, body_in_kv FROM notify_outbox ORDER BY "
        "to_address, id");
    EXPECT_TRUE(rows);
    std::vector<Row> out;
    for (const auto& r : *rows) {
      out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Int(4) != 0});
    }
    return out;
  }

  // Sends every due outbox row through a FileEmailSender; returns the parsed messages by
  // recipient.
  std::multimap<std::string, notify::testing::ParsedEml> SendAll() {
    notify::FileEmailSender sender(mail_.path(), "LeadOS <digest@leados.test>", clock_);
    notify::OutboxWorker worker(db_->db(), sender, clock_, {}, bodies_.get());
    auto stats = worker.RunOnce();
    EXPECT_TRUE(stats) << stats.error().message;
    std::multimap<std::string, notify::testing::ParsedEml> out;
    for (const auto& entry : std::filesystem::directory_iterator(mail_.path())) {
      if (sent_files_.count(entry.path().string())) continue;
      sent_files_.insert(entry.path().string());
      auto eml = notify::testing::ParseEml(notify::testing::ReadWholeFile(entry.path()));
      out.emplace(eml.headers["to"], eml);
    }
    return out;
  }

  // Every value of every table, as text.
  std::string DumpSql() {
    const bool pg = GetParam().sql == store::Dialect::kPostgres;
    auto tables = db_->db().Query(
        pg ? "SELECT table_name FROM information_schema.tables WHERE table_schema = "
             "current_schema()"
           : "SELECT name FROM sqlite_master WHERE type = 'table'");
    EXPECT_TRUE(tables);
    std::string dump;
    for (const auto& t : *tables) {
      auto rows = db_->db().Query("SELECT * FROM " + t.Text(0));
      EXPECT_TRUE(rows) << t.Text(0);
      if (!rows) continue;
      for (const auto& r : *rows) {
        for (size_t i = 0; i < r.size(); ++i) dump += r.Text(i) + "\n";
      }
    }
    return dump;
  }

  core::ManualClock clock_;
  std::unique_ptr<store::testing::FreshDatabase> db_;
  std::unique_ptr<store::KeyValue> kv_;
  std::unique_ptr<LeadStore> leads_;
  std::unique_ptr<PayloadStore> payloads_;
  std::unique_ptr<LeadService> service_;
  std::unique_ptr<DigestPeriodStore> periods_;
  std::unique_ptr<notify::OutboxBodyStore> bodies_;
  notify::Outbox outbox_{clock_};
  notify::EmailTemplates templates_;
  std::map<std::string, DigestCampaign> campaigns_;
  std::map<std::string, std::vector<std::string>> recipients_;
  std::unique_ptr<DigestService> digests_;
  int wakes_ = 0;
  store::testing::ScopedTempDir mail_;
  std::set<std::string> sent_files_;
};

TEST_P(DigestServiceTest, HourlyDigestHoldsTheLastFullHourAndDailyWaitsForItsHour) {
  At(kDay0 + 9 * kHour + 30 * 60'000);  // 09:30
  const std::string early = AddLead("acct_a", "cmp_hourly", "1", 80);
  const std::string daily = AddLead("acct_a", "cmp_daily", "2", 70);
  At(kDay0 + 10 * kHour + 10 * 60'000);  // 10:10
  const std::string late = AddLead("acct_a", "cmp_hourly", "3", 90);

  At(kDay0 + 10 * kHour + 20 * 60'000);  // 10:20: the 09:00–10:00 hour is over
  DigestRunStats first = Tick();
  EXPECT_TRUE(first.leased);
  EXPECT_EQ(first.digests, 1);
  EXPECT_EQ(first.leads, 1);
  EXPECT_EQ(DigestStatus("acct_a", early), "done");
  EXPECT_EQ(DigestStatus("acct_a", late), "pending");   // 10:10 belongs to the running hour
  EXPECT_EQ(DigestStatus("acct_a", daily), "pending");  // the day ends at 08:00 tomorrow
  ASSERT_EQ(OutboxRows().size(), 1u);
  EXPECT_EQ(OutboxRows()[0].subject, "LeadOS digest: 1 new lead for Hourly CRM");
  EXPECT_EQ(wakes_, 1);

  At(kDay0 + 10 * kHour + 50 * 60'000);  // 10:50: nothing new is due
  EXPECT_EQ(Tick().digests, 0);
  At(kDay0 + 11 * kHour + 1'000);  // 11:00:01
  DigestRunStats second = Tick();
  EXPECT_EQ(second.digests, 1);
  EXPECT_EQ(DigestStatus("acct_a", late), "done");
  EXPECT_EQ(DigestStatus("acct_a", daily), "pending");
  EXPECT_EQ(OutboxRows().size(), 2u);

  At(kDay0 + 24 * kHour + 8 * kHour - 1);  // tomorrow 07:59:59.999
  EXPECT_EQ(Tick().digests, 0);
  At(kDay0 + 24 * kHour + 8 * kHour);  // tomorrow 08:00
  DigestRunStats day = Tick();
  EXPECT_EQ(day.digests, 1);
  EXPECT_EQ(DigestStatus("acct_a", daily), "done");
  auto rows = OutboxRows();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2].subject, "LeadOS digest: 1 new lead for Daily CRM");
  At(kDay0 + 24 * kHour + 20 * kHour);  // the same day later: sent once
  EXPECT_EQ(Tick().digests, 0);
  EXPECT_EQ(OutboxRows().size(), 3u);
}

TEST_P(DigestServiceTest, OneEmailPerCampaignAndRecipientWithTheBestLeadsUpToTheCap) {
  for (int i = 0; i < 5; ++i) AddLead("acct_a", "cmp_hourly", "a" + std::to_string(i), 50 + i);
  AddLead("acct_b", "cmp_b", "b0", 66);
  At(kDay0 + 10 * kHour);
  DigestRunStats stats = Tick();
  EXPECT_EQ(stats.digests, 2);
  EXPECT_EQ(stats.emails, 3);  // acct_b has two owners
  EXPECT_EQ(stats.leads, 6);
  auto mail = SendAll();
  ASSERT_EQ(mail.size(), 3u);
  const auto& a = mail.find("owner@a.example")->second;
  EXPECT_NE(a.text.find("5 new leads for your campaign \"Hourly CRM\""), std::string::npos)
      << a.text;
  // The three best (scores 54, 53, 52) in detail, the other two counted.
  EXPECT_NE(a.text.find("1. [54]"), std::string::npos) << a.text;
  EXPECT_NE(a.text.find("3. [52]"), std::string::npos) << a.text;
  EXPECT_EQ(a.text.find("[51]"), std::string::npos) << a.text;
  EXPECT_EQ(a.text.find("handle_a0"), std::string::npos) << a.text;
  EXPECT_NE(a.text.find("and 2 more in the portal"), std::string::npos) << a.text;
  EXPECT_NE(a.text.find("https://leads.example.test/leads"), std::string::npos);
  EXPECT_EQ(a.text.find("handle_b0"), std::string::npos);  // other campaigns stay apart
  for (const char* to : {"boss@b.example", "cto@b.example"}) {
    auto it = mail.find(to);
    ASSERT_NE(it, mail.end()) << to;
    EXPECT_NE(it->second.text.find("handle_b0"), std::string::npos);
    EXPECT_EQ(it->second.text.find("handle_a"), std::string::npos);
    EXPECT_EQ(it->second.text.find("more in the portal"), std::string::npos);
  }
}

TEST_P(DigestServiceTest, TheFileSenderOutputCarriesEachLeadsDetails) {
  AddLead("acct_a", "cmp_hourly", "42", 87);
  At(kDay0 + 10 * kHour);
  Tick();
  auto mail = SendAll();
  ASSERT_EQ(mail.size(), 1u);
  const auto& eml = mail.begin()->second;
  EXPECT_EQ(notify::testing::DecodeHeader(eml.headers.at("subject")),
            "LeadOS digest: 1 new lead for Hourly CRM");
  for (const std::string& part : {eml.text, eml.html}) {
    EXPECT_NE(part.find("87"), std::string::npos) << part;       // score
    EXPECT_NE(part.find("seeking"), std::string::npos) << part;  // intent class
    EXPECT_NE(part.find("Ask HN: which CRM for agency 42?"), std::string::npos) << part;
    EXPECT_NE(part.find("excerpt-42 says it all"), std::string::npos) << part;  // excerpt
    EXPECT_NE(part.find("handle_42"), std::string::npos) << part;               // author handle
    EXPECT_NE(part.find("https://news.ycombinator.com/item?id=42"), std::string::npos) << part;
    EXPECT_NE(part.find("Why it matched"), std::string::npos) << part;
    EXPECT_NE(part.find("crm"), std::string::npos) << part;  // the matched term
  }
  EXPECT_NE(eml.html.find("<a href=\"https://news.ycombinator.com/item?id=42\">"),
            std::string::npos)
      << eml.html;
}

TEST_P(DigestServiceTest, AnExpiredPayloadIsCountedButNotDetailed) {
  AddLead("acct_a", "cmp_hourly", "1", 90);
  const std::string gone = AddLead("acct_a", "cmp_hourly", "2", 95);
  ASSERT_TRUE(payloads_->Delete(gone));  // what the KV TTL does after 30 days
  At(kDay0 + 10 * kHour);
  EXPECT_EQ(Tick().leads, 2);
  EXPECT_EQ(DigestStatus("acct_a", gone), "done");
  auto mail = SendAll();
  ASSERT_EQ(mail.size(), 1u);
  const auto& text = mail.begin()->second.text;
  EXPECT_NE(text.find("2 new leads"), std::string::npos) << text;
  EXPECT_NE(text.find("handle_1"), std::string::npos) << text;
  EXPECT_EQ(text.find("handle_2"), std::string::npos) << text;
  EXPECT_NE(text.find("1 lead is no longer available in detail"), std::string::npos) << text;
  EXPECT_EQ(text.find("more in the portal"), std::string::npos) << text;
}

TEST_P(DigestServiceTest, NoLeadsNoEmail) {
  At(kDay0 + 30 * kHour);
  DigestRunStats stats = Tick();
  EXPECT_TRUE(stats.leased);
  EXPECT_EQ(stats.digests, 0);
  // Leads on other channels only are no digest's business.
  const std::string webhook_only = AddLead("acct_a", "cmp_hourly", "1", 90, "pending");
  ASSERT_TRUE(leads_->SetChannel(webhook_only, Channel::kDigest, "off", clock_.NowUnixMillis()));
  At(kDay0 + 32 * kHour);
  EXPECT_EQ(Tick().digests, 0);
  EXPECT_TRUE(OutboxRows().empty());
  EXPECT_TRUE(SendAll().empty());
}

TEST_P(DigestServiceTest, ThePayloadGoesWhenTheDigestWasTheLastChannelOnly) {
  const std::string digest_only = AddLead("acct_a", "cmp_hourly", "1", 90);
  const std::string also_webhook = AddLead("acct_a", "cmp_hourly", "2", 80, "pending");
  At(kDay0 + 10 * kHour);
  EXPECT_EQ(Tick().leads, 2);
  EXPECT_EQ(*payloads_->Get(digest_only), std::nullopt);
  auto kept = leads_->Get("acct_a", digest_only);
  ASSERT_TRUE(kept && kept->has_value());
  EXPECT_TRUE((*kept)->payload_deleted_at_ms.has_value());
  // The webhook still needs the other one.
  EXPECT_NE(*payloads_->Get(also_webhook), std::nullopt);
  ASSERT_TRUE(service_->CompleteChannel(also_webhook, Channel::kWebhook, "done"));
  EXPECT_EQ(*payloads_->Get(also_webhook), std::nullopt);
}

TEST_P(DigestServiceTest, TwoSchedulersSendOneEmail) {
  AddLead("acct_a", "cmp_hourly", "1", 90);
  At(kDay0 + 10 * kHour);
  auto other = MakeDigestService("proc-2");
  // Concurrent ticks: the lease lets one work; the claim would stop a second anyway.
  std::vector<DigestRunStats> results(2);
  std::thread t1([&] { results[0] = *digests_->RunOnce(); });
  std::thread t2([&] { results[1] = *other->RunOnce(); });
  t1.join();
  t2.join();
  EXPECT_EQ(results[0].digests + results[1].digests, 1);
  // Later ticks of both find nothing to do.
  EXPECT_EQ(Tick().digests, 0);
  auto again = other->RunOnce();
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->leased);
  EXPECT_EQ(again->digests, 0);
  EXPECT_EQ(OutboxRows().size(), 1u);
  EXPECT_EQ(SendAll().size(), 1u);
}

TEST_P(DigestServiceTest, AHeldLeaseStopsTheOtherSchedulerAndAClaimedPeriodIsNotClaimedTwice) {
  AddLead("acct_a", "cmp_hourly", "1", 90);
  At(kDay0 + 10 * kHour);
  ASSERT_TRUE(*kv_->PutIfAbsent("digest:scheduler:lease", "proc-9", minutes(5)));
  DigestRunStats blocked = Tick();
  EXPECT_FALSE(blocked.leased);
  EXPECT_TRUE(OutboxRows().empty());
  clock_.Advance(minutes(6));  // proc-9 died; its lease runs out (memory KV follows the clock)
  if (!GetParam().redis) {
    EXPECT_EQ(Tick().digests, 1);
  } else {
    ASSERT_TRUE(*kv_->Delete("digest:scheduler:lease"));  // Redis expires in real time
    EXPECT_EQ(Tick().digests, 1);
  }
  // The period guard on its own: a second claim of the same period changes nothing.
  bool second = true;
  ASSERT_TRUE(db_->db().Transact([&](store::SqlSession& tx) -> core::Status {
    auto claimed =
        periods_->Claim(tx, "acct_a", "cmp_hourly", kDay0 + 10 * kHour, 1, clock_.NowUnixMillis());
    if (!claimed) return core::Fail(claimed.error());
    second = *claimed;
    return core::Ok();
  }));
  EXPECT_FALSE(second);
}

TEST_P(DigestServiceTest, WithoutAnOwnerAddressTheLeadsWait) {
  recipients_["acct_a"] = {};
  const std::string id = AddLead("acct_a", "cmp_hourly", "1", 90);
  At(kDay0 + 10 * kHour);
  EXPECT_EQ(Tick().no_recipient, 1);
  EXPECT_EQ(DigestStatus("acct_a", id), "pending");
  EXPECT_TRUE(OutboxRows().empty());
  At(kDay0 + 10 * kHour + 30 * 60'000);
  EXPECT_EQ(Tick().no_recipient, 0);  // once per period, not every tick
  recipients_["acct_a"] = {"owner@a.example"};
  At(kDay0 + 11 * kHour);
  EXPECT_EQ(Tick().digests, 1);
  EXPECT_EQ(DigestStatus("acct_a", id), "done");
}

TEST_P(DigestServiceTest, NoSqlTableHoldsTheHandleOrTheExcerptBeforeOrAfterSending) {
  AddLead("acct_a", "cmp_hourly", "77", 90);
  AddLead("acct_b", "cmp_b", "88", 80);
  At(kDay0 + 10 * kHour);
  EXPECT_EQ(Tick().emails, 3);
  auto check = [&](const char* when) {
    const std::string dump = DumpSql();
    for (const char* secret : {"handle_77", "handle_88", "excerpt-77", "excerpt-88",
                               "which CRM for agency", "news.ycombinator.com"}) {
      EXPECT_EQ(dump.find(secret), std::string::npos) << when << ": " << secret;
    }
  };
  check("enqueued");
  for (const auto& row : OutboxRows()) EXPECT_TRUE(row.body_in_kv);
  auto mail = SendAll();
  ASSERT_EQ(mail.size(), 3u);
  EXPECT_NE(mail.find("owner@a.example")->second.text.find("handle_77"), std::string::npos);
  check("sent");
  for (const auto& row : OutboxRows()) EXPECT_EQ(row.status, "sent");
  // The bodies left the KV store with the send.
  auto left = kv_->ScanPrefix("notify:body:", 10);
  ASSERT_TRUE(left);
  EXPECT_TRUE(left->empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, DigestServiceTest,
                         ::testing::Values(Backend{store::Dialect::kSqlite, false},
                                           Backend{store::Dialect::kPostgres, false},
                                           Backend{store::Dialect::kSqlite, true},
                                           Backend{store::Dialect::kPostgres, true}),
                         [](const auto& info) {
                           return std::string(info.param.sql == store::Dialect::kSqlite
                                                  ? "sqlite"
                                                  : "postgres") +
                                  (info.param.redis ? "_redis" : "_memory");
                         });

}  // namespace
}  // namespace leados::pipeline
