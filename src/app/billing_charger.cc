#include "app/billing_charger.h"

#include "core/json.h"
#include "core/log.h"
#include "deliver/webhook_endpoint.h"

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
  // Read before the commit: only a reservation this call moves to committed is consumed now
  // (Commit is a no-op in any other state, so a repeated call counts nothing).
  std::optional<billing::Reservation> before;
  if (usage_ != nullptr) {
    auto r = charges_.Get(lead.id);
    if (r) before = std::move(*r);
  }
  if (auto ok = charges_.Commit(lead.id); !ok) return ok;
  if (before && before->status == "reserved" && before->credits > 0) {
    usage_->Record({.account_id = lead.account_id,
                    .kind = usage::UsageKind::kCreditsConsumed,
                    .name = "lead",
                    .quantity = before->credits});
  }
  return core::Ok();
}

core::Status BillingOutcomes::LeadUndeliverable(const pipeline::LeadRecord& lead) {
  auto refunded = charges_.Refund(lead.id);
  if (!refunded) return core::Fail(refunded.error());
  if (*refunded) {
    core::log::Info("billing.lead_refunded", {{"lead", lead.id}, {"account", lead.account_id}});
  }
  return core::Ok();
}

billing::LowCreditHook CreditsLowWebhook(deliver::DeliveryService& deliveries) {
  return [&deliveries](store::SqlSession& tx, std::string_view account, int64_t balance,
                       int64_t threshold) -> core::Status {
    const core::json::object data{
        {"account_id", std::string(account)}, {"balance", balance}, {"threshold", threshold}};
    auto made = deliveries.EnqueueIn(tx, account, deliver::kEventCreditsLow, std::nullopt,
                                     core::ToJson(data));
    if (!made) return core::Fail(made.error());
    return core::Ok();
  };
}

}  // namespace leados::app
