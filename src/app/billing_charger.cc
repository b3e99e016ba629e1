#include "app/billing_charger.h"

#include "core/log.h"

namespace leados::app {

core::Result<pipeline::ChargeOutcome> BillingCharger::Reserve(const pipeline::LeadRecord& lead) {
  billing::ChargeRequest req{lead.id,
                             lead.account_id,
                             lead.campaign_id,
                             lead.source_kind,
                             lead.enrichment_level.empty() ? std::string(billing::kEnrichmentBasic)
                                                           : lead.enrichment_level,
                             std::nullopt};
  if (auto campaign = campaigns_.Find(lead.campaign_id)) {
    req.daily_cap = campaign->campaign.spec.daily_credit_cap;
  }
  auto decision = charges_.Reserve(req);
  if (!decision) return core::Fail(decision.error());
  return *decision == billing::ChargeDecision::kHeld ? pipeline::ChargeOutcome::kHeld
                                                     : pipeline::ChargeOutcome::kCharged;
}

core::Status BillingOutcomes::LeadDelivered(const pipeline::LeadRecord& lead) {
  return charges_.Commit(lead.id);
}

core::Status BillingOutcomes::LeadUndeliverable(const pipeline::LeadRecord& lead) {
  auto refunded = charges_.Refund(lead.id);
  if (!refunded) return core::Fail(refunded.error());
  if (*refunded) {
    core::log::Info("billing.lead_refunded", {{"lead", lead.id}, {"account", lead.account_id}});
  }
  return core::Ok();
}

}  // namespace leados::app
