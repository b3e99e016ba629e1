// The credit ledger survives a killed process (issue 8, "what must be shown"): a process that
// spends credits from 8 threads as fast as it can is killed with SIGKILL, three times, on each
// backend; afterwards `leados ledger verify` is clean (exit 0), the balance is exactly the grant
// minus the spends that committed, and no balance is negative. Then one entry is tampered with
// and `leados ledger verify` exits 1 naming the account.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <random>
#include <thread>

#include "installation.h"

namespace leados::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr const char* kAccount = "acct_crash";

class LedgerCrash : public ::testing::TestWithParam<BackendKind> {};

TEST_P(LedgerCrash, AProcessKilledDuringSpendsLeavesTheLedgerConsistent) {
  std::string skip;
  auto inst = Installation::Create(GetParam(), "", skip);
  if (!inst) GTEST_SKIP() << skip;
  auto migrated = inst->Run({"migrate"});
  ASSERT_EQ(migrated.exit_code, 0) << migrated.err;

  std::mt19937 rng(42);
  for (int round = 0; round < 3; ++round) {
    BackgroundProcess spender({LEADOS_LEDGER_SPENDER, inst->DatabaseUrl(), kAccount, "3"});
    ASSERT_NE(spender.WaitForOutput("spending", seconds(60)), "") << "round " << round;
    std::this_thread::sleep_for(milliseconds(100 + rng() % 300));
    spender.Signal(SIGKILL);
    auto ended = spender.Wait(seconds(20));
    EXPECT_EQ(ended.signal, SIGKILL);
  }

  auto verify = inst->Run({"ledger", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_NE(verify.out.find("ledger clean: 1 accounts"), std::string::npos) << verify.out;
  const int64_t spends =
      std::stoll(inst->Query("SELECT COUNT(*) FROM ledger_entries WHERE reason = 'lead'"));
  EXPECT_GT(spends, 150);  // three rounds of at least 50
  EXPECT_EQ(std::stoll(inst->Query("SELECT balance FROM credit_balances")),
            1'000'000'000 - 3 * spends);
  EXPECT_EQ(inst->Query("SELECT COUNT(*) FROM ledger_entries WHERE balance_after < 0"), "0\n");
  auto balance = inst->Run({"ledger", "balance", kAccount});
  EXPECT_EQ(balance.exit_code, 0) << balance.err;
  EXPECT_EQ(std::stoll(balance.out), 1'000'000'000 - 3 * spends);

  // A tampered entry is found, and the exit code says so.
  inst->Query("UPDATE ledger_entries SET amount = -4 WHERE seq = 2");
  auto tampered = inst->Run({"ledger", "verify"});
  EXPECT_EQ(tampered.exit_code, 1);
  EXPECT_NE(tampered.err.find(std::string(kAccount) + ": "), std::string::npos) << tampered.err;
}

INSTANTIATE_TEST_SUITE_P(Backends, LedgerCrash,
                         ::testing::Values(BackendKind::kEmbedded, BackendKind::kPostgresRedis),
                         [](const auto& info) {
                           return info.param == BackendKind::kEmbedded ? "Embedded"
                                                                       : "PostgresRedis";
                         });

}  // namespace
}  // namespace leados::testing
