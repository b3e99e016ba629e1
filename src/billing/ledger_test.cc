#include <atomic>
#include <thread>

#include "billing/billing_test_fixture.h"

namespace leados::billing::testing {
namespace {

using core::ErrorCode;

class LedgerTest : public BillingFixture {};

TEST_P(LedgerTest, AppendKeepsTheBalanceAfterChainAndTheBalance) {
  auto a = ledger_->Append({kAccount, 100, EntryReason::kPurchase, "cs_1", "k1"});
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->balance_after, 100);
  EXPECT_EQ(a->seq, 1);
  EXPECT_FALSE(a->replayed);
  auto b = ledger_->Append({kAccount, -30, EntryReason::kLead, "ld_1", "k2"});
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(b->balance_after, 70);
  EXPECT_EQ(b->seq, 2);
  auto c = ledger_->Append({kAccount, 5, EntryReason::kRefund, "ld_1", "k3"});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->balance_after, 75);
  EXPECT_EQ(*ledger_->Balance(kAccount), 75);
  EXPECT_EQ(*ledger_->Balance(kOtherAccount), 0);
  auto report = ledger_->Verify();
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->clean());
  EXPECT_EQ(report->entries, 3);
}

TEST_P(LedgerTest, SameIdempotencyKeyReturnsTheStoredEntryAndWritesNothing) {
  auto first = ledger_->Append({kAccount, 50, EntryReason::kGrant, "welcome", "grant:welcome"});
  ASSERT_TRUE(first);
  auto again = ledger_->Append({kAccount, 50, EntryReason::kGrant, "welcome", "grant:welcome"});
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->id, first->id);
  EXPECT_EQ(*ledger_->Balance(kAccount), 50);
  auto rows = db_->Query("SELECT COUNT(*) FROM ledger_entries");
  EXPECT_EQ(rows->front().Int(0), 1);
  // The same key for another change is a caller bug.
  auto other = ledger_->Append({kAccount, 60, EntryReason::kGrant, "welcome", "grant:welcome"});
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kConflict);
  auto elsewhere = ledger_->Append({kOtherAccount, 50, EntryReason::kGrant, "w", "grant:welcome"});
  ASSERT_FALSE(elsewhere);
  EXPECT_EQ(elsewhere.error().code, ErrorCode::kConflict);
}

TEST_P(LedgerTest, ADebitBeyondTheBalanceIsRefusedAndWritesNothing) {
  Buy(kAccount, 10);
  auto spend = ledger_->Append({kAccount, -11, EntryReason::kLead, "ld_x", "lead:ld_x"});
  ASSERT_FALSE(spend);
  EXPECT_EQ(spend.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(spend.error().message.find("insufficient credits"), std::string::npos);
  EXPECT_EQ(*ledger_->Balance(kAccount), 10);
  EXPECT_EQ(db_->Query("SELECT COUNT(*) FROM ledger_entries")->front().Int(0), 1);
  // An account that never had credits cannot spend either.
  auto none = ledger_->Append({kOtherAccount, -1, EntryReason::kLead, "ld_y", "lead:ld_y"});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kFailedPrecondition);
  // Exactly the balance is fine.
  auto all = ledger_->Append({kAccount, -10, EntryReason::kLead, "ld_z", "lead:ld_z"});
  ASSERT_TRUE(all);
  EXPECT_EQ(all->balance_after, 0);
  EXPECT_TRUE(ledger_->Verify()->clean());
}

TEST_P(LedgerTest, BadRequestsAreInvalidArgument) {
  for (const AppendRequest& r :
       {AppendRequest{"", 1, EntryReason::kGrant, "", "k"},
        AppendRequest{kAccount, 0, EntryReason::kGrant, "", "k"},
        AppendRequest{kAccount, 1, EntryReason::kGrant, "", ""},
        AppendRequest{kAccount, 1, EntryReason::kGrant, "", std::string(201, 'k')}}) {
    auto e = ledger_->Append(r);
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().code, ErrorCode::kInvalidArgument) << e.error().message;
  }
}

TEST_P(LedgerTest, AppendInRollsBackWithTheCallersTransaction) {
  Buy(kAccount, 10);
  auto st = db_->Transact([&](store::SqlSession& tx) -> core::Status {
    auto e = ledger_->AppendIn(tx, {kAccount, 25, EntryReason::kPurchase, "cs_2", "stripe:cs_2"});
    if (!e) return core::Fail(e.error());
    return core::Fail(ErrorCode::kInternal, "the caller's own step failed");
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(*ledger_->Balance(kAccount), 10);
  // A refused debit inside a transaction leaves it usable.
  st = db_->Transact([&](store::SqlSession& tx) -> core::Status {
    auto refused = ledger_->AppendIn(tx, {kAccount, -99, EntryReason::kLead, "ld", "lead:ld"});
    EXPECT_FALSE(refused);
    auto ok = ledger_->AppendIn(tx, {kAccount, -4, EntryReason::kLead, "ld", "lead:ld"});
    if (!ok) return core::Fail(ok.error());
    return core::Ok();
  });
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(*ledger_->Balance(kAccount), 6);
  EXPECT_TRUE(ledger_->Verify()->clean());
}

TEST_P(LedgerTest, VerifyFindsATamperedEntryAndATamperedBalance) {
  Buy(kAccount, 100);
  ASSERT_TRUE(ledger_->Append({kAccount, -10, EntryReason::kLead, "ld_1", "lead:ld_1"}));
  ASSERT_TRUE(ledger_->Append({kAccount, -10, EntryReason::kLead, "ld_2", "lead:ld_2"}));
  Buy(kOtherAccount, 5);
  ASSERT_TRUE(ledger_->Verify()->clean());

  ASSERT_TRUE(db_->Exec("UPDATE ledger_entries SET amount = -1 WHERE account_id = ? AND seq = 2",
                        {std::string(kAccount)}));
  auto report = ledger_->Verify();
  ASSERT_TRUE(report);
  ASSERT_FALSE(report->clean());
  for (const auto& p : report->problems) EXPECT_EQ(p.account_id, kAccount) << p.problem;

  ASSERT_TRUE(db_->Exec("UPDATE ledger_entries SET amount = -10 WHERE account_id = ? AND seq = 2",
                        {std::string(kAccount)}));
  ASSERT_TRUE(ledger_->Verify()->clean());
  ASSERT_TRUE(db_->Exec("UPDATE credit_balances SET balance = 4 WHERE account_id = ?",
                        {std::string(kOtherAccount)}));
  report = ledger_->Verify();
  ASSERT_FALSE(report->clean());
  for (const auto& p : report->problems) EXPECT_EQ(p.account_id, kOtherAccount) << p.problem;
  EXPECT_EQ(report->problems[0].problem, "balance 4 != sum of entries 5");

  // A deleted entry breaks the seq chain.
  ASSERT_TRUE(db_->Exec("UPDATE credit_balances SET balance = 5 WHERE account_id = ?",
                        {std::string(kOtherAccount)}));
  ASSERT_TRUE(db_->Exec("DELETE FROM ledger_entries WHERE account_id = ? AND seq = 1",
                        {std::string(kAccount)}));
  report = ledger_->Verify();
  ASSERT_FALSE(report->clean());
  EXPECT_EQ(report->problems[0].account_id, kAccount);
}

TEST_P(LedgerTest, ListPagesNewestFirstWithACursor) {
  for (int i = 0; i < 5; ++i) Buy(kAccount, i + 1);
  Buy(kOtherAccount, 7);
  auto page = ledger_->List(kAccount, "", 2);
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->entries.size(), 2u);
  EXPECT_EQ(page->entries[0].amount, 5);
  EXPECT_EQ(page->entries[1].amount, 4);
  ASSERT_FALSE(page->next_cursor.empty());
  std::vector<int64_t> amounts;
  std::string cursor;
  do {
    auto p = ledger_->List(kAccount, cursor, 2);
    ASSERT_TRUE(p);
    for (const auto& e : p->entries) amounts.push_back(e.amount);
    cursor = p->next_cursor;
  } while (!cursor.empty());
  EXPECT_EQ(amounts, (std::vector<int64_t>{5, 4, 3, 2, 1}));
  for (std::string_view bad : {"x", "e", "e-1", "12", "e1x"}) {
    auto p = ledger_->List(kAccount, bad, 2);
    ASSERT_FALSE(p) << bad;
    EXPECT_EQ(p.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(p.error().message.rfind("cursor:", 0), 0u);
  }
  EXPECT_FALSE(ledger_->List(kAccount, "", 0));
  EXPECT_FALSE(ledger_->List(kAccount, "", 201));
}

TEST_P(LedgerTest, LowCreditEmailOncePerCrossingAndReArmedAboveTheThreshold) {
  Rebuild(50);
  Buy(kAccount, 100);
  auto spend = [&](int64_t n, const std::string& key) {
    auto e = ledger_->Append({kAccount, -n, EntryReason::kLead, key, key});
    ASSERT_TRUE(e) << e.error().message;
  };
  spend(40, "s1");  // 60: above
  EXPECT_TRUE(Emails("credits_low").empty());
  spend(11, "s2");  // 49: crossed
  ASSERT_EQ(Emails("credits_low").size(), 1u);
  EXPECT_NE(Emails("credits_low")[0].find("49 left"), std::string::npos);
  spend(9, "s3");  // 40: still below, no second email
  EXPECT_EQ(Emails("credits_low").size(), 1u);
  Buy(kAccount, 20);  // 60: re-armed
  spend(15, "s4");    // 45: crossed again
  EXPECT_EQ(Emails("credits_low").size(), 2u);
  // The account's own threshold replaces the default.
  ASSERT_TRUE(ledger_->SetLowThreshold(kAccount, 10));
  auto view = ledger_->View(kAccount);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->low_threshold, 10);
  EXPECT_FALSE(view->low_threshold_default);
  spend(30, "s5");  // 15: above 10
  EXPECT_EQ(Emails("credits_low").size(), 2u);
  spend(6, "s6");  // 9: crossed 10
  EXPECT_EQ(Emails("credits_low").size(), 3u);
  EXPECT_FALSE(ledger_->SetLowThreshold(kAccount, -1));
}

TEST_P(LedgerTest, CreditListenersRunAfterACreditOnly) {
  std::vector<std::string> told;
  ledger_->AddCreditListener([&](const std::string& a) { told.push_back(a); });
  Buy(kAccount, 10);
  ASSERT_TRUE(ledger_->Append({kAccount, -1, EntryReason::kLead, "l", "lead:l"}));
  ASSERT_TRUE(ledger_->Append({kAccount, 10, EntryReason::kPurchase, "p", "buy-1"}));  // replay
  EXPECT_EQ(told, std::vector<std::string>{kAccount});
}

// The concurrency proof: 64 threads spend from one balance of B credits at cost c.
TEST_P(LedgerTest, SixtyFourThreadsSpendExactlyFloorBOverC) {
  constexpr int64_t kB = 1000, kC = 7, kThreads = 64;
  Buy(kAccount, kB);
  std::atomic<int64_t> succeeded{0}, failed_other{0}, min_seen{kB};
  std::atomic<bool> done{false};
  std::atomic<int> next_key{0};
  std::thread watcher([&] {
    while (!done) {
      auto b = ledger_->Balance(kAccount);
      if (b) {
        int64_t cur = min_seen;
        while (*b < cur && !min_seen.compare_exchange_weak(cur, *b)) {
        }
      }
    }
  });
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (;;) {
        const std::string key = "spend-" + std::to_string(next_key++);
        auto e = ledger_->Append({kAccount, -kC, EntryReason::kLead, key, key});
        if (e) {
          ++succeeded;
          continue;
        }
        if (e.error().code != ErrorCode::kFailedPrecondition) ++failed_other;
        return;  // the balance ran out
      }
    });
  }
  for (auto& t : threads) t.join();
  done = true;
  watcher.join();
  EXPECT_EQ(failed_other.load(), 0);
  EXPECT_EQ(succeeded.load(), kB / kC);
  EXPECT_EQ(*ledger_->Balance(kAccount), kB % kC);
  EXPECT_GE(min_seen.load(), 0);
  auto report = ledger_->Verify();
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->clean());
  EXPECT_EQ(report->entries, 1 + kB / kC);
  auto negative = db_->Query("SELECT COUNT(*) FROM ledger_entries WHERE balance_after < 0");
  EXPECT_EQ(negative->front().Int(0), 0);
}

// Concurrent retries with one key write one entry.
TEST_P(LedgerTest, ConcurrentAppendsWithOneKeyWriteOneEntry) {
  Buy(kAccount, 100);
  std::atomic<int> replays{0}, fresh{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&] {
      auto e = ledger_->Append({kAccount, -3, EntryReason::kLead, "ld_1", "lead:ld_1"});
      ASSERT_TRUE(e) << e.error().message;
      (e->replayed ? replays : fresh)++;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(fresh.load(), 1);
  EXPECT_EQ(replays.load(), 15);
  EXPECT_EQ(*ledger_->Balance(kAccount), 97);
}

INSTANTIATE_TEST_SUITE_P(Backends, LedgerTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         DialectName);

}  // namespace
}  // namespace leados::billing::testing
