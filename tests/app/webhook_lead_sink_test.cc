// WebhookLeadSink with the real deliver module and lead service on both backends: a lead that goes
// to two endpoints keeps its webhook channel open until BOTH deliveries are final, then closes it
// "done" (one endpoint got it) or "failed" (none did), and the lead's payload is released then.
#include "app/webhook_lead_sink.h"

#include <gtest/gtest.h>

#include "deliver/deliver_test_fixture.h"
#include "pipeline/lead_service.h"
#include "pipeline/lead_store.h"
#include "pipeline/payload_store.h"

namespace leados::app {
namespace {

using namespace std::chrono;
using deliver::testing::DialectName;
using deliver::testing::kAccount;

class WebhookLeadSinkTest : public deliver::testing::DeliverFixture {
 protected:
  void SetUp() override {
    DeliverFixture::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    leads_ = std::make_unique<pipeline::LeadStore>(*db_);
    payloads_ = std::make_unique<pipeline::PayloadStore>(*kv_);
    lead_service_ = std::make_unique<pipeline::LeadService>(*leads_, *payloads_, clock_);
    sink_ = std::make_unique<WebhookLeadSink>(*service_, *dispatcher_, *lead_service_);
    sink_->ConnectCompletion(*recorder_);
  }

  // A lead whose only open channel is the webhook, with its payload stored.
  pipeline::LeadRecord HandOver(const std::string& key) {
    pipeline::LeadRecord l;
    l.id = pipeline::LeadIdFor(kAccount, "cmp_1", key);
    l.account_id = kAccount;
    l.campaign_id = "cmp_1";
    l.fingerprint = std::string(64, 'f');
    l.score = 80;
    l.intent_class = "seeking";
    l.source_kind = "hn";
    l.created_at_ms = clock_.NowUnixMillis();
    l.payload_expires_at_ms = l.created_at_ms + 30LL * 24 * 3600 * 1000;
    l.channels.webhook = "pending";
    l.updated_at_ms = l.created_at_ms;
    const std::string payload = R"({"author":{"name":"Ada Lovelace"}})";
    EXPECT_TRUE(leads_->Insert(l));
    EXPECT_TRUE(payloads_->Put(l.id, payload));
    EXPECT_TRUE(sink_->LeadCreated(l, payload));
    return l;
  }

  pipeline::LeadView View(const std::string& id) {
    auto v = lead_service_->Get(kAccount, id);
    EXPECT_TRUE(v) << v.error().message;
    return v ? *v : pipeline::LeadView{};
  }

  // Advances the clock until the retry schedule ran out (8 attempts over ~28 h).
  void RunOutTheSchedule() {
    for (int i = 0; i < 10; ++i) {
      clock_.Advance(hours(11));
      Drain();
    }
  }

  std::unique_ptr<pipeline::LeadStore> leads_;
  std::unique_ptr<pipeline::PayloadStore> payloads_;
  std::unique_ptr<pipeline::LeadService> lead_service_;
  std::unique_ptr<WebhookLeadSink> sink_;
};

TEST_P(WebhookLeadSinkTest, TheChannelClosesWhenTheLastDeliveryIsFinal) {
  MakeEndpoint("https://hooks.example.com/ok");
  MakeEndpoint("https://hooks.example.com/failing");
  fake_http_.EnqueueResponse("https://hooks.example.com/ok", 200, "ok");
  fake_http_.EnqueueResponse("https://hooks.example.com/failing", 503, "down");
  auto lead = HandOver("hn:1");
  Drain();
  auto view = View(lead.id);
  EXPECT_EQ(view.record.channels.webhook, "pending")
      << "one endpoint has it, the other is still being retried";
  EXPECT_TRUE(view.payload_json) << "the lead payload stays while a delivery is open";
  RunOutTheSchedule();
  view = View(lead.id);
  EXPECT_EQ(view.record.channels.webhook, "done") << "at least one endpoint received the lead";
  EXPECT_FALSE(view.payload_json) << "no channel needs the payload any more";
}

TEST_P(WebhookLeadSinkTest, EveryDeliveryDeadClosesTheChannelFailed) {
  MakeEndpoint("https://hooks.example.com/a");
  MakeEndpoint("https://hooks.example.com/b");
  fake_http_.EnqueueResponse("https://hooks.example.com/a", 410, "gone");
  fake_http_.EnqueueResponse("https://hooks.example.com/b", 500, "down");
  auto lead = HandOver("hn:2");
  Drain();
  EXPECT_EQ(View(lead.id).record.channels.webhook, "pending");
  RunOutTheSchedule();
  EXPECT_EQ(View(lead.id).record.channels.webhook, "failed");
}

INSTANTIATE_TEST_SUITE_P(Backends, WebhookLeadSinkTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         DialectName);

}  // namespace
}  // namespace leados::app
