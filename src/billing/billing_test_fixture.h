#pragma once
// The billing module wired as src/app wires it, on a fresh database of either backend (one
// fixture for SQLite and PostgreSQL), a manual clock and the real notify outbox.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "billing/charges.h"
#include "billing/credit_alerts.h"
#include "billing/ledger.h"
#include "core/clock.h"
#include "notify/outbox.h"
#include "notify/templates.h"
#include "store/test_support.h"

namespace leados::billing::testing {

inline constexpr const char* kAccount = "acct_bill1";
inline constexpr const char* kOtherAccount = "acct_bill2";
inline constexpr const char* kOwnerEmail = "owner@example.com";

class BillingFixture : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override;

  // Rebuilds ledger_ and charges_ with these settings.
  void Rebuild(int64_t low_threshold, PriceList prices = {}, ChargeOptions options = {});
  // Adds credits (reason purchase) with a fresh key; asserts it worked.
  void Buy(const std::string& account, int64_t credits);
  // Subjects of the outbox emails with that template.
  std::vector<std::string> Emails(const std::string& tmpl);
  // A charge request for lead `lead` of kAccount's campaign `campaign`.
  static ChargeRequest Lead(const std::string& lead, const std::string& campaign = "cmp_1",
                            std::optional<int64_t> cap = std::nullopt);

  core::ManualClock clock_;
  std::unique_ptr<store::testing::FreshDatabase> fresh_;
  store::Database* db_ = nullptr;
  notify::EmailTemplates templates_;
  std::unique_ptr<notify::Outbox> outbox_;
  std::unique_ptr<CreditAlertMailer> mailer_;
  std::unique_ptr<Ledger> ledger_;
  std::unique_ptr<ChargeService> charges_;
  int keys_ = 0;
};

std::string DialectName(const ::testing::TestParamInfo<store::Dialect>& info);

}  // namespace leados::billing::testing
