// Time from a campaign committed through CampaignStore (as createCampaign does) until the live
// Matcher returns it, with 10,000 active campaigns in a SQLite database: the store write, the
// read of every active campaign (CampaignsStack::Reload), the matcher's diff and delta compile.
// The queries are the generated ones of bench/match (about 10 terms each).

#include <benchmark/benchmark.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "../match/corpus.h"
#include "campaigns/campaign_store.h"
#include "core/crypto.h"
#include "match/matcher.h"
#include "store/migrations.h"
#include "store/database.h"

namespace leados::campaigns::bench {
namespace {

constexpr int kCampaigns = 10'000;
constexpr int kPerAccount = 500;

struct Stack {
  core::SystemClock clock;
  std::filesystem::path dir;
  std::unique_ptr<store::Database> db;
  std::unique_ptr<accounts::AuditLog> audit;
  std::unique_ptr<CampaignStore> store;
  match::Matcher matcher;
  std::vector<std::string> accounts;

  Stack() {
    dir = std::filesystem::temp_directory_path() / ("leados_bench_" + core::RandomToken(6));
    std::filesystem::create_directories(dir);
    db = std::move(*store::OpenSqliteDatabase(dir / "leados.db", 4));
    if (!store::Migrate(*db, clock)) std::abort();
    audit = std::make_unique<accounts::AuditLog>(clock);
    store = std::make_unique<CampaignStore>(*db, clock, *audit);
    const auto vocab = match::bench::LoadVocabulary(20261129);
    const auto queries = match::bench::GenerateCampaigns(vocab, kCampaigns, 20261131);
    for (int i = 0; i < kCampaigns; ++i) {
      if (i % kPerAccount == 0) {
        accounts.push_back("acc_bench" + std::to_string(i / kPerAccount));
        if (!db->Exec("INSERT INTO accounts (id, company_name, billing_address_enc, status, "
                      "created_at) VALUES (?, 'Bench', '', 'active', 0)",
                      {accounts.back()})) {
          std::abort();
        }
      }
      CampaignSpec spec;
      spec.name = "c" + std::to_string(i);
      spec.query = queries[i].query;
      spec.status = CampaignStatus::kActive;
      if (!store->Create(accounts.back(), std::move(spec), accounts::Actor{})) std::abort();
    }
    if (!matcher.WaitForVersion(Reload(), std::chrono::minutes(2))) std::abort();
  }
  ~Stack() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  uint64_t Reload() {  // what CampaignsStack::Reload does
    auto active = store->ListActive();
    if (!active) std::abort();
    std::vector<match::CampaignQuery> queries;
    for (const auto& c : *active) queries.push_back({c.id, c.spec.query});
    return matcher.UpdateCampaigns(std::move(queries));
  }
};

void BM_CampaignChangeThroughTheStore(benchmark::State& state) {
  static Stack stack;
  int round = 0;
  for (auto _ : state) {
    const std::string token = "zqx" + std::to_string(++round) + "vw";
    ingest::Signal probe;
    probe.title = "Looking for " + token + " pricing";
    const auto start = std::chrono::steady_clock::now();
    CampaignSpec spec;
    spec.name = "new " + token;
    spec.query = token + " pricing";
    spec.status = CampaignStatus::kActive;
    auto created = stack.store->Create(stack.accounts[0], std::move(spec), accounts::Actor{});
    if (!created) std::abort();
    stack.Reload();
    while (true) {
      bool found = false;
      for (const auto& m : stack.matcher.Match(probe)) found |= m.campaign_id == created->id;
      if (found) break;
      std::this_thread::yield();
    }
    state.SetIterationTime(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    // Delete it again so every round starts from 10,000 campaigns.
    if (!stack.store->Delete(stack.accounts[0], created->id, accounts::Actor{})) std::abort();
    stack.Reload();
  }
  state.counters["campaigns"] = kCampaigns;
}

BENCHMARK(BM_CampaignChangeThroughTheStore)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(10);

}  // namespace
}  // namespace leados::campaigns::bench
