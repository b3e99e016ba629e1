#include "pipeline/lead_store.h"

#include <gtest/gtest.h>

#include <memory>

#include "core/clock.h"
#include "pipeline/lead_service.h"
#include "store/memory_key_value.h"
#include "store/test_support.h"

namespace leados::pipeline {
namespace {

class LeadStoreTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    auto fresh = store::testing::FreshDatabase::Open(GetParam(), clock_);
    if (!fresh && fresh.error().code == core::ErrorCode::kUnavailable) GTEST_SKIP() << fresh.error().message;
    ASSERT_TRUE(fresh) << fresh.error().message;
    db_ = std::move(*fresh);
    for (const char* id : {"acct_a", "acct_b"}) {
      ASSERT_TRUE(db_->db().Exec(
          "INSERT INTO accounts (id, company_name, billing_address_enc, created_at) VALUES (?, ?, ?, ?)",
          {std::string(id), std::string("Co"), std::string(""), int64_t{1}}));
    }
    store_ = std::make_unique<LeadStore>(db_->db());
  }

  LeadRecord Lead(std::string account, std::string campaign, std::string key, int64_t at, int score) {
    LeadRecord l;
    l.id = LeadIdFor(account, campaign, key);
    l.account_id = std::move(account);
    l.campaign_id = std::move(campaign);
    l.fingerprint = std::string(64, 'f');
    l.score = score;
    l.intent_class = "seeking";
    l.source_kind = "hn";
    l.signal_published_at_ms = at - 1000;
    l.created_at_ms = at;
    l.payload_expires_at_ms = at + 30LL * 24 * 3600 * 1000;
    l.channels.webhook = "pending";
    l.channels.api = "pending";
    l.updated_at_ms = at;
    return l;
  }

  core::ManualClock clock_;
  std::unique_ptr<store::testing::FreshDatabase> db_;
  std::unique_ptr<LeadStore> store_;
};

TEST_P(LeadStoreTest, InsertIsIdempotentOnTheLeadId) {
  const LeadRecord l = Lead("acct_a", "cmp_1", "hn:1", 1000, 80);
  EXPECT_TRUE(*store_->Insert(l));
  LeadRecord again = l;
  again.score = 10;  // a replay does not overwrite
  EXPECT_FALSE(*store_->Insert(again));
  auto got = store_->Get("acct_a", l.id);
  ASSERT_TRUE(got && got->has_value());
  EXPECT_EQ((*got)->score, 80);
  EXPECT_EQ((*got)->channels.webhook, "pending");
  EXPECT_FALSE((*got)->payload_deleted_at_ms.has_value());
  // Another account's lead is invisible.
  EXPECT_FALSE(store_->Get("acct_b", l.id)->has_value());
  auto count = db_->db().Query("SELECT COUNT(*) FROM leads");
  EXPECT_EQ(count->front().Int(0), 1);
}

TEST_P(LeadStoreTest, ListPagesNewestFirstWithFilters) {
  for (int i = 0; i < 7; ++i) {
    ASSERT_TRUE(store_->Insert(Lead("acct_a", i % 2 ? "cmp_odd" : "cmp_even",
                                    "hn:" + std::to_string(i), 1000 + i * 10, 50 + i)));
  }
  ASSERT_TRUE(store_->Insert(Lead("acct_b", "cmp_b", "hn:99", 5000, 99)));

  std::vector<int> scores;
  LeadFilter f;
  f.limit = 3;
  for (int pages = 0; pages < 5; ++pages) {
    auto page = store_->List("acct_a", f);
    ASSERT_TRUE(page) << page.error().message;
    for (const auto& l : page->leads) scores.push_back(l.score);
    if (page->next_cursor.empty()) break;
    f.cursor = page->next_cursor;
  }
  EXPECT_EQ(scores, (std::vector<int>{56, 55, 54, 53, 52, 51, 50}));

  LeadFilter odd;
  odd.campaign_id = "cmp_odd";
  odd.min_score = 53;
  auto page = store_->List("acct_a", odd);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->leads.size(), 2u);  // 55 and 53
  EXPECT_EQ(page->leads[0].score, 55);

  LeadFilter window;
  window.created_from_ms = 1020;
  window.created_to_ms = 1040;
  EXPECT_EQ(store_->List("acct_a", window)->leads.size(), 2u);

  LeadFilter bad;
  bad.cursor = "garbage";
  auto err = store_->List("acct_a", bad);
  ASSERT_FALSE(err);
  EXPECT_EQ(err.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_TRUE(err.error().message.starts_with("cursor:"));
  bad.cursor.clear();
  bad.limit = 0;
  EXPECT_TRUE(store_->List("acct_a", bad).error().message.starts_with("limit:"));
}

TEST_P(LeadStoreTest, ChannelsFeedbackAndPayloadDeletion) {
  LeadRecord l = Lead("acct_a", "cmp_1", "hn:1", 1000, 80);
  ASSERT_TRUE(store_->Insert(l));
  EXPECT_FALSE(l.AllChannelsCompleted());
  ASSERT_TRUE(store_->SetChannel(l.id, Channel::kWebhook, "done", 2000));
  ASSERT_TRUE(store_->SetChannel(l.id, Channel::kApi, "done", 2001));
  auto got = *store_->Get("acct_a", l.id);
  EXPECT_EQ(got->channels.webhook, "done");
  EXPECT_TRUE(got->AllChannelsCompleted());
  got->channels.portal = "shown";
  EXPECT_FALSE(got->AllChannelsCompleted());  // shown in the portal: kept until dismissed
  EXPECT_EQ(store_->SetChannel("ld_missing", Channel::kApi, "done", 1).error().code,
            core::ErrorCode::kNotFound);

  ASSERT_TRUE(store_->SetFeedback("acct_a", l.id, "contacted", 3000));
  EXPECT_EQ((*store_->Get("acct_a", l.id))->feedback, "contacted");
  EXPECT_EQ(store_->SetFeedback("acct_a", l.id, "spam", 3000).error().code,
            core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(store_->SetFeedback("acct_b", l.id, "contacted", 3000).error().code,
            core::ErrorCode::kNotFound);

  EXPECT_TRUE(store_->PayloadsDue(l.payload_expires_at_ms - 1, 10)->empty());
  EXPECT_EQ(*store_->PayloadsDue(l.payload_expires_at_ms, 10), std::vector<std::string>{l.id});
  ASSERT_TRUE(store_->MarkPayloadDeleted(l.id, 4000));
  ASSERT_TRUE(store_->MarkPayloadDeleted(l.id, 5000));  // the first time is kept
  EXPECT_EQ((*store_->Get("acct_a", l.id))->payload_deleted_at_ms, 4000);
  EXPECT_TRUE(store_->PayloadsDue(l.payload_expires_at_ms, 10)->empty());
}


TEST_P(LeadStoreTest, ThePayloadGoesWhenNoChannelNeedsItAnyMore) {
  store::MemoryKeyValue kv(clock_);
  PayloadStore payloads(kv);
  LeadService service(*store_, payloads, clock_);
  const LeadRecord l = Lead("acct_a", "cmp_1", "hn:1", 1000, 80);  // webhook + api pending
  ASSERT_TRUE(store_->Insert(l));
  ASSERT_TRUE(payloads.Put(l.id, R"({"signal":{"author":"alice"}})"));

  auto view = service.Get("acct_a", l.id);
  ASSERT_TRUE(view) << view.error().message;
  ASSERT_TRUE(view->payload_json.has_value());
  EXPECT_EQ(service.Get("acct_b", l.id).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(service.Acknowledge("acct_b", l.id).error().code, core::ErrorCode::kNotFound);

  auto acked = service.Acknowledge("acct_a", l.id);
  ASSERT_TRUE(acked) << acked.error().message;
  EXPECT_EQ(acked->channels.api, "done");
  EXPECT_FALSE(acked->payload_deleted_at_ms.has_value());  // the webhook still needs it
  EXPECT_TRUE(payloads.Get(l.id)->has_value());

  clock_.Advance(std::chrono::seconds(5));
  ASSERT_TRUE(service.CompleteChannel(l.id, Channel::kWebhook, "done"));
  view = service.Get("acct_a", l.id);
  ASSERT_TRUE(view);
  EXPECT_TRUE(view->record.payload_deleted_at_ms.has_value());
  EXPECT_FALSE(view->payload_json.has_value());
  EXPECT_FALSE(payloads.Get(l.id)->has_value());
  EXPECT_TRUE(service.Acknowledge("acct_a", l.id));  // idempotent

  // A lead shown in the portal stays until it is dismissed.
  LeadRecord portal = Lead("acct_a", "cmp_2", "hn:2", 2000, 70);
  portal.channels = ChannelStatus{};
  portal.channels.portal = "shown";
  ASSERT_TRUE(store_->Insert(portal));
  ASSERT_TRUE(payloads.Put(portal.id, "{}"));
  auto fb = service.SetFeedback("acct_a", portal.id, "not_relevant");
  ASSERT_TRUE(fb);
  EXPECT_EQ(fb->feedback, "not_relevant");
  EXPECT_FALSE(fb->payload_deleted_at_ms.has_value());
  auto dismissed = service.Dismiss("acct_a", portal.id);
  ASSERT_TRUE(dismissed);
  EXPECT_EQ(dismissed->channels.portal, "dismissed");
  EXPECT_TRUE(dismissed->payload_deleted_at_ms.has_value());
  EXPECT_FALSE(payloads.Get(portal.id)->has_value());
}

TEST_P(LeadStoreTest, TheSweepMarksPayloadsWhose30DaysRanOut) {
  store::MemoryKeyValue kv(clock_);
  PayloadStore payloads(kv);
  LeadService service(*store_, payloads, clock_);
  const int64_t now = clock_.NowUnixMillis();
  LeadRecord l = Lead("acct_a", "cmp_1", "hn:1", now, 80);
  ASSERT_TRUE(store_->Insert(l));
  ASSERT_TRUE(payloads.Put(l.id, "{}"));
  EXPECT_EQ(*service.SweepExpired(), 0);
  clock_.Advance(std::chrono::hours(24 * 30) + std::chrono::seconds(1));
  EXPECT_EQ(*service.SweepExpired(), 1);
  EXPECT_FALSE(payloads.Get(l.id)->has_value());
  EXPECT_TRUE((*store_->Get("acct_a", l.id))->payload_deleted_at_ms.has_value());
  EXPECT_EQ(*service.SweepExpired(), 0);
}

// Billing (issue 8): a held lead is stored but hidden from the client and the digest until it is
// released; a delivery outcome reaches the listener (delivered on the first successful channel,
// undeliverable when every channel finished without one).
TEST_P(LeadStoreTest, HeldLeadsAreHiddenUntilReleased) {
  store::MemoryKeyValue kv(clock_);
  PayloadStore payloads(kv);
  LeadService service(*store_, payloads, clock_);
  LeadRecord l = Lead("acct_a", "cmp_1", "hn:held", 1000, 80);
  l.channels.digest = "pending";
  l.held = true;
  ASSERT_TRUE(store_->Insert(l));
  ASSERT_TRUE(payloads.Put(l.id, R"({"signal":{"author":"alice"}})"));
  EXPECT_TRUE(store_->List("acct_a", LeadFilter{})->leads.empty());
  EXPECT_EQ(service.Get("acct_a", l.id).error().code, core::ErrorCode::kNotFound);
  EXPECT_TRUE(store_->DigestBacklogs(10)->empty());
  EXPECT_TRUE(store_->PendingDigest("cmp_1", 5000, 10)->empty());
  auto internal = store_->Get("acct_a", l.id);
  ASSERT_TRUE(internal && internal->has_value());
  EXPECT_TRUE((*internal)->held);

  ASSERT_TRUE(store_->SetHeld(l.id, false, 2000));
  EXPECT_EQ(store_->List("acct_a", LeadFilter{})->leads.size(), 1u);
  EXPECT_TRUE(service.Get("acct_a", l.id));
  EXPECT_EQ(store_->PendingDigest("cmp_1", 5000, 10)->size(), 1u);
  EXPECT_EQ(store_->SetHeld("ld_nope", false, 2000).error().code, core::ErrorCode::kNotFound);
}

class RecordingOutcomes final : public LeadOutcomeListener {
 public:
  core::Status LeadDelivered(const LeadRecord& l) override {
    delivered.push_back(l.id);
    return core::Ok();
  }
  core::Status LeadUndeliverable(const LeadRecord& l) override {
    undeliverable.push_back(l.id);
    return core::Ok();
  }
  std::vector<std::string> delivered, undeliverable;
};

TEST_P(LeadStoreTest, TheOutcomeListenerHearsDeliveredAndUndeliverable) {
  store::MemoryKeyValue kv(clock_);
  PayloadStore payloads(kv);
  LeadService service(*store_, payloads, clock_);
  RecordingOutcomes outcomes;
  service.SetOutcomeListener(&outcomes);
  LeadRecord failed = Lead("acct_a", "cmp_1", "hn:f", 1000, 80);
  failed.channels.api = "off";  // webhook only
  LeadRecord done = Lead("acct_a", "cmp_1", "hn:d", 1000, 80);  // webhook + api
  ASSERT_TRUE(store_->Insert(failed));
  ASSERT_TRUE(store_->Insert(done));
  ASSERT_TRUE(service.CompleteChannel(failed.id, Channel::kWebhook, "failed"));
  EXPECT_EQ(outcomes.undeliverable, std::vector<std::string>{failed.id});
  ASSERT_TRUE(service.CompleteChannel(done.id, Channel::kWebhook, "failed"));
  EXPECT_TRUE(outcomes.delivered.empty()) << "the API channel may still deliver it";
  EXPECT_EQ(outcomes.undeliverable.size(), 1u);
  ASSERT_TRUE(service.Acknowledge("acct_a", done.id));
  EXPECT_EQ(outcomes.delivered, std::vector<std::string>{done.id});
}

INSTANTIATE_TEST_SUITE_P(Backends, LeadStoreTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return std::string(store::DialectName(info.param)); });

}  // namespace
}  // namespace leados::pipeline
