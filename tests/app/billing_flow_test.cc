// Credits over the whole product, on each backend (issue 8, "what must be shown"): `leados serve`
// with billing.metered; a client whose account has no credits gets three leads, which are held
// (not delivered, not dropped) and the owner is emailed "out of credits"; an operator adds 2
// credits (`leados ledger adjust`, another process): the two oldest held leads reach the client's
// webhook and the third stays held; 5 more credits release it; the balance is 4 and `leados
// ledger verify` is clean.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "core/json.h"
#include "installation.h"
#include "webhook_receiver.h"

namespace leados::testing {
namespace {

using std::chrono::seconds;

bool WaitUntil(const std::function<bool()>& done, seconds timeout) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return done();
}

// How many leads listLeads shows the client.
size_t ListedLeads(const std::string& url, const std::string& key) {
  auto r = Curl("GET", url + "/v1/leads?limit=200", "", {"Authorization: Bearer " + key});
  auto o = core::ParseJsonObject(r.body);
  if (r.status != 200 || !o) {
    ADD_FAILURE() << "listLeads: " << r.status << " " << r.body;
    return 0;
  }
  return o->at("data").as_array().size();
}

class BillingFlow : public ::testing::TestWithParam<BackendKind> {};

TEST_P(BillingFlow, HeldLeadsAreDeliveredAfterATopUpOldestFirst) {
  std::string skip;
  auto inst = Installation::Create(GetParam(),
                                   "billing.metered = true\n"
                                   "billing.release_interval_seconds = 1\n"
                                   "billing.low_credit_threshold = 0\n"
                                   "deliver.allow_http_loopback = true\n"
                                   "server.access_log = false\n",
                                   skip);
  if (!inst) GTEST_SKIP() << skip;
  WebhookReceiver receiver;
  BackgroundProcess serve(inst->Command({"serve", "--listen", "127.0.0.1:0"}));
  const std::string url = ServeUrl(serve);
  ASSERT_FALSE(url.empty());
  auto client = SetUpClient(url, *inst, "billingprobe", receiver.url(),
                            [&](const std::string& secret) { receiver.SetSecret(secret); });
  ASSERT_TRUE(client);
  std::string account = inst->Query("SELECT id FROM accounts");
  while (!account.empty() && account.back() == '\n') account.pop_back();
  ASSERT_FALSE(account.empty());

  // Three matching posts by three people, published a minute apart (oldest first).
  const auto signals_file = inst->dir() / "signals.jsonl";
  {
    std::ofstream out(signals_file);
    for (int i = 1; i <= 3; ++i) {
      core::json::object s{
          {"source", "hn"},
          {"source_id", "bp-" + std::to_string(i)},
          {"url", "https://news.ycombinator.com/item?id=9000" + std::to_string(i)},
          {"title", "Ask HN: which billingprobe tool do you use " + std::to_string(i)},
          {"body", "We are looking for a billingprobe vendor."},
          {"author", "probe_author_" + std::to_string(i)},
          {"author_url", "https://news.ycombinator.com/user?id=probe_author_" + std::to_string(i)},
          {"published", "2026-11-28T12:0" + std::to_string(i) + ":00Z"},
          {"language", "en"}};
      out << core::ToJson(s) << "\n";
    }
  }
  for (int i = 1; i <= 3; ++i) {
    // One at a time, so the three leads are made (and held) in this order.
    std::ofstream one(inst->dir() / "one.jsonl");
    std::ifstream all(signals_file);
    std::string line;
    for (int j = 1; j <= i; ++j) std::getline(all, line);
    one << line << "\n";
    one.close();
    auto published = inst->Run({"signals", "publish", (inst->dir() / "one.jsonl").string()});
    ASSERT_EQ(published.exit_code, 0) << published.err;
    ASSERT_GE(WaitForMetricAtLeast(url, "leados_pipeline_signals_total", i, seconds(60)), i);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(WaitUntil(
      [&] {
        return inst->Query("SELECT COUNT(*) FROM credit_reservations WHERE status = 'held'") ==
               "3\n";
      },
      seconds(30)))
      << inst->Query("SELECT lead_id, status FROM credit_reservations");
  EXPECT_EQ(inst->Query("SELECT COUNT(*) FROM leads"), "3\n");  // kept, not dropped
  EXPECT_EQ(receiver.DistinctLeads(), 0u);
  EXPECT_EQ(ListedLeads(url, client->api_key), 0u) << "held leads are not shown to the client";
  EXPECT_EQ(inst->Query("SELECT COUNT(*) FROM notify_outbox WHERE template = 'credits_exhausted'"),
            "1\n");
  const std::string oldest_two =
      inst->Query("SELECT lead_id FROM credit_reservations ORDER BY created_at, lead_id LIMIT 2");

  auto topped = inst->Run({"ledger", "adjust", account, "2", "--reason", "first top-up"});
  ASSERT_EQ(topped.exit_code, 0) << topped.err;
  ASSERT_TRUE(WaitUntil([&] { return receiver.DistinctLeads() == 2; }, seconds(30)))
      << receiver.DistinctLeads();
  std::string delivered;
  for (const auto& r : receiver.Received()) {
    if (delivered.find(r.lead_id) == std::string::npos) delivered += r.lead_id + "\n";
  }
  EXPECT_EQ(oldest_two.size(), delivered.size());
  for (const auto& r : receiver.Received()) {
    EXPECT_NE(oldest_two.find(r.lead_id), std::string::npos) << "not one of the oldest two";
  }
  EXPECT_EQ(inst->Query("SELECT COUNT(*) FROM credit_reservations WHERE status = 'held'"), "1\n");
  EXPECT_EQ(inst->Query("SELECT balance FROM credit_balances"), "0\n");
  EXPECT_EQ(ListedLeads(url, client->api_key), 2u);

  topped = inst->Run({"ledger", "adjust", account, "5", "--reason", "second top-up"});
  ASSERT_EQ(topped.exit_code, 0) << topped.err;
  ASSERT_TRUE(WaitUntil([&] { return receiver.DistinctLeads() == 3; }, seconds(30)));
  EXPECT_EQ(inst->Query("SELECT balance FROM credit_balances"), "4\n");
  EXPECT_EQ(inst->Query("SELECT COUNT(*) FROM audit_events WHERE action = 'admin.credits_adjust'"),
            "2\n");

  serve.Signal(SIGTERM);
  auto stopped = serve.Wait(seconds(60));
  EXPECT_EQ(stopped.exit_code, 0) << stopped.err;
  auto verify = inst->Run({"ledger", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

INSTANTIATE_TEST_SUITE_P(Backends, BillingFlow,
                         ::testing::Values(BackendKind::kEmbedded, BackendKind::kPostgresRedis),
                         [](const auto& info) {
                           return info.param == BackendKind::kEmbedded ? "Embedded"
                                                                       : "PostgresRedis";
                         });

}  // namespace
}  // namespace leados::testing
