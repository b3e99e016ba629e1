#include "pipeline/lead_processor.h"

#include <chrono>
#include <cmath>
#include <optional>

#include "pipeline/lead_payload.h"
#include "score/match_evidence.h"

namespace leados::pipeline {
namespace {

// Times one stage into leados_pipeline_stage_seconds{stage}.
class StageTimer {
 public:
  StageTimer(core::HistogramFamily& family, std::string_view stage)
      : family_(family), stage_(stage), start_(std::chrono::steady_clock::now()) {}
  ~StageTimer() {
    const std::chrono::duration<double> d = std::chrono::steady_clock::now() - start_;
    family_.With({stage_}).Observe(d.count());
  }

 private:
  core::HistogramFamily& family_;
  std::string_view stage_;
  std::chrono::steady_clock::time_point start_;
};

score::FitResult ToScoreFit(const enrich::FitResult& f) {
  return score::FitResult{f.met, f.missed, f.fraction};
}

// "pending" for the channels the campaign uses, "off" for the others; the portal shows a lead
// ("shown") until the client dismisses it.
ChannelStatus ChannelsOf(const campaigns::CampaignSpec& spec) {
  ChannelStatus c;
  for (const auto& ch : spec.channels) {
    if (ch == "webhook") c.webhook = "pending";
    if (ch == "api") c.api = "pending";
    if (ch == "email") c.digest = "pending";
    if (ch == "portal") c.portal = "shown";
  }
  return c;
}

// The enrichment level a lead is priced by (LeadRecord::enrichment_level).
std::string EnrichmentLevelOf(const enrich::Enrichment& e) {
  const bool company = e.company.domain.known() || e.company.name.known();
  if (!company) return "basic";
  return e.role.function.known() ? "full" : "company";
}

IdentityParts IdentityOf(const ingest::Signal& s, const enrich::Enrichment& e) {
  IdentityParts p;
  p.source = s.source;
  p.signal_key = s.Key();
  p.author = s.author;
  p.company_domain = e.company.domain.known() ? e.company.domain.value : s.company_domain;
  p.company_name = e.company.name.known() ? e.company.name.value : s.company;
  if (e.role.function.known()) p.role = std::string(enrich::JobFunctionName(e.role.function.value));
  p.title = s.title;
  return p;
}

}  // namespace

LeadProcessor::LeadProcessor(ProcessorParts parts)
    : p_(std::move(parts)),
      drops_(p_.metrics.CounterFamily("leados_pipeline_drops_total",
                                      "Matches that did not become leads, by reason.", {"reason"})),
      leads_(p_.metrics.CounterFamily("leados_pipeline_leads_total",
                                      "Leads by outcome (created, replayed, held).", {"outcome"})),
      stage_seconds_(p_.metrics.HistogramFamily("leados_pipeline_stage_seconds",
                                                "Time spent per signal in each pipeline stage.",
                                                {"stage"})),
      signals_(p_.metrics.Counter("leados_pipeline_signals_total",
                                  "Signals processed (their leads stored and handed over).")) {}

core::Result<ProcessResult> LeadProcessor::Process(const ingest::Signal& signal) {
  auto prepared = Prepare(signal);
  if (!prepared) return core::Fail(prepared.error());
  auto committed = Commit(*prepared);
  if (committed) CountProcessed(1);
  return committed;
}

void LeadProcessor::CountProcessed(size_t n) { signals_.Inc(n); }

core::Result<PreparedSignal> LeadProcessor::Prepare(const ingest::Signal& signal) {
  PreparedSignal prepared;
  prepared.signal = &signal;
  ProcessResult& out = prepared.result;
  std::vector<match::CampaignMatch> matches;
  {
    StageTimer t(stage_seconds_, "match");
    matches = p_.matcher.Match(signal);
  }
  out.matches = static_cast<int>(matches.size());
  if (matches.empty()) return prepared;

  auto drop = [&](const std::string& campaign_id, const char* reason) {
    drops_.With({reason}).Inc();
    out.dropped.emplace_back(campaign_id, reason);
  };

  // Per signal, computed on first need: the intent prediction and the enrichment.
  std::optional<score::IntentPrediction> prediction;
  std::optional<enrich::Enrichment>& enrichment = prepared.enrichment;
  const int64_t now_ms = p_.clock.NowUnixMillis();
  const auto published_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(signal.published.time_since_epoch()).count();

  // Phase 1: which campaigns may take the signal, and the model's score for each.
  struct Candidate {
    std::shared_ptr<const ActiveCampaign> campaign;
    score::LeadScoreInput input;
    score::LeadScore score;
  };
  std::vector<Candidate> candidates;
  for (const auto& m : matches) {
    auto campaign = p_.campaigns.Find(m.campaign_id);
    if (!campaign || campaign->campaign.spec.status != campaigns::CampaignStatus::kActive) {
      drop(m.campaign_id, "campaign_inactive");
      continue;
    }
    const campaigns::Campaign& c = campaign->campaign;
    if (const char* reason = FilterDropReason(c.spec.filters, signal)) {
      drop(c.id, reason);
      continue;
    }
    auto suppressed = p_.suppression.Suppressed(c.account_id, signal);
    if (!suppressed) return core::Fail(suppressed.error());
    if (*suppressed) {
      drop(c.id, "suppressed");
      continue;
    }
    if (!prediction) {
      StageTimer t(stage_seconds_, "score");
      prediction = p_.model ? p_.model->Predict(signal.title, signal.body) : score::IntentPrediction{};
    }
    if (!enrichment) {
      StageTimer t(stage_seconds_, "enrich");
      enrichment = p_.enricher.Enrich(signal);
    }
    Candidate cand{campaign, {}, {}};
    cand.input.intent_class = prediction->label;
    cand.input.intent_probability = prediction->intent_probability;
    cand.input.fit = ToScoreFit(campaign->icp.Evaluate(*enrichment));
    cand.input.match = score::MatchEvidenceFrom(signal, m);
    cand.input.age_hours = static_cast<double>(now_ms - published_ms) / 3.6e6;
    cand.input.source = std::string(ingest::SourceKindName(signal.source));
    cand.score = score::ComputeLeadScore(cand.input, p_.weights);
    candidates.push_back(std::move(cand));
  }

  // Phase 2: the optional LLM second opinion on the best of them (only campaigns that opted in;
  // the re-ranker keeps the model's score on any failure and says why in score.llm).
  if (p_.reranker != nullptr && !candidates.empty()) {
    StageTimer t(stage_seconds_, "llm");
    std::vector<score::RerankCandidate> batch;
    batch.reserve(candidates.size());
    for (const auto& cand : candidates) {
      const auto& spec = cand.campaign->campaign.spec;
      auto rc = score::RerankCandidate::FromSignal(signal, cand.input, cand.score, spec.query,
                                                   spec.llm_rerank);
      rc.weights = p_.weights;
      batch.push_back(std::move(rc));
    }
    p_.reranker->Rerank(batch);
    for (size_t i = 0; i < candidates.size(); ++i) candidates[i].score = std::move(batch[i].score);
  }

  // Phase 3: each candidate that scores high enough becomes a lead.
  for (const auto& cand : candidates) {
    const campaigns::Campaign& c = cand.campaign->campaign;
    const score::LeadScore& ls = cand.score;
    if (ls.score < std::lround(c.spec.min_score * 100.0)) {
      drop(c.id, "below_min_score");
      continue;
    }

    LeadRecord lead;
    lead.id = LeadIdFor(c.account_id, c.id, signal.Key());
    lead.account_id = c.account_id;
    lead.campaign_id = c.id;
    lead.fingerprint =
        p_.fingerprinter.Compute(c.account_id, LeadIdentity(IdentityOf(signal, *enrichment)));
    lead.score = ls.score;
    lead.intent_class = std::string(score::IntentClassName(ls.intent_class));
    lead.source_kind = std::string(ingest::SourceKindName(signal.source));
    lead.signal_published_at_ms = published_ms;
    lead.created_at_ms = now_ms;
    lead.payload_expires_at_ms =
        now_ms + std::chrono::duration_cast<std::chrono::milliseconds>(p_.payloads.ttl()).count();
    lead.channels = ChannelsOf(c.spec);
    lead.updated_at_ms = now_ms;
    lead.enrichment_level = EnrichmentLevelOf(*enrichment);

    Claim claim;
    {
      StageTimer t(stage_seconds_, "fingerprint");
      auto claimed = p_.fingerprints.ClaimFor(c.account_id, lead.fingerprint, lead.id);
      if (!claimed) return core::Fail(claimed.error());
      claim = *claimed;
    }
    if (claim == Claim::kDuplicate) {
      drop(c.id, "duplicate");
      continue;
    }
    if (claim == Claim::kReplay) {
      // A replayed signal whose lead already finished (every channel done, payload deleted) must
      // not bring the personal data back: nothing more to store or hand over.
      auto existing = p_.leads.Get(c.account_id, lead.id);
      if (!existing) return core::Fail(existing.error());
      if (existing->has_value() && (*existing)->payload_deleted_at_ms) {
        out.replayed.push_back(lead.id);
        leads_.With({"replayed"}).Inc();
        continue;
      }
    }

    const double probability =
        ls.llm && ls.llm->llm_probability ? *ls.llm->llm_probability : prediction->intent_probability;
    prepared.leads.push_back({std::move(lead), ls, probability});
  }
  return prepared;
}

core::Result<ProcessResult> LeadProcessor::Commit(const PreparedSignal& prepared) {
  ProcessResult out = prepared.result;
  for (const auto& pl : prepared.leads) {
    LeadRecord lead = pl.record;
    ChargeOutcome charge;
    {
      StageTimer t(stage_seconds_, "charge");
      auto charged = p_.charger.Reserve(lead);
      if (!charged) return core::Fail(charged.error());
      charge = *charged;
    }

    lead.held = charge == ChargeOutcome::kHeld;  // hidden from the client until released
    const std::string payload =
        LeadPayloadJson(lead, *prepared.signal, *prepared.enrichment, pl.score, pl.probability);
    {
      StageTimer t(stage_seconds_, "store");
      if (auto st = p_.payloads.Put(lead.id, payload); !st) return core::Fail(st.error());
      auto inserted = p_.leads.Insert(lead);
      if (!inserted) return core::Fail(inserted.error());
      (*inserted ? out.created : out.replayed).push_back(lead.id);
      leads_.With({*inserted ? "created" : "replayed"}).Inc();
    }
    if (charge == ChargeOutcome::kHeld) {
      out.held.push_back(lead.id);
      leads_.With({"held"}).Inc();
      continue;  // delivered after a top-up (billing)
    }
    StageTimer t(stage_seconds_, "deliver");
    if (auto st = p_.sink.LeadCreated(lead, payload); !st) return core::Fail(st.error());
  }
  return out;
}

}  // namespace leados::pipeline
