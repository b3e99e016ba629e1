// Crash test on PostgreSQL + Redis (issue 7, "what must be shown"): three `leados worker --role
// pipeline,deliver` processes share 10,000 published signals; one is killed with SIGKILL when
// about a third of the leads has been delivered. Every expected lead must still be delivered, no
// lead may be created twice, duplicates of an identity must be dropped, and a lead delivered twice
// must carry the same webhook-id both times. Everything goes through the real binary and its API:
// `leados migrate`, `leados serve` (sign-up, API key, webhook endpoint, campaign),
// `leados signals publish`, the workers, and a receiver in this process that verifies every
// request's Standard Webhooks signature.
//
// Charges: leads are metered (billing.metered): the account gets a grant before the signals are
// published, and afterwards every lead must have been charged exactly once — one `lead` entry in
// the credit ledger and one committed reservation per lead, the balance the grant minus the
// leads, and `leados ledger verify` clean.

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "installation.h"
#include "webhook_receiver.h"

namespace leados::testing {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::seconds;

constexpr int kSignals = 10'000;
constexpr int kAuthors = 9'500;  // signals kAuthors.. repeat an earlier author: duplicates

// Deterministic signals: signal i is by "crash-author-<a>" with a = i for the first kAuthors
// signals and an earlier author (a different post by the same person: a duplicate of identity)
// for the rest. Every title holds the campaign's term.
std::string SignalsJsonl() {
  std::ostringstream out;
  for (int i = 0; i < kSignals; ++i) {
    const int author = i < kAuthors ? i : (i * 7919) % kAuthors;
    out << R"({"source":"hn","source_id":"crash-)" << i
        << R"(","url":"https://news.ycombinator.com/item?id=)" << 90000000 + i
        << R"(","title":"Which crashprobe CRM do you recommend for a team of )" << (i % 50) + 2
        << R"(?","body":"We are evaluating tools this quarter, post )" << i
        << R"(.","author":"crash-author-)" << author
        << R"(","published":"2026-11-29T08:00:00Z","language":"en"})" << "\n";
  }
  return out.str();
}

std::set<std::string> Lines(const std::string& text) {
  std::set<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) out.insert(line);
  }
  return out;
}

TEST(CrashTest, ThreeWorkersOneKilledMidwayDeliverEveryLeadOnceWithStableWebhookIds) {
  const auto started = Clock::now();
  std::string skip;
  // Short claim timeouts so the killed worker's signals and deliveries come back within seconds
  // (the defaults, 120 s and 60 s, suit production); the API instance runs no workers.
  auto inst = Installation::Create(BackendKind::kPostgresRedis,
                                   "pipeline.enabled = false\n"
                                   "deliver.dispatcher = false\n"
                                   "deliver.allow_http_loopback = true\n"
                                   "pipeline.visibility_seconds = 10\n"
                                   "pipeline.campaign_refresh_seconds = 1\n"
                                   "deliver.webhook_timeout_ms = 3000\n"
                                   "deliver.lease_grace_seconds = 5\n"
                                   "deliver.endpoint_concurrency = 32\n"
                                   "deliver.endpoint_rate_per_second = 100000.0\n"
                                   "deliver.max_in_flight = 32\n"
                                   "server.access_log = false\n"
                                   "billing.metered = true\n",
                                   skip);
  if (!inst) GTEST_SKIP() << skip;

  auto migrated = inst->Run({"migrate"});
  ASSERT_EQ(migrated.exit_code, 0) << migrated.err;

  WebhookReceiver receiver;
  BackgroundProcess serve(inst->Command({"serve", "--listen", "127.0.0.1:0"}));
  const std::string url = ServeUrl(serve);
  ASSERT_FALSE(url.empty());
  auto client = SetUpClient(url, *inst, "crashprobe", receiver.url(),
                            [&](const std::string& secret) { receiver.SetSecret(secret); });
  ASSERT_TRUE(client);

  // Enough credits for every lead and some over (one credit a lead: billing.price.default).
  constexpr int kGrant = kAuthors + 500;
  const std::string account = inst->Query("SELECT id FROM accounts");
  ASSERT_FALSE(account.empty());
  auto granted = inst->Run({"ledger", "adjust", account.substr(0, account.find('\n')),
                            std::to_string(kGrant), "--reason", "crash test credits", "--key",
                            "crash-test-grant"});
  ASSERT_EQ(granted.exit_code, 0) << granted.err;

  const fs::path file = inst->dir() / "signals.jsonl";
  std::ofstream(file) << SignalsJsonl();
  auto published = inst->Run({"signals", "publish", file.string()});
  ASSERT_EQ(published.exit_code, 0) << published.err;
  EXPECT_NE(published.out.find("published 10000 signals"), std::string::npos) << published.out;

  std::vector<std::unique_ptr<BackgroundProcess>> workers;
  for (int i = 0; i < 3; ++i) {
    workers.push_back(std::make_unique<BackgroundProcess>(
        inst->Command({"worker", "--role", "pipeline,deliver"})));
  }
  for (auto& w : workers) {
    ASSERT_FALSE(w->WaitForOutput("listening on", seconds(90)).empty())
        << w->Wait(seconds(1)).err;
  }

  // SIGKILL one worker once about a third of the leads has arrived: it dies holding claimed
  // signals and deliveries, maybe between a send and its record.
  auto wait_for_leads = [&](size_t n, seconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (receiver.DistinctLeads() < n && Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return receiver.DistinctLeads();
  };
  const size_t at_kill = wait_for_leads(kAuthors / 3, seconds(600));
  ASSERT_GE(at_kill, static_cast<size_t>(kAuthors / 3)) << "deliveries stalled before the kill";
  workers[0]->Signal(SIGKILL);
  const auto killed = workers[0]->Wait(seconds(10));
  EXPECT_EQ(killed.signal, SIGKILL);
  const auto kill_time = Clock::now();

  const size_t delivered = wait_for_leads(kAuthors, seconds(1200));
  const auto all_delivered = Clock::now();
  EXPECT_EQ(delivered, static_cast<size_t>(kAuthors)) << "not every expected lead was delivered";
  for (size_t i = 1; i < workers.size(); ++i) {
    workers[i]->Signal(SIGTERM);
    auto r = workers[i]->Wait(seconds(60));
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  serve.Signal(SIGTERM);
  EXPECT_EQ(serve.Wait(seconds(60)).exit_code, 0);

  // What the receiver saw: every request verified; per author one lead; per lead one webhook-id.
  std::map<std::string, std::set<std::string>> leads_of_author;
  std::map<std::string, std::set<std::string>> webhook_ids_of_lead;
  std::map<std::string, int> requests_of_lead;
  size_t errors = 0;
  for (const auto& r : receiver.Received()) {
    if (!r.error.empty()) {
      if (++errors <= 5) ADD_FAILURE() << "webhook " << r.webhook_id << ": " << r.error;
      continue;
    }
    ASSERT_EQ(r.event_type, "lead.created");
    leads_of_author[r.author].insert(r.lead_id);
    webhook_ids_of_lead[r.lead_id].insert(r.webhook_id);
    ++requests_of_lead[r.lead_id];
  }
  EXPECT_EQ(errors, 0u);
  std::set<std::string> expected_authors;
  for (int a = 0; a < kAuthors; ++a) expected_authors.insert("crash-author-" + std::to_string(a));
  std::set<std::string> seen_authors;
  for (const auto& [author, leads] : leads_of_author) {
    seen_authors.insert(author);
    EXPECT_EQ(leads.size(), 1u) << author << " became " << leads.size() << " leads";
  }
  EXPECT_EQ(seen_authors, expected_authors);
  int redelivered = 0;
  for (const auto& [lead, ids] : webhook_ids_of_lead) {
    EXPECT_EQ(ids.size(), 1u) << "lead " << lead << " arrived with " << ids.size()
                              << " different webhook-ids";
    if (requests_of_lead[lead] > 1) ++redelivered;
  }

  // The record: exactly the delivered leads, once each; one delivery per lead, whose id is the
  // webhook-id the receiver saw.
  std::set<std::string> delivered_leads;
  for (const auto& [lead, ids] : webhook_ids_of_lead) delivered_leads.insert(lead);
  const auto rows = Lines(inst->Query("SELECT id FROM leads"));
  EXPECT_EQ(rows.size(), static_cast<size_t>(kAuthors));
  EXPECT_EQ(rows, delivered_leads);
  EXPECT_EQ(inst->Query("SELECT COUNT(*) FROM (SELECT lead_id FROM webhook_deliveries "
                        "GROUP BY lead_id HAVING COUNT(*) > 1) AS twice"),
            "0\n");
  size_t matching_ids = 0;
  for (const auto& line : Lines(inst->Query("SELECT lead_id || ' ' || id FROM webhook_deliveries"))) {
    const auto space = line.find(' ');
    auto it = webhook_ids_of_lead.find(line.substr(0, space));
    if (it != webhook_ids_of_lead.end() && it->second.contains(line.substr(space + 1))) {
      ++matching_ids;
    }
  }
  EXPECT_EQ(matching_ids, static_cast<size_t>(kAuthors));

  // Charged once each: one ledger debit and one committed reservation per lead, none twice.
  EXPECT_EQ(inst->Query("SELECT COUNT(*) FROM ledger_entries WHERE reason = 'lead'"),
            std::to_string(kAuthors) + "\n");
  EXPECT_EQ(inst->Query("SELECT COUNT(*) FROM (SELECT reference FROM ledger_entries WHERE reason "
                        "= 'lead' GROUP BY reference HAVING COUNT(*) > 1) AS twice"),
            "0\n");
  EXPECT_EQ(inst->Query("SELECT COUNT(*) FROM credit_reservations WHERE status = 'committed'"),
            std::to_string(kAuthors) + "\n");
  EXPECT_EQ(inst->Query("SELECT balance FROM credit_balances"),
            std::to_string(kGrant - kAuthors) + "\n");
  auto verified = inst->Run({"ledger", "verify"});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;

  const auto secs = [](auto d) { return std::chrono::duration<double>(d).count(); };
  std::cout << "crash test: " << kSignals << " signals, " << kAuthors << " leads; worker killed at "
            << at_kill << " delivered leads; " << redelivered
            << " leads delivered more than once (same webhook-id); all delivered "
            << secs(all_delivered - kill_time) << " s after the kill; total "
            << secs(Clock::now() - started) << " s\n";
}

}  // namespace
}  // namespace leados::testing
