#pragma once
// CreditAlertMailer: the two credit emails of the ledger, through the notify outbox inside the
// transaction that caused them — "low credits" (the balance crossed below the account's threshold;
// template credits_low) and "credits exhausted, N leads on hold" (template credits_exhausted,
// sent by ChargeService when it first holds a lead for lack of credits). Recipients: the account's
// verified owners (like the digest, never an address from a request). An optional hook turns the
// low-credit crossing into more (src/app: the `credits.low` webhook event). Thread-safe.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "billing/ledger.h"
#include "core/result.h"
#include "notify/outbox.h"
#include "notify/templates.h"
#include "store/database.h"

namespace leados::billing {

// The account's owner addresses (AccountService::OwnerEmails in src/app).
using RecipientsFn = std::function<core::Result<std::vector<std::string>>(std::string_view)>;
// Extra work inside the low-credit transaction (e.g. a webhook event); may be empty.
using LowCreditHook = std::function<core::Status(store::SqlSession& tx, std::string_view account,
                                                 int64_t balance, int64_t threshold)>;

class CreditAlertMailer final : public CreditAlerts {
 public:
  // `billing_url` is the link in the emails (where to buy credits). Every reference must outlive
  // the mailer.
  CreditAlertMailer(notify::Outbox& outbox, const notify::EmailTemplates& templates,
                    RecipientsFn recipients, std::string billing_url, LowCreditHook hook = {});

  core::Status LowCredits(store::SqlSession& tx, std::string_view account_id, int64_t balance,
                          int64_t threshold) override;
  // One email per owner: the balance, `held` leads on hold, kept until `hold_days` pass.
  core::Status CreditsExhausted(store::SqlSession& tx, std::string_view account_id, int64_t balance,
                                int64_t held, int64_t hold_days);

 private:
  core::Status Send(store::SqlSession& tx, std::string_view account_id, std::string_view tmpl,
                    const notify::TemplateVars& vars);

  notify::Outbox& outbox_;
  const notify::EmailTemplates& templates_;
  RecipientsFn recipients_;
  std::string billing_url_;
  LowCreditHook hook_;
};

}  // namespace leados::billing
