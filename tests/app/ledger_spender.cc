// A process that spends credits as fast as it can, for the ledger crash test: it opens the
// database given as "sqlite:<file>" or "postgresql://…" (already migrated), grants ACCOUNT a large
// balance once (idempotent), then 8 threads debit COST credits each in a loop, each with a new
// idempotency key, until the process is killed. Prints "spending" once some spends committed.
// Usage: ledger_spender DATABASE_URL ACCOUNT COST
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "billing/ledger.h"
#include "core/clock.h"
#include "store/database.h"

int main(int argc, char** argv) {
  using namespace leados;
  if (argc != 4) {
    std::cerr << "usage: ledger_spender DATABASE_URL ACCOUNT COST\n";
    return 2;
  }
  const std::string url = argv[1];
  const std::string account = argv[2];
  const int64_t cost = std::stoll(argv[3]);
  auto db = url.rfind("sqlite:", 0) == 0 ? store::OpenSqliteDatabase(url.substr(7), 8)
                                         : store::OpenPostgresDatabase(url, 8);
  if (!db) {
    std::cerr << "ledger_spender: " << db.error().message << "\n";
    return 1;
  }
  core::SystemClock clock;
  billing::Ledger ledger(**db, clock);
  auto granted = ledger.Append(
      {account, 1'000'000'000, billing::EntryReason::kGrant, "crash test", "grant:crash-test"});
  if (!granted) {
    std::cerr << "ledger_spender: " << granted.error().message << "\n";
    return 1;
  }
  std::atomic<int64_t> spent{0};
  std::atomic<bool> announced{false};
  const std::string prefix = "crash:" + std::to_string(getpid()) + ":";
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int64_t n = 0;; ++n) {
        const std::string key = prefix + std::to_string(t) + ":" + std::to_string(n);
        auto e = ledger.Append({account, -cost, billing::EntryReason::kLead, key, key});
        if (!e) {
          std::cerr << "ledger_spender: " << e.error().message << "\n";
          continue;
        }
        if (++spent >= 50 && !announced.exchange(true)) {
          std::cout << "spending" << std::endl;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  return 0;
}
