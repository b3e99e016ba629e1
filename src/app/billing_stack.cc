#include "app/billing_stack.h"

#include "api/billing_routes.h"
#include "app/billing_charger.h"
#include "core/log.h"

namespace leados::app {

core::Result<std::unique_ptr<BillingStack>> BillingStack::Open(Runtime& rt, AccountsStack& accounts,
                                                               DeliverStack* deliver) {
  const core::Config& config = rt.config();
  std::unique_ptr<BillingStack> s(new BillingStack());
  s->rt_ = &rt;
  s->metered_ = config.GetBool("billing.metered");
  auto prices = billing::PriceList::Parse(config.GetInt("billing.price.default"),
                                          config.GetString("billing.price.by_source"),
                                          config.GetString("billing.price.by_enrichment"));
  if (!prices) return core::Fail(prices.error());
  s->outbox_ = std::make_unique<notify::Outbox>(rt.clock());
  s->templates_ = std::make_unique<notify::EmailTemplates>();
  const std::string origin = config.GetString("server.public_url").empty()
                                 ? PublicOrigin(config)
                                 : config.GetString("server.public_url");
  accounts::AccountService* account_service = &accounts.accounts();
  s->account_service_ = account_service;
  s->mailer_ = std::make_unique<billing::CreditAlertMailer>(
      *s->outbox_, *s->templates_,
      [account_service](std::string_view account) { return account_service->OwnerEmails(account); },
      origin + "/billing",
      deliver != nullptr ? CreditsLowWebhook(deliver->deliveries()) : billing::LowCreditHook{});
  s->ledger_ = std::make_unique<billing::Ledger>(
      rt.database(), rt.clock(),
      billing::LedgerOptions{config.GetInt("billing.low_credit_threshold")}, s->mailer_.get());
  s->charges_ = std::make_unique<billing::ChargeService>(
      rt.database(), rt.clock(), *s->ledger_, std::move(*prices),
      billing::ChargeOptions{.hold_days =
                                 std::min<int64_t>(config.GetInt("billing.hold_days"),
                                                   config.GetInt("pipeline.payload_ttl_days"))},
      s->mailer_.get());
  s->outbox_worker_ = &accounts.outbox_worker();
  s->interval_ = std::chrono::seconds(config.GetInt("billing.release_interval_seconds"));
  BillingStack* self = s.get();
  s->ledger_->AddCreditListener([self](const std::string& account) {
    self->outbox_worker_->Wake();
    self->ReleaseAccount(account);
  });
  return s;
}

BillingStack::~BillingStack() {
  Stop();
}

void BillingStack::RegisterRoutes(api::AccountsApi& api, http::Router& router,
                                  accounts::AuditLog& audit) {
  api::AddBillingRoutes(api, router,
                        {*ledger_, *charges_, *account_service_, audit, rt_->database()});
}

void BillingStack::SetHandover(std::function<core::Status(const billing::Reservation&)> handover) {
  handover_ = std::move(handover);
}

void BillingStack::SetOnExpired(std::function<void(const std::string&)> on_expired) {
  on_expired_ = std::move(on_expired);
}

void BillingStack::HandOver(const std::vector<billing::Reservation>& released) {
  for (const auto& r : released) {
    if (auto st = handover_(r); !st) {
      core::log::Error("billing.handover_failed",
                       {{"lead", r.lead_id}, {"error", st.error().message}});
      continue;  // stays handover_pending: the next round tries again
    }
    if (auto st = charges_->MarkHandedOver(r.lead_id); !st) {
      core::log::Error("billing.handover_not_marked",
                       {{"lead", r.lead_id}, {"error", st.error().message}});
    }
  }
}

void BillingStack::ReleaseAccount(const std::string& account_id) {
  if (!handover_ || !metered_) return;  // nothing to deliver with: the periodic round will
  auto released = charges_->ReleaseHeld(account_id);
  if (!released) {
    core::log::Error("billing.release_failed",
                     {{"account", account_id}, {"error", released.error().message}});
    return;
  }
  if (!released->empty()) {
    core::log::Info("billing.leads_released",
                    {{"account", account_id}, {"count", static_cast<int64_t>(released->size())}});
  }
  HandOver(*released);
}

core::Status BillingStack::Tick() {
  auto expired = charges_->ExpireHeld();
  if (!expired) return core::Fail(expired.error());
  if (!expired->empty()) {
    core::log::Info("billing.holds_expired", {{"count", static_cast<int64_t>(expired->size())}});
  }
  if (on_expired_) {
    for (const auto& id : *expired) on_expired_(id);
  }
  if (!handover_ || !metered_) return core::Ok();
  auto accounts = charges_->AccountsWithHeld();
  if (!accounts) return core::Fail(accounts.error());
  for (const auto& a : *accounts) ReleaseAccount(a);
  auto pending = charges_->PendingHandovers();
  if (!pending) return core::Fail(pending.error());
  HandOver(*pending);
  return core::Ok();
}

void BillingStack::Start() {
  ticker_.Start(std::chrono::duration_cast<std::chrono::milliseconds>(interval_), [this] {
    if (auto st = Tick(); !st) core::log::Error("billing.tick_failed", {{"error", st.error().message}});
  });
}

void BillingStack::Stop() { ticker_.Stop(); }

}  // namespace leados::app
