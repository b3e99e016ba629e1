#include "billing/credit_alerts.h"

#include "core/log.h"

namespace leados::billing {

CreditAlertMailer::CreditAlertMailer(notify::Outbox& outbox,
                                     const notify::EmailTemplates& templates,
                                     RecipientsFn recipients, std::string billing_url,
                                     LowCreditHook hook)
    : outbox_(outbox),
      templates_(templates),
      recipients_(std::move(recipients)),
      billing_url_(std::move(billing_url)),
      hook_(std::move(hook)) {}

core::Status CreditAlertMailer::Send(store::SqlSession& tx, std::string_view account_id,
                                     std::string_view tmpl, const notify::TemplateVars& vars) {
  auto to = recipients_(account_id);
  if (!to) return core::Fail(to.error());
  if (to->empty()) {
    core::log::Warn("billing.alert_no_recipient",
                    {{"account", std::string(account_id)}, {"template", std::string(tmpl)}});
  }
  for (const auto& address : *to) {
    auto email = templates_.Render(tmpl, address, vars);
    if (!email) return core::Fail(email.error());
    email->account_id = std::string(account_id);
    if (auto id = outbox_.Enqueue(tx, *email); !id) return core::Fail(id.error());
  }
  return core::Ok();
}

core::Status CreditAlertMailer::LowCredits(store::SqlSession& tx, std::string_view account_id,
                                           int64_t balance, int64_t threshold) {
  if (auto st = Send(tx, account_id, "credits_low",
                     {{"balance", std::to_string(balance)},
                      {"threshold", std::to_string(threshold)},
                      {"billing_link", billing_url_}});
      !st) {
    return st;
  }
  if (hook_) return hook_(tx, account_id, balance, threshold);
  return core::Ok();
}

core::Status CreditAlertMailer::CreditsExhausted(store::SqlSession& tx, std::string_view account_id,
                                                 int64_t balance, int64_t held, int64_t hold_days) {
  return Send(tx, account_id, "credits_exhausted",
              {{"balance", std::to_string(balance)},
               {"held", std::to_string(held)},
               {"hold_days", std::to_string(hold_days)},
               {"billing_link", billing_url_}});
}

}  // namespace leados::billing
