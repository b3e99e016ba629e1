// The dispatcher end to end on both backends with a manual clock: a receiver that is down then
// recovers gets every delivery with a stable webhook-id; attempts are recorded without bodies;
// Retry-After, 410 and the five-day rule (with the owner's email); rotation overlap; SSRF at send
// time; replay; expired payloads; leases between two dispatchers.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "deliver/deliver_test_fixture.h"
#include "deliver/standard_webhooks.h"
#include "fixture_server.h"

namespace leados::deliver::testing {
namespace {

using namespace std::chrono;
using test_support::FixtureResponse;
using test_support::FixtureServer;

class DispatcherTest : public DeliverFixture {
 protected:
  // A real CurlHttpClient allowed to reach the fixture server only.
  void UseServer(FixtureServer& server) {
    curl_ = std::make_unique<ingest::CurlHttpClient>(ingest::CurlHttpClientOptions{
        .ssrf = {.allowed_endpoints = {"127.0.0.1:" + std::to_string(server.port())}}});
    UseHttp(*curl_);
  }
  Delivery Get(const std::string& id) {
    auto d = deliveries_->Get(kAccount, id);
    EXPECT_TRUE(d) << d.error().message;
    return d ? *d : Delivery{};
  }
  std::vector<Attempt> AttemptsOf(const std::string& id) {
    auto a = deliveries_->Attempts(kAccount, id);
    EXPECT_TRUE(a);
    return a ? *a : std::vector<Attempt>{};
  }
  // Every text value of the webhook tables, for "no personal data in SQL" checks.
  std::string DumpWebhookTables() {
    std::string all;
    for (const char* table :
         {"webhook_endpoints", "webhook_deliveries", "webhook_attempts", "notify_outbox"}) {
      auto rows = db_->Query(std::string("SELECT * FROM ") + table);
      EXPECT_TRUE(rows);
      for (const auto& r : *rows) {
        for (size_t i = 0; i < r.size(); ++i) all += r.Text(i) + "|";
      }
    }
    return all;
  }
  std::unique_ptr<ingest::CurlHttpClient> curl_;
};

TEST_P(DispatcherTest, ReceiverDownThenUpGetsEverythingWithTheSameWebhookIds) {
  FixtureServer server;
  UseServer(server);
  FixtureResponse down{.status = 500, .body = "database on fire"};
  FixtureResponse up{.status = 200, .body = "ok"};
  server.Route("/hook", {down, down, down, down, down, down, up});
  auto ep = MakeEndpoint(server.Url("/hook"));
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    auto made = EnqueueLead("lead_" + std::to_string(i), "Ada Lovelace " + std::to_string(i));
    ASSERT_EQ(made.size(), 1u);
    ids.push_back(made[0]);
  }
  EXPECT_EQ(Drain(), 3);  // all fail
  for (const auto& id : ids) EXPECT_EQ(Get(id).status, "failed");
  clock_.Advance(seconds(4));
  EXPECT_EQ(Drain(), 0) << "not due before ~5 s";
  clock_.Advance(seconds(2));
  EXPECT_EQ(Drain(), 3);  // fail again
  clock_.Advance(minutes(5) + seconds(1));
  EXPECT_EQ(Drain(), 3);  // the receiver is back
  std::map<std::string, std::set<std::string>> bodies_by_id;
  auto requests = server.RequestsFor("/hook");
  ASSERT_EQ(requests.size(), 9u);
  for (const auto& r : requests) {
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.Header("content-type"), "application/json");
    EXPECT_EQ(r.Header("user-agent"), "LeadOS-Webhooks/1");
    WebhookHeaders h{r.Header("webhook-id"), r.Header("webhook-timestamp"),
                     r.Header("webhook-signature")};
    EXPECT_TRUE(VerifyWebhook(ep.secret, h, r.body, clock_.Now(), hours(1)));
    bodies_by_id[h.id].insert(r.body);
  }
  ASSERT_EQ(bodies_by_id.size(), 3u);
  for (const auto& id : ids) {
    ASSERT_TRUE(bodies_by_id.contains(id)) << id;
    EXPECT_EQ(bodies_by_id[id].size(), 1u) << "the same body on every attempt";
    Delivery d = Get(id);
    EXPECT_EQ(d.status, "succeeded");
    EXPECT_EQ(d.attempt_count, 3);
    auto attempts = AttemptsOf(id);
    ASSERT_EQ(attempts.size(), 3u);
    EXPECT_EQ(attempts[0].http_status, 500);
    EXPECT_EQ(attempts[0].error_class, "http_5xx");
    EXPECT_EQ(attempts[0].response_excerpt, "database on fire");
    EXPECT_EQ(attempts[2].http_status, 200);
    EXPECT_FALSE(attempts[2].error_class);
  }
  const std::string dump = DumpWebhookTables();
  EXPECT_EQ(dump.find("Ada Lovelace"), std::string::npos) << "a lead's name reached SQL";
  EXPECT_EQ(dump.find(ep.secret.substr(6)), std::string::npos) << "a plain secret reached SQL";
  auto healthy = endpoints_->Get(kAccount, ep.endpoint.id);
  EXPECT_FALSE(healthy->failing_since_ms) << "a success ends the failing streak";
}

TEST_P(DispatcherTest, RetryAfterIsHonouredAndGoneDisablesTheEndpoint) {
  auto ep = MakeEndpoint("https://hooks.example.com/h");
  auto watcher = MakeEndpoint("https://hooks.example.com/watch", {"endpoint.disabled"});
  fake_http_.EnqueueResponse("https://hooks.example.com/h", 503, "busy",
                             ingest::HttpHeaders{{"Retry-After", "120"}});
  fake_http_.EnqueueResponse("https://hooks.example.com/h", 410, "gone");
  fake_http_.EnqueueResponse("https://hooks.example.com/watch", 200, "ok");
  auto id = EnqueueLead("lead_1", "Grace Hopper")[0];
  EXPECT_EQ(Drain(), 1);
  Delivery d = Get(id);
  EXPECT_EQ(d.status, "failed");
  EXPECT_EQ(d.next_attempt_at_ms, clock_.NowUnixMillis() + 120'000);
  clock_.Advance(seconds(121));
  EXPECT_EQ(Drain(), 2);  // the 410, then the endpoint.disabled event to the watcher
  d = Get(id);
  EXPECT_EQ(d.status, "dead");
  auto disabled = endpoints_->Get(kAccount, ep.endpoint.id);
  EXPECT_FALSE(disabled->enabled);
  EXPECT_EQ(disabled->disabled_reason, "the endpoint answered 410 Gone");
  auto emails = OutboxEmails("delivery_failures");
  ASSERT_EQ(emails.size(), 1u);
  EXPECT_EQ(emails[0].first, kOwnerEmail);
  EXPECT_NE(emails[0].second.find("https://hooks.example.com/h"), std::string::npos);
  EXPECT_EQ(emails[0].second.find("Grace Hopper"), std::string::npos);
  auto to_watcher = deliveries_->List(kAccount, {.endpoint_id = watcher.endpoint.id});
  ASSERT_TRUE(to_watcher);
  ASSERT_EQ(to_watcher->deliveries.size(), 1u);
  EXPECT_EQ(to_watcher->deliveries[0].event_type, "endpoint.disabled");
  EXPECT_EQ(to_watcher->deliveries[0].status, "succeeded");
  // A disabled endpoint gets no new deliveries.
  EXPECT_TRUE(EnqueueLead("lead_2", "x").empty());
}

TEST_P(DispatcherTest, FailingForFiveDaysDisablesAndEmailsTheOwnersOnce) {
  auto ep = MakeEndpoint("https://hooks.example.com/h");
  fake_http_.EnqueueResponse("https://hooks.example.com/h", 500, "");
  const int64_t start_ms = clock_.NowUnixMillis();
  EnqueueLead("lead_1", "Ada");
  Drain();
  EXPECT_EQ(endpoints_->Get(kAccount, ep.endpoint.id)->failing_since_ms, start_ms);
  // Every retry of the first delivery fails over the next day and a bit; still enabled.
  for (int i = 0; i < 8; ++i) {
    clock_.Advance(hours(11));
    Drain();
  }
  EXPECT_TRUE(endpoints_->Get(kAccount, ep.endpoint.id)->enabled);
  EXPECT_TRUE(OutboxEmails("delivery_failures").empty());
  clock_.Set(core::TimePoint(milliseconds(start_ms)) + hours(24 * 5));
  EnqueueLead("lead_2", "Bo");
  Drain();
  auto disabled = endpoints_->Get(kAccount, ep.endpoint.id);
  EXPECT_FALSE(disabled->enabled);
  EXPECT_EQ(disabled->disabled_reason, "every delivery failed for 5 days");
  auto emails = OutboxEmails("delivery_failures");
  ASSERT_EQ(emails.size(), 1u);
  EXPECT_NE(emails[0].second.find("Failing since: 2026-01-01T00:00:00Z"), std::string::npos)
      << emails[0].second;
  EXPECT_NE(emails[0].second.find("Last error: http_5xx (HTTP 500)"), std::string::npos);
  EXPECT_NE(emails[0].second.find("\"enabled\": true"), std::string::npos);
}

TEST_P(DispatcherTest, DuringRotationBothSignaturesAreSentAndBothVerify) {
  FixtureServer server;
  UseServer(server);
  server.Route("/hook", FixtureResponse{.status = 204});
  auto ep = MakeEndpoint(server.Url("/hook"));
  auto rotated = endpoints_->RotateSecret(kAccount, ep.endpoint.id);
  ASSERT_TRUE(rotated);
  EnqueueLead("lead_1", "Ada");
  Drain();
  clock_.Advance(hours(25));
  EnqueueLead("lead_2", "Bo");
  Drain();
  auto requests = server.RequestsFor("/hook");
  ASSERT_EQ(requests.size(), 2u);
  const auto& during = requests[0];
  const std::string sig = during.Header("webhook-signature");
  EXPECT_EQ(std::count(sig.begin(), sig.end(), ' '), 1) << sig;
  WebhookHeaders h{during.Header("webhook-id"), during.Header("webhook-timestamp"), sig};
  const auto sent_at = clock_.Now() - hours(25);
  EXPECT_TRUE(VerifyWebhook(ep.secret, h, during.body, sent_at));
  EXPECT_TRUE(VerifyWebhook(rotated->secret, h, during.body, sent_at));
  const auto& after = requests[1];
  WebhookHeaders h2{after.Header("webhook-id"), after.Header("webhook-timestamp"),
                    after.Header("webhook-signature")};
  EXPECT_EQ(h2.signature.find(' '), std::string::npos) << "the overlap is over";
  EXPECT_TRUE(VerifyWebhook(rotated->secret, h2, after.body, clock_.Now()));
  EXPECT_FALSE(VerifyWebhook(ep.secret, h2, after.body, clock_.Now()));
}

TEST_P(DispatcherTest, AnAddressThatTurnedPrivateIsRefusedAtSendTime) {
  Resolve("rebind.example.com", {"93.184.216.34"});
  auto ep = MakeEndpoint("https://rebind.example.com/h");
  Resolve("rebind.example.com", {"169.254.169.254"});
  auto id = EnqueueLead("lead_1", "Ada")[0];
  Drain();
  EXPECT_TRUE(fake_http_.requests().empty()) << "nothing may be sent to the metadata address";
  auto attempts = AttemptsOf(id);
  ASSERT_EQ(attempts.size(), 1u);
  EXPECT_EQ(attempts[0].error_class, "blocked_private");
  EXPECT_FALSE(attempts[0].http_status);
  EXPECT_EQ(Get(id).status, "failed");
}

TEST_P(DispatcherTest, ALeadHandedOverTwiceKeepsItsDeliveriesAndTheFinalHookFires) {
  FixtureServer server;
  UseServer(server);
  server.Route("/hook", FixtureResponse{.status = 200, .body = "ok"});
  server.Route("/hook2", FixtureResponse{.status = 410, .body = "gone"});
  MakeEndpoint(server.Url("/hook"));
  MakeEndpoint(server.Url("/hook2"));
  std::vector<std::pair<std::string, std::string>> finals;
  recorder_->SetOnFinal([&](const Delivery& d, std::string_view status) {
    finals.emplace_back(d.lead_id.value_or(""), std::string(status));
  });
  auto first = EnqueueLead("lead_1", "Ada");
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(EnqueueLead("lead_1", "Ada"), first);  // the same deliveries, the same webhook-ids
  auto count = fresh_->db().Query("SELECT COUNT(*) FROM webhook_deliveries");
  EXPECT_EQ(count->front().Int(0), 2);
  Drain();
  std::sort(finals.begin(), finals.end());
  EXPECT_EQ(finals, (std::vector<std::pair<std::string, std::string>>{{"lead_1", "dead"},
                                                                       {"lead_1", "succeeded"}}));
}

TEST_P(DispatcherTest, ReplayResendsWithTheSameWebhookIdAndBody) {
  auto ep = MakeEndpoint("https://hooks.example.com/h");
  fake_http_.EnqueueResponse("https://hooks.example.com/h", 200, "ok");
  auto id = EnqueueLead("lead_1", "Ada")[0];
  Drain();
  ASSERT_EQ(Get(id).status, "succeeded");
  auto replayed = service_->Replay(kAccount, id);
  ASSERT_TRUE(replayed) << replayed.error().message;
  EXPECT_EQ(replayed->status, "pending");
  clock_.Advance(seconds(1));
  Drain();
  auto reqs = fake_http_.requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].headers.Get("webhook-id"), id);
  EXPECT_EQ(reqs[1].headers.Get("webhook-id"), id);
  EXPECT_EQ(reqs[0].body, reqs[1].body);
  EXPECT_EQ(AttemptsOf(id).size(), 2u);
  EXPECT_EQ(Get(id).attempt_count, 2);
  // Replay everything since a time; another account's delivery is not found.
  EnqueueLead("lead_2", "Bo");
  Drain();
  auto n = service_->ReplaySince(kAccount, ep.endpoint.id, 0);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 2);
  EXPECT_EQ(Drain(), 2);
  EXPECT_EQ(service_->Replay(kOtherAccount, id).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(service_->ReplaySince(kOtherAccount, ep.endpoint.id, 0).error().code,
            core::ErrorCode::kNotFound);
}

TEST_P(DispatcherTest, AnExpiredPayloadMakesTheDeliveryDeadWithAClearReason) {
  MakeEndpoint("https://hooks.example.com/h");
  fake_http_.EnqueueResponse("https://hooks.example.com/h", 500, "");
  auto id = EnqueueLead("lead_1", "Ada")[0];
  Drain();
  clock_.Advance(hours(24 * 31));
  auto refused = service_->Replay(kAccount, id);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::kFailedPrecondition);
  Drain();
  Delivery d = Get(id);
  EXPECT_EQ(d.status, "dead");
  EXPECT_EQ(d.last_error, "the payload expired before it could be delivered");
}

TEST_P(DispatcherTest, TestEventCarriesNoPersonalDataAndReachesTheEndpoint) {
  auto ep = MakeEndpoint("https://hooks.example.com/h");
  fake_http_.EnqueueResponse("https://hooks.example.com/h", 200, "ok");
  auto d = service_->SendTest(kAccount, ep.endpoint.id);
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->event_type, "webhook.test");
  Drain();
  auto reqs = fake_http_.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_NE(reqs[0].body.find(R"("type":"webhook.test")"), std::string::npos) << reqs[0].body;
  EXPECT_EQ(service_->SendTest(kOtherAccount, ep.endpoint.id).error().code,
            core::ErrorCode::kNotFound);
}

TEST_P(DispatcherTest, TwoDispatchersNeverHoldTheSameDeliveryAndLeasesRunOut) {
  auto ep = MakeEndpoint("https://hooks.example.com/h");
  for (int i = 0; i < 5; ++i) EnqueueLead("lead_" + std::to_string(i), "x");
  auto a = deliveries_->Claim(ep.endpoint.id, "A", 3, seconds(60));
  auto b = deliveries_->Claim(ep.endpoint.id, "B", 10, seconds(60));
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->size(), 3u);
  EXPECT_EQ(b->size(), 2u);
  std::set<std::string> ids;
  for (const auto& d : *a) ids.insert(d.id);
  for (const auto& d : *b) ids.insert(d.id);
  EXPECT_EQ(ids.size(), 5u);
  EXPECT_TRUE(deliveries_->Claim(ep.endpoint.id, "C", 10, seconds(60))->empty());
  clock_.Advance(seconds(61));  // A and B died
  EXPECT_EQ(deliveries_->Claim(ep.endpoint.id, "C", 10, seconds(60))->size(), 5u);
}

TEST_P(DispatcherTest, PerEndpointConcurrencyAndRateLimitsBoundARound) {
  MakeEndpoint("https://hooks.example.com/h");
  fake_http_.EnqueueResponse("https://hooks.example.com/h", 200, "ok");
  for (int i = 0; i < 30; ++i) EnqueueLead("lead_" + std::to_string(i), "x");
  auto first = dispatcher_->RunOnce();
  ASSERT_TRUE(first);
  EXPECT_EQ(*first, 4) << "concurrency 4 per endpoint";
  int sent = 4;
  for (int i = 0; i < 10; ++i) sent += *dispatcher_->RunOnce();
  EXPECT_EQ(sent, 10) << "10 per second while the clock stands still";
  for (int s = 0; s < 2; ++s) {
    clock_.Advance(seconds(1));
    EXPECT_EQ(Drain(), 10) << "second " << s + 1;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, DispatcherTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         DialectName);

}  // namespace
}  // namespace leados::deliver::testing
