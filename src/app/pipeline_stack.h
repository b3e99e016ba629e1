#pragma once
// PipelineStack: the lead pipeline inside a LeadOS process — the enrichment data (built-in list +
// DATA/companies.csv), the fingerprint key, the payload store and leads table, the campaign
// snapshot (kept in step with the matcher by CampaignsStack reloads), the LeadProcessor with the
// intent model and the LLM re-ranker of CampaignsStack, the PipelineRunner on the queue topic
// "signals", the payload sweep, and the lead routes (/v1/leads).
//
// Credits: with a BillingStack that meters (billing.metered), leads are charged through
// BillingCharger, delivered / undeliverable leads commit / refund their credits (BillingOutcomes
// on the LeadService), and leads released from hold are handed to the sink here; otherwise
// UnmeteredCharger. Suppression: the privacy suppression list (PrivacySuppressionList,
// src/app/privacy_stack.h: a suppressed author is no lead for any account). Delivery: webhooks through DeliverStack (WebhookLeadSink)
// when one is given; the API, portal and digest channels wait for the client.

#include <atomic>
#include <memory>
#include <thread>

#include "api/accounts_api.h"
#include "app/billing_charger.h"
#include "app/billing_stack.h"
#include "app/campaigns_stack.h"
#include "app/deliver_stack.h"
#include "app/lead_reconciler.h"
#include "app/privacy_stack.h"
#include "app/webhook_lead_sink.h"
#include "app/runtime.h"
#include "core/periodic_task.h"
#include "core/result.h"
#include "enrich/enricher.h"
#include "http/router.h"
#include "pipeline/campaign_snapshot.h"
#include "pipeline/fingerprint.h"
#include "pipeline/lead_processor.h"
#include "pipeline/lead_service.h"
#include "pipeline/lead_store.h"
#include "pipeline/payload_store.h"
#include "pipeline/pipeline_runner.h"
#include "pipeline/ports.h"

namespace leados::app {

// A sink that only logs: leads stay pending on the webhook channel until delivery is wired.
class PendingLeadSink final : public pipeline::LeadSink {
 public:
  core::Status LeadCreated(const pipeline::LeadRecord& lead, std::string_view payload) override;
};

class PipelineStack {
 public:
  // `runtime`, `campaigns` and `deliver` (when given) must outlive the stack. Without `deliver`
  // leads are only logged on the webhook channel (PendingLeadSink). Errors: the fingerprint key
  // (too short, or missing on PostgreSQL), the company file. Registers itself for CampaignsStack
  // reloads and installs the active set; with `deliver`, hooks the webhook channel's completion
  // (call before deliver's workers start).
  // With `billing` (must outlive the stack) leads are charged when it meters (see above).
  static core::Result<std::unique_ptr<PipelineStack>> Open(Runtime& runtime,
                                                           CampaignsStack& campaigns,
                                                           DeliverStack* deliver = nullptr,
                                                           BillingStack* billing = nullptr);
  ~PipelineStack();  // Stop()

  void RegisterRoutes(api::AccountsApi& api, http::Router& router);
  // Counts the credits of delivered leads as credits_consumed usage (when billing is metered).
  // Set before Start; `sink` must outlive the stack.
  void SetUsageSink(usage::UsageSink* sink) {
    if (billing_outcomes_) billing_outcomes_->SetUsageSink(sink);
  }
  // Starts the workers (when pipeline.enabled), the reconciliation every minute
  // (LeadReconciler) and the hourly payload sweep.
  void Start();
  void Stop();

  pipeline::LeadService& leads() { return *lead_service_; }
  pipeline::LeadProcessor& processor() { return *processor_; }
  pipeline::CampaignSnapshot& campaigns() { return *snapshot_; }
  // For rights requests (PrivacyStack): the leads table, the payload store, the fingerprint key.
  pipeline::LeadStore& lead_store() { return *lead_store_; }
  pipeline::PayloadStore& payloads() { return *payloads_; }
  const pipeline::Fingerprinter& fingerprinter() const { return *fingerprinter_; }
  // Hands a lead released from hold to the sink with its payload (BillingStack's handover). A
  // lead whose payload expired is refunded instead. kNotFound while the lead has no row yet.
  core::Status HandOver(const billing::Reservation& released);

 private:
  PipelineStack() = default;

  Runtime* rt_ = nullptr;
  std::unique_ptr<enrich::EnrichmentResources> resources_;
  std::unique_ptr<enrich::Enricher> enricher_;
  std::unique_ptr<pipeline::Fingerprinter> fingerprinter_;
  std::unique_ptr<pipeline::FingerprintRegistry> fingerprints_;
  std::unique_ptr<pipeline::PayloadStore> payloads_;
  std::unique_ptr<pipeline::LeadStore> lead_store_;
  std::unique_ptr<pipeline::LeadService> lead_service_;
  std::unique_ptr<pipeline::CampaignSnapshot> snapshot_;
  pipeline::UnmeteredCharger charger_;
  std::unique_ptr<BillingCharger> billing_charger_;
  std::unique_ptr<BillingOutcomes> billing_outcomes_;
  pipeline::LeadSink* sink_ = nullptr;
  std::unique_ptr<privacy::IdentityHasher> identity_hasher_;
  std::unique_ptr<privacy::SuppressionStore> suppression_store_;
  std::unique_ptr<PrivacySuppressionList> suppression_;
  PendingLeadSink pending_sink_;
  std::unique_ptr<WebhookLeadSink> webhook_sink_;
  std::unique_ptr<pipeline::LeadProcessor> processor_;
  std::unique_ptr<pipeline::PipelineRunner> runner_;
  std::unique_ptr<LeadReconciler> reconciler_;
  bool run_workers_ = true;
  core::PeriodicTask sweeper_;
};

// The fingerprint key from pipeline.fingerprint_secret, or (embedded default) DATA/fingerprint.key,
// created with 32 random bytes (hex) and mode 0600 on first use.
core::Result<std::string> FingerprintSecret(const core::Config& config);

}  // namespace leados::app
