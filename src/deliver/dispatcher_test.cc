// The dispatcher end to end on both backends with a manual clock: a receiver that is down then
// recovers gets every delivery with a stable webhook-id; attempts are recorded without bodies;
// Retry-After, 410 and the five-day rule (with the owner's email); rotation overlap; SSRF at send
// time; replay; expired payloads; leases between two dispatchers.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <thread>

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
  // The real transport (libcurl multi) to the fixture server on loopback.
  void UseServer(FixtureServer&, DispatcherOptions options = DefaultOptions()) {
    UseCurl(std::move(options));
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
  fake_http_.EnqueueResponse("https://hooks.example.com/h", 500, "down");
  fake_http_.EnqueueResponse("https://hooks.example.com/h", 200, "ok");
  fake_http_.EnqueueResponse("https://hooks.example.com/h", 500, "down again");
  auto id = EnqueueLead("lead_1", "Ada")[0];
  Drain();
  ASSERT_EQ(Get(id).status, "failed");
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
  EXPECT_EQ(Get(id).status, "succeeded");
  EXPECT_EQ(Get(id).attempt_count, 2);
  // Replay everything since a time: the succeeded delivery's body is gone (deleted once
  // delivered), so only the failing one goes again; another account's delivery is not found.
  auto failing = EnqueueLead("lead_2", "Bo")[0];
  Drain();
  ASSERT_EQ(Get(failing).status, "failed");
  auto n = service_->ReplaySince(kAccount, ep.endpoint.id, 0);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1);
  EXPECT_EQ(Get(failing).status, "pending");
  EXPECT_EQ(Get(id).status, "succeeded") << "a delivered delivery without a body is not touched";
  EXPECT_EQ(Drain(), 1);
  EXPECT_EQ(service_->Replay(kOtherAccount, id).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(service_->ReplaySince(kOtherAccount, ep.endpoint.id, 0).error().code,
            core::ErrorCode::kNotFound);
}

TEST_P(DispatcherTest, ABodyIsDeletedOnceEveryDeliveryOfItsEventSucceeded) {
  auto fast = MakeEndpoint("https://hooks.example.com/fast");
  auto slow = MakeEndpoint("https://hooks.example.com/slow");
  fake_http_.EnqueueResponse("https://hooks.example.com/fast", 200, "ok");
  fake_http_.EnqueueResponse("https://hooks.example.com/slow", 503, "later");
  fake_http_.EnqueueResponse("https://hooks.example.com/slow", 200, "ok");
  auto ids = EnqueueLead("lead_1", "Ada Lovelace");
  ASSERT_EQ(ids.size(), 2u);
  const std::string key = Get(ids[0]).payload_ref;
  EXPECT_EQ(key, Get(ids[1]).payload_ref) << "one body per event";
  Drain();
  ASSERT_TRUE(kv_->Get(key).value().has_value()) << "the slow endpoint still needs the body";
  clock_.Advance(seconds(6));
  Drain();
  for (const auto& id : ids) ASSERT_EQ(Get(id).status, "succeeded");
  EXPECT_FALSE(kv_->Get(key).value().has_value()) << "delivered everywhere: the body must go";
  // Replaying a delivered delivery now says why it cannot be sent (the API answers 422).
  auto refused = service_->Replay(kAccount, ids[0]);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_NE(refused.error().message.find("payload has expired"), std::string::npos)
      << refused.error().message;
}

TEST_P(DispatcherTest, ADeadDeliveryKeepsTheBodyForReplay) {
  MakeEndpoint("https://hooks.example.com/ok");
  MakeEndpoint("https://hooks.example.com/gone");
  fake_http_.EnqueueResponse("https://hooks.example.com/ok", 200, "ok");
  fake_http_.EnqueueResponse("https://hooks.example.com/gone", 410, "gone");
  auto ids = EnqueueLead("lead_1", "Ada");
  ASSERT_EQ(ids.size(), 2u);
  Drain();
  std::set<std::string> statuses{Get(ids[0]).status, Get(ids[1]).status};
  EXPECT_EQ(statuses, (std::set<std::string>{"succeeded", "dead"}));
  EXPECT_TRUE(kv_->Get(Get(ids[0]).payload_ref).value().has_value())
      << "kept until its TTL so the client can replay after fixing its endpoint";
  const std::string dead = Get(ids[0]).status == "dead" ? ids[0] : ids[1];
  EXPECT_TRUE(service_->Replay(kAccount, dead)) << "a dead delivery can be replayed";
}

TEST_P(DispatcherTest, TheEventHookFiresOnceTheLastDeliveryOfALeadIsFinal) {
  MakeEndpoint("https://hooks.example.com/ok");
  MakeEndpoint("https://hooks.example.com/failing");
  fake_http_.EnqueueResponse("https://hooks.example.com/ok", 200, "ok");
  fake_http_.EnqueueResponse("https://hooks.example.com/failing", 500, "down");
  std::vector<std::pair<std::string, EventProgress>> events;
  recorder_->SetOnEventFinal([&](const Delivery& d, const EventProgress& p) {
    events.emplace_back(d.lead_id.value_or(""), p);
  });
  auto ids = EnqueueLead("lead_1", "Ada");
  ASSERT_EQ(ids.size(), 2u);
  Drain();
  EXPECT_TRUE(events.empty()) << "one delivery succeeded, the other one is still retried";
  // The failing endpoint never recovers: its 8 attempts run out over about 28 hours.
  for (int i = 0; i < 10 && events.empty(); ++i) {
    clock_.Advance(hours(11));
    Drain();
  }
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].first, "lead_1");
  EXPECT_EQ(events[0].second.total, 2);
  EXPECT_EQ(events[0].second.succeeded, 1);
  EXPECT_EQ(events[0].second.dead, 1);
}

TEST_P(DispatcherTest, AnEventWhoseDeliveriesAllDiedEndsWithNothingDelivered) {
  MakeEndpoint("https://hooks.example.com/a");
  MakeEndpoint("https://hooks.example.com/b");
  fake_http_.EnqueueResponse("https://hooks.example.com/a", 410, "gone");
  fake_http_.EnqueueResponse("https://hooks.example.com/b", 500, "down");
  std::vector<EventProgress> events;
  recorder_->SetOnEventFinal([&](const Delivery&, const EventProgress& p) { events.push_back(p); });
  EnqueueLead("lead_1", "Ada");
  Drain();
  EXPECT_TRUE(events.empty()) << "b is still retried";
  for (int i = 0; i < 10 && events.empty(); ++i) {
    clock_.Advance(hours(11));
    Drain();
  }
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].total, 2);
  EXPECT_EQ(events[0].succeeded, 0);
  EXPECT_EQ(events[0].dead, 2);
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

// ---- the libcurl multi transport against a real receiver on loopback ----------------------------

TEST_P(DispatcherTest, ConnectionsAreKeptAliveAndReused) {
  FixtureServer server;
  UseServer(server, {.endpoint_rate_per_second = 0, .max_in_flight = 4});
  server.Route("/hook", FixtureResponse{.status = 200, .body = "ok"});
  MakeEndpoint(server.Url("/hook"));
  for (int i = 0; i < 20; ++i) EnqueueLead("lead_" + std::to_string(i), "x");
  EXPECT_EQ(Drain(), 20);
  EXPECT_EQ(server.RequestsFor("/hook").size(), 20u);
  EXPECT_LE(server.ConnectionsAccepted(), 4u)
      << "at most one connection per request in flight (4), then reused";
  EXPECT_EQ(deliveries_->List(kAccount, {.status = "succeeded", .limit = 100})->deliveries.size(),
            20u);
}

TEST_P(DispatcherTest, AHangingReceiverIsCutAtTheTimeout) {
  FixtureServer server;
  UseServer(server, {.request_timeout = milliseconds(300), .max_in_flight = 4});
  server.Route("/hang", FixtureResponse{.status = 200, .delay = seconds(20)});
  MakeEndpoint(server.Url("/hang"));
  auto id = EnqueueLead("lead_1", "Ada")[0];
  const auto start = steady_clock::now();
  EXPECT_EQ(Drain(), 1);
  EXPECT_LT(steady_clock::now() - start, seconds(5)) << "the request must end at its timeout";
  auto attempts = AttemptsOf(id);
  ASSERT_EQ(attempts.size(), 1u);
  EXPECT_EQ(attempts[0].error_class, "timeout");
  EXPECT_FALSE(attempts[0].http_status);
  EXPECT_NE(attempts[0].response_excerpt.find("timed out after 0.3 s"), std::string::npos)
      << attempts[0].response_excerpt;
  EXPECT_GE(attempts[0].latency_ms, 250);
  EXPECT_EQ(Get(id).status, "failed");
  EXPECT_EQ(Get(id).last_error, "timeout");
}

TEST_P(DispatcherTest, ManyEndpointsAreInFlightAtOnce) {
  FixtureServer server;
  UseServer(server, {.max_in_flight = 64});
  constexpr int kEndpoints = 16;
  for (int i = 0; i < kEndpoints; ++i) {
    const std::string path = "/slow/" + std::to_string(i);
    server.Route(path, FixtureResponse{.status = 204, .delay = milliseconds(1000)});
    MakeEndpoint(server.Url(path));
  }
  auto ids = EnqueueLead("lead_1", "Ada");
  ASSERT_EQ(ids.size(), static_cast<size_t>(kEndpoints));
  const auto start = steady_clock::now();
  EXPECT_EQ(Drain(), kEndpoints);
  // One after another would take 16 s.
  EXPECT_LT(steady_clock::now() - start, seconds(6));
  EXPECT_EQ(server.ConnectionsAccepted(), static_cast<size_t>(kEndpoints));
  for (const auto& id : ids) EXPECT_EQ(Get(id).status, "succeeded");
}

TEST_P(DispatcherTest, TheLoopDoesNotWaitForASlowEndpoint) {
  FixtureServer server;
  UseServer(server, {.poll_interval = milliseconds(50), .stop_grace = milliseconds(100)});
  server.Route("/slow", FixtureResponse{.status = 200, .delay = seconds(10)});
  server.Route("/fast", FixtureResponse{.status = 200});
  const std::string slow = MakeEndpoint(server.Url("/slow")).endpoint.id;
  MakeEndpoint(server.Url("/fast"));
  // Enqueue answers the deliveries in endpoint order: [slow, fast].
  dispatcher_->Start();
  auto first = EnqueueLead("lead_1", "Ada");
  dispatcher_->Wake();
  ASSERT_TRUE(server.WaitForRequests(2, seconds(5)));
  auto second = EnqueueLead("lead_2", "Bo");
  dispatcher_->Wake();
  // lead_2 is delivered to /fast while /slow still holds lead_1's request (a round-based
  // dispatcher would wait 10 s for it).
  auto delivered = [&](const std::string& id) { return Get(id).status == "succeeded"; };
  const auto deadline = steady_clock::now() + seconds(5);
  while (!(delivered(first[1]) && delivered(second[1])) && steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  ASSERT_EQ(Get(first[0]).endpoint_id, slow);
  EXPECT_TRUE(delivered(first[1]) && delivered(second[1]));
  EXPECT_EQ(Get(first[0]).status, "delivering") << "the slow request is still in flight";
  dispatcher_.reset();  // Stop: the slow request is abandoned after the grace period
  EXPECT_EQ(Get(first[0]).status, "delivering") << "left to its lease, sent again later";
}

INSTANTIATE_TEST_SUITE_P(Backends, DispatcherTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         DialectName);

}  // namespace
}  // namespace leados::deliver::testing
