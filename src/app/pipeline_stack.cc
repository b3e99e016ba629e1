#include "app/pipeline_stack.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "api/lead_routes.h"
#include "core/crypto.h"
#include "core/encoding.h"
#include "core/log.h"

namespace leados::app {

core::Status PendingLeadSink::LeadCreated(const pipeline::LeadRecord& lead, std::string_view) {
  core::log::Info("pipeline.lead", {{"lead", lead.id},
                                    {"account", lead.account_id},
                                    {"campaign", lead.campaign_id},
                                    {"score", static_cast<int64_t>(lead.score)}});
  return core::Ok();
}

core::Result<std::string> FingerprintSecret(const core::Config& config) {
  if (std::string secret = config.GetString("pipeline.fingerprint_secret"); !secret.empty()) {
    return secret;
  }
  if (!config.GetString("database.url").empty()) {
    return core::InvalidArgument(
        "pipeline.fingerprint_secret: required with database.url (every process must use the "
        "same key; e.g. 32 random bytes in hex)");
  }
  const std::filesystem::path file =
      std::filesystem::path(config.GetString("data.dir")) / "fingerprint.key";
  if (std::ifstream in(file); in) {
    std::string secret;
    std::getline(in, secret);
    if (!secret.empty()) return secret;
  }
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  const std::string secret = core::HexEncode(core::RandomBytes(32));
  {
    std::ofstream out(file, std::ios::trunc);
    out << secret << "\n";
    if (!out) return core::Internal("cannot write " + file.string());
  }
  ::chmod(file.c_str(), 0600);
  return secret;
}

core::Status PipelineStack::HandOver(const billing::Reservation& r) {
  auto lead = lead_store_->Get(r.account_id, r.lead_id);
  if (!lead) return core::Fail(lead.error());
  if (!lead->has_value()) {
    // Reserved before its row was written (the pipeline writes the row right after the charge):
    // not handed over yet, the next round tries again.
    return core::NotFound("lead " + r.lead_id + " has no row yet");
  }
  auto payload = lead_service_->PayloadOf(**lead);
  if (!payload) return core::Fail(payload.error());
  if (!payload->has_value()) {
    // The payload is gone (its TTL): nothing can be delivered, so nothing is charged.
    auto refunded = billing_outcomes_->LeadUndeliverable(**lead);
    if (!refunded) return refunded;
    return core::Ok();
  }
  if ((*lead)->held) {
    if (auto st = lead_store_->SetHeld(r.lead_id, false, rt_->clock().NowUnixMillis()); !st) {
      return st;
    }
    (*lead)->held = false;
  }
  if (auto st = sink_->LeadCreated(**lead, **payload); !st) return st;
  core::log::Info("pipeline.held_lead_released", {{"lead", r.lead_id}, {"account", r.account_id}});
  return core::Ok();
}

core::Result<std::unique_ptr<PipelineStack>> PipelineStack::Open(Runtime& rt,
                                                                 CampaignsStack& campaigns,
                                                                 DeliverStack* deliver,
                                                                 BillingStack* billing) {
  const core::Config& config = rt.config();
  std::unique_ptr<PipelineStack> s(new PipelineStack());
  s->rt_ = &rt;
  std::vector<std::string> company_files;
  const auto companies = std::filesystem::path(config.GetString("data.dir")) / "companies.csv";
  if (std::filesystem::exists(companies)) company_files.push_back(companies.string());
  auto resources = enrich::EnrichmentResources::Load(company_files);
  if (!resources) return core::Fail(resources.error());
  s->resources_ = std::move(*resources);
  auto& r = *s->resources_;
  s->enricher_ = std::make_unique<enrich::Enricher>(*r.directory, r.free_email, r.roles,
                                                    r.technologies, r.places);
  auto secret = FingerprintSecret(config);
  if (!secret) return core::Fail(secret.error());
  auto fingerprinter = pipeline::Fingerprinter::Create(*secret);
  if (!fingerprinter) return core::Fail(fingerprinter.error());
  s->fingerprinter_ = std::make_unique<pipeline::Fingerprinter>(std::move(*fingerprinter));
  s->fingerprints_ = std::make_unique<pipeline::FingerprintRegistry>(rt.key_value());
  auto hasher = privacy::IdentityHasher::Create(*secret);
  if (!hasher) return core::Fail(hasher.error());
  s->identity_hasher_ = std::make_unique<privacy::IdentityHasher>(std::move(*hasher));
  s->suppression_store_ = std::make_unique<privacy::SuppressionStore>(rt.database(), rt.clock());
  s->suppression_ =
      std::make_unique<PrivacySuppressionList>(*s->suppression_store_, *s->identity_hasher_);
  s->payloads_ = std::make_unique<pipeline::PayloadStore>(
      rt.key_value(), std::chrono::hours(24 * config.GetInt("pipeline.payload_ttl_days")));
  s->lead_store_ = std::make_unique<pipeline::LeadStore>(rt.database());
  s->lead_service_ =
      std::make_unique<pipeline::LeadService>(*s->lead_store_, *s->payloads_, rt.clock());
  s->snapshot_ = std::make_unique<pipeline::CampaignSnapshot>(r.places);
  pipeline::CampaignSnapshot* snapshot = s->snapshot_.get();
  auto listened = campaigns.AddReloadListener([snapshot](std::vector<campaigns::Campaign> active) {
    for (const auto& error : snapshot->Replace(std::move(active))) {
      core::log::Error("pipeline.campaign_skipped", {{"error", error}});
    }
  });
  if (!listened) return core::Fail(listened.error());

  pipeline::LeadSink* sink = &s->pending_sink_;
  if (deliver != nullptr) {
    s->webhook_sink_ = std::make_unique<WebhookLeadSink>(
        deliver->deliveries(), deliver->dispatcher(), *s->lead_service_, &rt.batching_database());
    s->webhook_sink_->ConnectCompletion(deliver->recorder());
    sink = s->webhook_sink_.get();
  }
  s->sink_ = sink;
  pipeline::CreditCharger* charger = &s->charger_;
  if (billing != nullptr && billing->metered()) {
    s->billing_charger_ = std::make_unique<BillingCharger>(billing->charges(), *s->snapshot_);
    charger = s->billing_charger_.get();
    s->billing_outcomes_ = std::make_unique<BillingOutcomes>(billing->charges());
    s->lead_service_->SetOutcomeListener(s->billing_outcomes_.get());
    PipelineStack* self = s.get();
    billing->SetHandover([self](const billing::Reservation& r) { return self->HandOver(r); });
    // A lead whose hold expired is never delivered: its payload goes now, not after 30 days.
    billing->SetOnExpired([self](const std::string& lead_id) {
      auto gone = self->payloads_->Delete(lead_id);
      auto marked = gone ? self->lead_store_->MarkPayloadDeleted(lead_id,
                                                                  self->rt_->clock().NowUnixMillis())
                         : core::Status(core::Fail(gone.error()));
      if (!marked) {
        core::log::Error("pipeline.expired_payload_not_deleted",
                         {{"lead", lead_id}, {"error", marked.error().message}});
      }
    });
  }
  s->reconciler_ = std::make_unique<LeadReconciler>(rt.database(), *s->lead_service_, rt.clock(),
                                                    s->billing_outcomes_ != nullptr);
  pipeline::ProcessorParts parts{campaigns.matcher(), *s->snapshot_, campaigns.intent_model(),
                                 *s->enricher_, *s->fingerprinter_, *s->fingerprints_,
                                 *s->payloads_, *s->lead_store_, *charger,
                                 *sink, *s->suppression_, rt.clock(),
                                 rt.metrics()};
  parts.reranker = &campaigns.llm_reranker();
  s->processor_ = std::make_unique<pipeline::LeadProcessor>(parts);
  pipeline::RunnerOptions options;
  options.workers = static_cast<int>(config.GetInt("pipeline.workers"));
  options.batch = static_cast<size_t>(config.GetInt("pipeline.batch"));
  options.visibility = std::chrono::seconds(config.GetInt("pipeline.visibility_seconds"));
  s->runner_ = std::make_unique<pipeline::PipelineRunner>(
      rt.queue(), *s->processor_, rt.metrics(), options,
      config.GetBool("pipeline.batch_commit") ? &rt.batching_database() : nullptr);
  s->run_workers_ = config.GetBool("pipeline.enabled");
  return s;
}

PipelineStack::~PipelineStack() { Stop(); }

void PipelineStack::RegisterRoutes(api::AccountsApi& api, http::Router& router) {
  api::AddLeadRoutes(api, router, *lead_service_);
}

void PipelineStack::Start() {
  if (run_workers_) runner_->Start();
  // Every minute: finish what a killed process left half done (LeadReconciler). Hourly: mark
  // the payloads whose days ran out (the KV TTL already removed them).
  sweeper_.Start(std::chrono::minutes(1), [this, minute = int64_t{0}]() mutable {
    if (auto done = reconciler_->RunOnce(); !done) {
      core::log::Error("pipeline.reconcile_failed", {{"error", done.error().message}});
    } else if (done->channels_closed + done->outcomes_told > 0) {
      core::log::Warn("pipeline.reconciled", {{"channels_closed", int64_t{done->channels_closed}},
                                               {"outcomes_told", int64_t{done->outcomes_told}}});
    }
    if (minute++ % 60 == 0) {
      auto swept = lead_service_->SweepExpired();
      if (!swept) {
        core::log::Error("pipeline.sweep_failed", {{"error", swept.error().message}});
      } else if (*swept > 0) {
        core::log::Info("pipeline.payloads_expired", {{"count", static_cast<int64_t>(*swept)}});
      }
    }
  });
}

void PipelineStack::Stop() {
  if (runner_) runner_->Stop();
  sweeper_.Stop();
}

}  // namespace leados::app
