#include "billing/billing_test_fixture.h"

namespace leados::billing::testing {

std::string DialectName(const ::testing::TestParamInfo<store::Dialect>& info) {
  return std::string(store::DialectName(info.param));
}

void BillingFixture::SetUp() {
  auto fresh = store::testing::FreshDatabase::Open(GetParam(), clock_, 8);
  if (!fresh && fresh.error().code == core::ErrorCode::kUnavailable) {
    GTEST_SKIP() << fresh.error().message;
  }
  ASSERT_TRUE(fresh) << fresh.error().message;
  fresh_ = std::move(*fresh);
  db_ = &fresh_->db();
  outbox_ = std::make_unique<notify::Outbox>(clock_);
  mailer_ = std::make_unique<CreditAlertMailer>(
      *outbox_, templates_,
      [](std::string_view) -> core::Result<std::vector<std::string>> {
        return std::vector<std::string>{kOwnerEmail};
      },
      "https://leados.example.com/billing");
  Rebuild(0);
}

void BillingFixture::Rebuild(int64_t low_threshold, PriceList prices, ChargeOptions options) {
  charges_.reset();
  ledger_ = std::make_unique<Ledger>(*db_, clock_, LedgerOptions{low_threshold}, mailer_.get());
  charges_ = std::make_unique<ChargeService>(*db_, clock_, *ledger_, std::move(prices), options,
                                             mailer_.get());
}

void BillingFixture::Buy(const std::string& account, int64_t credits) {
  auto e = ledger_->Append({account, credits, EntryReason::kPurchase, "test purchase",
                            "buy-" + std::to_string(++keys_)});
  ASSERT_TRUE(e) << e.error().message;
}

std::vector<std::string> BillingFixture::Emails(const std::string& tmpl) {
  auto rows = db_->Query(
      "SELECT subject FROM notify_outbox WHERE template = ? ORDER BY created_at, id", {tmpl});
  EXPECT_TRUE(rows) << rows.error().message;
  std::vector<std::string> out;
  if (rows) {
    for (const auto& r : *rows) out.push_back(r.Text(0));
  }
  return out;
}

ChargeRequest BillingFixture::Lead(const std::string& lead, const std::string& campaign,
                                   std::optional<int64_t> cap) {
  return ChargeRequest{lead, kAccount, campaign, "hn", std::string(kEnrichmentBasic), cap};
}

}  // namespace leados::billing::testing
