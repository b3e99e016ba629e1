// A lead's credits over the real delivery path (issue 8): the pipeline's ports on billing
// (src/app/billing_charger.h) with the real LeadService, WebhookLeadSink, deliver module and
// ledger, on SQLite and PostgreSQL. A lead that no endpoint could receive (every delivery dead)
// is refunded and the balance is restored; a delivered lead is committed and stays paid; a lead
// whose campaign has no way to reach the client (no endpoint subscribed) is refunded at once.
#include <gtest/gtest.h>

#include "app/billing_charger.h"
#include "app/lead_reconciler.h"
#include "app/webhook_lead_sink.h"
#include "billing/charges.h"
#include "billing/credit_alerts.h"
#include "billing/ledger.h"
#include "deliver/deliver_test_fixture.h"
#include "notify/outbox.h"
#include "notify/templates.h"
#include "pipeline/lead_service.h"
#include "pipeline/lead_store.h"
#include "pipeline/payload_store.h"

namespace leados::app {
namespace {

using deliver::testing::DialectName;
using deliver::testing::kAccount;
using std::chrono::hours;

class NoCampaigns final : public pipeline::CampaignLookup {
 public:
  std::shared_ptr<const pipeline::ActiveCampaign> Find(std::string_view) const override {
    return nullptr;
  }
};

class BillingOutcomesTest : public deliver::testing::DeliverFixture {
 protected:
  void SetUp() override {
    DeliverFixture::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    leads_ = std::make_unique<pipeline::LeadStore>(*db_);
    payloads_ = std::make_unique<pipeline::PayloadStore>(*kv_);
    lead_service_ = std::make_unique<pipeline::LeadService>(*leads_, *payloads_, clock_);
    sink_ = std::make_unique<WebhookLeadSink>(*service_, *dispatcher_, *lead_service_);
    sink_->ConnectCompletion(*recorder_);
    ledger_ = std::make_unique<billing::Ledger>(*db_, clock_);
    auto prices = billing::PriceList::Parse(2, "", "");
    ASSERT_TRUE(prices);
    charges_ = std::make_unique<billing::ChargeService>(*db_, clock_, *ledger_, *prices,
                                                        billing::ChargeOptions{}, nullptr);
    charger_ = std::make_unique<BillingCharger>(*charges_, campaigns_);
    outcomes_ = std::make_unique<BillingOutcomes>(*charges_);
    lead_service_->SetOutcomeListener(outcomes_.get());
    ASSERT_TRUE(ledger_->Append({kAccount, 10, billing::EntryReason::kPurchase, "p", "buy"}));
  }

  // What LeadProcessor does with a new lead whose only channel is the webhook: charge, store the
  // payload and the row, hand it to the sink.
  pipeline::LeadRecord MakeLead(const std::string& key) {
    pipeline::LeadRecord l;
    l.id = pipeline::LeadIdFor(kAccount, "cmp_1", key);
    l.account_id = kAccount;
    l.campaign_id = "cmp_1";
    l.fingerprint = std::string(64, 'f');
    l.score = 80;
    l.intent_class = "seeking";
    l.source_kind = "hn";
    l.enrichment_level = "basic";
    l.created_at_ms = clock_.NowUnixMillis();
    l.payload_expires_at_ms = l.created_at_ms + 30LL * 24 * 3600 * 1000;
    l.channels.webhook = "pending";
    l.updated_at_ms = l.created_at_ms;
    auto charged = charger_->Reserve(l);
    EXPECT_TRUE(charged) << charged.error().message;
    EXPECT_EQ(*charged, pipeline::ChargeOutcome::kCharged);
    const std::string payload = R"({"author":{"name":"Ada Lovelace"}})";
    EXPECT_TRUE(payloads_->Put(l.id, payload));
    EXPECT_TRUE(leads_->Insert(l));
    auto handed = sink_->LeadCreated(l, payload);
    EXPECT_TRUE(handed) << handed.error().message;
    return l;
  }

  std::string StatusOf(const std::string& lead) {
    auto r = charges_->Get(lead);
    return r && *r ? (*r)->status : "none";
  }

  NoCampaigns campaigns_;
  std::unique_ptr<pipeline::LeadStore> leads_;
  std::unique_ptr<pipeline::PayloadStore> payloads_;
  std::unique_ptr<pipeline::LeadService> lead_service_;
  std::unique_ptr<WebhookLeadSink> sink_;
  std::unique_ptr<billing::Ledger> ledger_;
  std::unique_ptr<billing::ChargeService> charges_;
  std::unique_ptr<BillingCharger> charger_;
  std::unique_ptr<BillingOutcomes> outcomes_;
};

TEST_P(BillingOutcomesTest, AnUndeliverableLeadIsRefundedAndTheBalanceRestored) {
  MakeEndpoint("https://hooks.example.com/a");
  fake_http_.EnqueueResponse("https://hooks.example.com/a", 500, "down");
  auto lost = MakeLead("hn:lost");
  EXPECT_EQ(*ledger_->Balance(kAccount), 8);
  Drain();
  EXPECT_EQ(StatusOf(lost.id), "reserved");
  for (int i = 0; i < 10; ++i) {  // the retry schedule runs out (~28 h)
    clock_.Advance(hours(11));
    Drain();
  }
  auto view = lead_service_->Get(kAccount, lost.id);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->record.channels.webhook, "failed");
  EXPECT_EQ(StatusOf(lost.id), "refunded");
  EXPECT_EQ(*ledger_->Balance(kAccount), 10) << "the refund restores the balance";
  auto page = ledger_->List(kAccount, "", 1);
  EXPECT_EQ(page->entries[0].reason, billing::EntryReason::kRefund);
  EXPECT_EQ(page->entries[0].reference, lost.id);
  EXPECT_TRUE(ledger_->Verify()->clean());
}

TEST_P(BillingOutcomesTest, ADeliveredLeadIsCommittedAndStaysPaid) {
  MakeEndpoint("https://hooks.example.com/ok");
  fake_http_.EnqueueResponse("https://hooks.example.com/ok", 200, "ok");
  auto got = MakeLead("hn:got");
  Drain();
  EXPECT_EQ(StatusOf(got.id), "committed");
  EXPECT_EQ(*ledger_->Balance(kAccount), 8);
  EXPECT_TRUE(ledger_->Verify()->clean());
}

// A process killed between recording a delivery and closing the lead's channel (the completion
// hook) leaves the channel pending and the credits reserved; LeadReconciler finishes the job after
// its grace period. Also the second window: channel closed, credits not yet committed.
TEST_P(BillingOutcomesTest, TheReconcilerFinishesWhatAKilledProcessLeftHalfDone) {
  MakeEndpoint("https://hooks.example.com/ok");
  fake_http_.EnqueueResponse("https://hooks.example.com/ok", 200, "ok");
  fake_http_.EnqueueResponse("https://hooks.example.com/ok", 200, "ok");
  recorder_->SetOnEventFinal(nullptr);  // "killed" right after the delivery was recorded
  auto first = MakeLead("hn:first");
  auto second = MakeLead("hn:second");
  Drain();
  ASSERT_EQ(StatusOf(first.id), "reserved");
  // The second lead got past the channel change but not past billing.
  ASSERT_TRUE(leads_->SetChannel(second.id, pipeline::Channel::kWebhook, "done",
                                 clock_.NowUnixMillis()));

  LeadReconciler reconciler(*db_, *lead_service_, clock_, /*billing=*/true);
  auto early = reconciler.RunOnce();
  ASSERT_TRUE(early) << early.error().message;
  EXPECT_EQ(early->channels_closed + early->outcomes_told, 0) << "never before the grace period";
  EXPECT_EQ(StatusOf(first.id), "reserved");

  clock_.Advance(std::chrono::seconds(61));
  auto done = reconciler.RunOnce();
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->channels_closed, 1);
  EXPECT_GE(done->outcomes_told, 1);
  EXPECT_EQ(StatusOf(first.id), "committed");
  EXPECT_EQ(StatusOf(second.id), "committed");
  auto view = lead_service_->Get(kAccount, first.id);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->record.channels.webhook, "done");
  EXPECT_FALSE(view->payload_json.has_value()) << "the payload goes once no channel needs it";
  EXPECT_EQ(*ledger_->Balance(kAccount), 6);  // charged once each, no more
  EXPECT_TRUE(ledger_->Verify()->clean());
  auto again = reconciler.RunOnce();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->channels_closed + again->outcomes_told, 0);
}

// Usage (issue 9): a committed lead's credits are counted once as credits_consumed; a refunded
// lead consumes nothing.
class CapturedUsage final : public usage::UsageSink {
 public:
  void Record(usage::UsageEvent event) override { events.push_back(std::move(event)); }
  std::vector<usage::UsageEvent> events;
};

TEST_P(BillingOutcomesTest, ACommittedLeadCountsItsCreditsAsConsumedOnce) {
  CapturedUsage usage;
  outcomes_->SetUsageSink(&usage);
  MakeEndpoint("https://hooks.example.com/ok");
  fake_http_.EnqueueResponse("https://hooks.example.com/ok", 200, "ok");
  auto got = MakeLead("hn:got");
  Drain();
  ASSERT_EQ(StatusOf(got.id), "committed");
  ASSERT_EQ(usage.events.size(), 1u);
  EXPECT_EQ(usage.events[0].kind, usage::UsageKind::kCreditsConsumed);
  EXPECT_EQ(usage.events[0].account_id, kAccount);
  EXPECT_EQ(usage.events[0].quantity, 2);
  // Told again (at-least-once): the reservation is already committed, nothing more is counted.
  ASSERT_TRUE(outcomes_->LeadDelivered(got));
  EXPECT_EQ(usage.events.size(), 1u);
  // Refunded: not consumed.
  auto lost = MakeLead("hn:lost");
  ASSERT_TRUE(outcomes_->LeadUndeliverable(lost));
  EXPECT_EQ(StatusOf(lost.id), "refunded");
  EXPECT_EQ(usage.events.size(), 1u);
}

TEST_P(BillingOutcomesTest, NoSubscribedEndpointRefundsAtOnce) {
  auto lead = MakeLead("hn:nobody");
  EXPECT_EQ(StatusOf(lead.id), "refunded");
  EXPECT_EQ(*ledger_->Balance(kAccount), 10);
  // Asking again (a replayed signal) charges nothing more.
  auto again = charger_->Reserve(lead);
  ASSERT_TRUE(again);
  EXPECT_EQ(*ledger_->Balance(kAccount), 10);
}

// The low-credit crossing sends the credits.low webhook event (and the email) once.
TEST_P(BillingOutcomesTest, ALowCreditCrossingSendsTheCreditsLowWebhookEvent) {
  MakeEndpoint("https://hooks.example.com/billing", {"credits.low"});
  fake_http_.EnqueueResponse("https://hooks.example.com/billing", 200, "ok");
  notify::Outbox outbox(clock_);
  notify::EmailTemplates templates;
  billing::CreditAlertMailer mailer(
      outbox, templates,
      [](std::string_view) -> core::Result<std::vector<std::string>> {
        return std::vector<std::string>{"owner@example.com"};
      },
      "https://leados.example.com/billing", CreditsLowWebhook(*service_));
  billing::Ledger ledger(*db_, clock_, billing::LedgerOptions{8}, &mailer);
  ASSERT_TRUE(ledger.Append({kAccount, -1, billing::EntryReason::kLead, "l1", "lead:l1"}));  // 9
  EXPECT_TRUE(fake_http_.requests().empty());
  ASSERT_TRUE(ledger.Append({kAccount, -2, billing::EntryReason::kLead, "l2", "lead:l2"}));  // 7
  ASSERT_TRUE(ledger.Append({kAccount, -2, billing::EntryReason::kLead, "l3", "lead:l3"}));  // 5
  Drain();
  auto requests = fake_http_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_NE(requests[0].body.find("\"type\":\"credits.low\""), std::string::npos)
      << requests[0].body;
  EXPECT_NE(requests[0].body.find("\"balance\":7"), std::string::npos) << requests[0].body;
  EXPECT_EQ(OutboxEmails("credits_low").size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, BillingOutcomesTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         DialectName);

}  // namespace
}  // namespace leados::app
