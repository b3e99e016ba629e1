#include <atomic>
#include <chrono>
#include <thread>

#include "billing/billing_test_fixture.h"

namespace leados::billing::testing {
namespace {

using std::chrono::hours;

class ChargesTest : public BillingFixture {
 protected:
  std::string StatusOf(const std::string& lead) {
    auto r = charges_->Get(lead);
    EXPECT_TRUE(r);
    return r && *r ? (*r)->status : "none";
  }
};

TEST_P(ChargesTest, ReserveDebitsOnceAndIsIdempotentOnTheLead) {
  Buy(kAccount, 10);
  auto d = charges_->Reserve(Lead("ld_1"));
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(*d, ChargeDecision::kReserved);
  EXPECT_EQ(*ledger_->Balance(kAccount), 9);
  auto again = charges_->Reserve(Lead("ld_1"));
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, ChargeDecision::kReserved);
  EXPECT_EQ(*ledger_->Balance(kAccount), 9);
  auto page = ledger_->List(kAccount, "", 10);
  ASSERT_EQ(page->entries.size(), 2u);
  EXPECT_EQ(page->entries[0].reason, EntryReason::kLead);
  EXPECT_EQ(page->entries[0].idempotency_key, "lead:ld_1");
  EXPECT_EQ(page->entries[0].reference, "ld_1");
  EXPECT_EQ(StatusOf("ld_1"), "reserved");
}

TEST_P(ChargesTest, PricesBySourceAndEnrichmentLevel) {
  auto prices = PriceList::Parse(2, "reddit=5", "full=3");
  ASSERT_TRUE(prices);
  Rebuild(0, *prices);
  Buy(kAccount, 100);
  ChargeRequest a = Lead("ld_a");
  a.source_kind = "reddit";
  a.enrichment_level = "full";
  ASSERT_TRUE(charges_->Reserve(a));
  EXPECT_EQ(*ledger_->Balance(kAccount), 92);
  ASSERT_TRUE(charges_->Reserve(Lead("ld_b")));  // hn, basic: the default
  EXPECT_EQ(*ledger_->Balance(kAccount), 90);
}

TEST_P(ChargesTest, CommitChangesTheStatusOnlyAndRefundRestoresTheBalance) {
  Buy(kAccount, 10);
  ASSERT_TRUE(charges_->Reserve(Lead("ld_1")));
  ASSERT_TRUE(charges_->Reserve(Lead("ld_2")));
  EXPECT_EQ(*ledger_->Balance(kAccount), 8);
  ASSERT_TRUE(charges_->Commit("ld_1"));
  EXPECT_EQ(StatusOf("ld_1"), "committed");
  EXPECT_EQ(*ledger_->Balance(kAccount), 8);
  // A committed lead is not refunded; an undeliverable one is, once.
  EXPECT_FALSE(*charges_->Refund("ld_1"));
  auto refunded = charges_->Refund("ld_2");
  ASSERT_TRUE(refunded) << refunded.error().message;
  EXPECT_TRUE(*refunded);
  EXPECT_EQ(*ledger_->Balance(kAccount), 9);
  EXPECT_FALSE(*charges_->Refund("ld_2"));
  EXPECT_FALSE(*charges_->Refund("ld_unknown"));
  EXPECT_EQ(*ledger_->Balance(kAccount), 9);
  EXPECT_EQ(StatusOf("ld_2"), "refunded");
  auto page = ledger_->List(kAccount, "", 1);
  EXPECT_EQ(page->entries[0].reason, EntryReason::kRefund);
  EXPECT_EQ(page->entries[0].idempotency_key, "refund:ld_2");
  EXPECT_TRUE(ledger_->Verify()->clean());
}

TEST_P(ChargesTest, WithoutCreditsALeadIsHeldAndReleasedOldestFirstAfterATopUp) {
  Buy(kAccount, 1);
  ASSERT_EQ(*charges_->Reserve(Lead("ld_1")), ChargeDecision::kReserved);
  clock_.Advance(std::chrono::seconds(1));
  ASSERT_EQ(*charges_->Reserve(Lead("ld_2")), ChargeDecision::kHeld);
  clock_.Advance(std::chrono::seconds(1));
  ASSERT_EQ(*charges_->Reserve(Lead("ld_3")), ChargeDecision::kHeld);
  clock_.Advance(std::chrono::seconds(1));
  ASSERT_EQ(*charges_->Reserve(Lead("ld_4")), ChargeDecision::kHeld);
  EXPECT_EQ(*charges_->Reserve(Lead("ld_2")), ChargeDecision::kHeld);  // idempotent
  EXPECT_EQ(*charges_->HeldCount(kAccount), 3);
  EXPECT_EQ(*ledger_->Balance(kAccount), 0);
  // The "credits exhausted" email went out once, at the first hold.
  auto exhausted = Emails("credits_exhausted");
  ASSERT_EQ(exhausted.size(), 1u);
  EXPECT_NE(exhausted[0].find("1 leads on hold"), std::string::npos) << exhausted[0];

  std::vector<std::string> told;
  ledger_->AddCreditListener([&](const std::string& a) { told.push_back(a); });
  Buy(kAccount, 2);  // room for two of the three
  EXPECT_EQ(told, std::vector<std::string>{kAccount});
  auto released = charges_->ReleaseHeld(kAccount);
  ASSERT_TRUE(released) << released.error().message;
  ASSERT_EQ(released->size(), 2u);
  EXPECT_EQ((*released)[0].lead_id, "ld_2");
  EXPECT_EQ((*released)[1].lead_id, "ld_3");
  EXPECT_TRUE((*released)[0].handover_pending);
  EXPECT_EQ(*ledger_->Balance(kAccount), 0);
  EXPECT_EQ(StatusOf("ld_4"), "held");
  auto pending = charges_->PendingHandovers();
  ASSERT_EQ(pending->size(), 2u);
  ASSERT_TRUE(charges_->MarkHandedOver("ld_2"));
  EXPECT_EQ(charges_->PendingHandovers()->size(), 1u);
  // After a top-up the exhausted email is re-armed.
  Buy(kAccount, 1);
  ASSERT_EQ(charges_->ReleaseHeld(kAccount)->size(), 1u);
  ASSERT_EQ(*charges_->Reserve(Lead("ld_5")), ChargeDecision::kHeld);
  EXPECT_EQ(Emails("credits_exhausted").size(), 2u);
  EXPECT_TRUE(ledger_->Verify()->clean());
}

TEST_P(ChargesTest, HeldLeadsExpireAfterHoldDaysWithoutACharge) {
  Rebuild(0, {}, ChargeOptions{.hold_days = 2});
  ASSERT_EQ(*charges_->Reserve(Lead("ld_1")), ChargeDecision::kHeld);
  clock_.Advance(hours(47));
  EXPECT_TRUE(charges_->ExpireHeld()->empty());
  clock_.Advance(hours(2));
  EXPECT_EQ(*charges_->ExpireHeld(), std::vector<std::string>{"ld_1"});
  EXPECT_TRUE(charges_->ExpireHeld()->empty());
  EXPECT_EQ(StatusOf("ld_1"), "expired");
  Buy(kAccount, 5);
  EXPECT_TRUE(charges_->ReleaseHeld(kAccount)->empty());
  EXPECT_EQ(*ledger_->Balance(kAccount), 5);
  EXPECT_EQ(*charges_->Reserve(Lead("ld_1")), ChargeDecision::kHeld);  // replay: still not sent
}

TEST_P(ChargesTest, TheDailyCapHoldsLeadsUntilTheNextUtcDay) {
  Buy(kAccount, 100);
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(*charges_->Reserve(Lead("ld_" + std::to_string(i), "cmp_1", 3)),
              ChargeDecision::kReserved);
  }
  ASSERT_EQ(*charges_->Reserve(Lead("ld_3", "cmp_1", 3)), ChargeDecision::kHeld);
  auto r = charges_->Get("ld_3");
  EXPECT_EQ((*r)->hold_reason, "daily_cap");
  // Another campaign has its own cap; a refund gives room back today.
  EXPECT_EQ(*charges_->Reserve(Lead("ld_x", "cmp_2", 3)), ChargeDecision::kReserved);
  ASSERT_TRUE(*charges_->Refund("ld_0"));
  EXPECT_EQ(*charges_->Reserve(Lead("ld_4", "cmp_1", 3)), ChargeDecision::kReserved);
  EXPECT_EQ(*charges_->Reserve(Lead("ld_5", "cmp_1", 3)), ChargeDecision::kHeld);
  // Not released today even with credits; the next UTC day it is, within that day's cap.
  EXPECT_TRUE(charges_->ReleaseHeld(kAccount)->empty());
  clock_.Advance(hours(24));
  auto released = charges_->ReleaseHeld(kAccount);
  ASSERT_EQ(released->size(), 2u);
  EXPECT_EQ((*released)[0].lead_id, "ld_3");
  EXPECT_EQ(*ledger_->Balance(kAccount), 100 - 6 + 1 - 1);
  EXPECT_TRUE(Emails("credits_exhausted").empty());  // not a lack of credits
  EXPECT_TRUE(ledger_->Verify()->clean());
}

// Many leads of one campaign at once never exceed the cap, on both backends.
TEST_P(ChargesTest, ConcurrentReservesRespectTheCapAndTheBalance) {
  Buy(kAccount, 50);
  std::atomic<int> reserved{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 4; ++i) {
        auto d = charges_->Reserve(
            Lead("ld_" + std::to_string(t) + "_" + std::to_string(i), "cmp_1", 20));
        ASSERT_TRUE(d) << d.error().message;
        if (*d == ChargeDecision::kReserved) ++reserved;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(reserved.load(), 20);
  EXPECT_EQ(*ledger_->Balance(kAccount), 30);
  EXPECT_TRUE(ledger_->Verify()->clean());
}

INSTANTIATE_TEST_SUITE_P(Backends, ChargesTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         DialectName);

}  // namespace
}  // namespace leados::billing::testing
