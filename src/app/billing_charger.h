#pragma once
// The pipeline's billing ports on billing::ChargeService (the pipeline does not know billing):
//  - BillingCharger (pipeline::CreditCharger): a lead's charge request — its source kind,
//    enrichment level and its campaign's daily_credit_cap (from the active campaign snapshot;
//    a campaign no longer active: no cap) — reserved or held.
//  - BillingOutcomes (pipeline::LeadOutcomeListener): delivered → commit, undeliverable → refund.
// Thread-safe (ChargeService and the lookup are).

#include "billing/charges.h"
#include "billing/credit_alerts.h"
#include "deliver/delivery_service.h"
#include "pipeline/active_campaign.h"
#include "pipeline/ports.h"
#include "usage/usage_event.h"

namespace leados::app {

class BillingCharger final : public pipeline::CreditCharger {
 public:
  // Both must outlive the charger.
  BillingCharger(billing::ChargeService& charges, const pipeline::CampaignLookup& campaigns)
      : charges_(charges), campaigns_(campaigns) {}
  core::Result<pipeline::ChargeOutcome> Reserve(const pipeline::LeadRecord& lead) override;

 private:
  billing::ChargeService& charges_;
  const pipeline::CampaignLookup& campaigns_;
};

class BillingOutcomes final : public pipeline::LeadOutcomeListener {
 public:
  explicit BillingOutcomes(billing::ChargeService& charges) : charges_(charges) {}
  core::Status LeadDelivered(const pipeline::LeadRecord& lead) override;
  core::Status LeadUndeliverable(const pipeline::LeadRecord& lead) override;
  // Where a commit (reserved → committed) is counted as credits_consumed with the lead's
  // credits (src/usage). Null: not counted. Set before the pipeline starts.
  void SetUsageSink(usage::UsageSink* sink) { usage_ = sink; }

 private:
  billing::ChargeService& charges_;
  usage::UsageSink* usage_ = nullptr;
};

// The low-credit hook that also sends the `credits.low` webhook event (deliver's
// kEventCreditsLow) to the account's subscribed endpoints, inside the ledger's transaction:
// data {"account_id","balance","threshold"}. `deliveries` must outlive the hook.
billing::LowCreditHook CreditsLowWebhook(deliver::DeliveryService& deliveries);

}  // namespace leados::app
