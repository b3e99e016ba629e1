#pragma once
// BillingStack: the credit ledger inside a LeadOS process — the Ledger with its credit emails
// (billing.low_credit_threshold), the ChargeService with the prices (billing.price.*) and holds
// (billing.hold_days), the billing routes (getBalance, listLedgerEntries, adminAdjustCredits), and
// the release of held leads: right after any credit (a purchase, an adjustment, a refund) for that
// account, and every billing.release_interval_seconds for all of them (held leads past hold_days
// expire, leads held by a daily cap go out the next day, released leads whose handover to
// delivery was cut short by a crash are handed over again).
//
// Metering: billing.metered (true by default) makes the pipeline charge leads through the ledger;
// with false the pipeline keeps its UnmeteredCharger (leads are free); the ledger, its routes and
// `leados ledger verify` work either way.

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>

#include "api/accounts_api.h"
#include "app/accounts_stack.h"
#include "app/deliver_stack.h"
#include "app/runtime.h"
#include "billing/charges.h"
#include "billing/credit_alerts.h"
#include "billing/ledger.h"
#include "core/periodic_task.h"
#include "core/result.h"
#include "http/router.h"
#include "notify/outbox.h"
#include "notify/templates.h"

namespace leados::app {

class BillingStack {
 public:
  // `rt` and `accounts` must outlive the stack. kInvalidArgument for a bad billing.price.* value.
  // With `deliver` (must outlive the stack) a low-credit crossing also sends the `credits.low`
  // webhook event.
  static core::Result<std::unique_ptr<BillingStack>> Open(Runtime& rt, AccountsStack& accounts,
                                                          DeliverStack* deliver = nullptr);
  ~BillingStack();  // Stop()

  billing::Ledger& ledger() { return *ledger_; }
  billing::ChargeService& charges() { return *charges_; }
  // billing.metered: the pipeline charges leads.
  bool metered() const { return metered_; }

  void RegisterRoutes(api::AccountsApi& api, http::Router& router, accounts::AuditLog& audit);

  // How a released lead reaches delivery (installed by PipelineStack; until then nothing is
  // released). Must be idempotent on the lead id. Call before Start.
  void SetHandover(std::function<core::Status(const billing::Reservation&)> handover);

  // What to do with a lead whose hold expired (installed by PipelineStack: delete its payload).
  // Call before Start.
  void SetOnExpired(std::function<void(const std::string& lead_id)> on_expired);

  // Releases the account's held leads the balance allows and hands them to delivery. Errors are
  // logged (the periodic round tries again).
  void ReleaseAccount(const std::string& account_id);
  // One periodic round: expire, release every account with held leads, retry handovers.
  core::Status Tick();

  // Starts / stops the periodic round (billing.release_interval_seconds).
  void Start();
  void Stop();

 private:
  BillingStack() = default;
  void HandOver(const std::vector<billing::Reservation>& released);

  Runtime* rt_ = nullptr;
  accounts::AccountService* account_service_ = nullptr;
  bool metered_ = false;
  std::unique_ptr<notify::Outbox> outbox_;
  std::unique_ptr<notify::EmailTemplates> templates_;
  std::unique_ptr<billing::CreditAlertMailer> mailer_;
  std::unique_ptr<billing::Ledger> ledger_;
  std::unique_ptr<billing::ChargeService> charges_;
  std::function<core::Status(const billing::Reservation&)> handover_;
  std::function<void(const std::string&)> on_expired_;
  notify::OutboxWorker* outbox_worker_ = nullptr;
  std::chrono::seconds interval_{60};
  core::PeriodicTask ticker_;
};

}  // namespace leados::app
