#pragma once
// LeadProcessor: one signal → the leads it makes, stage by stage:
//   match → campaign active + source/language filters → suppression → score (intent model once
//   per signal, enrichment once per signal, ICP fit and the lead score per campaign) → optional
//   LLM re-ranking of the signal's candidates (campaigns that opted in) → minimum score →
//   fingerprint claim → credit reservation → payload (KV) → lead row (SQL) → sink.
// Each drop is counted by reason in leados_pipeline_drops_total{reason}; each stage's latency in
// leados_pipeline_stage_seconds{stage}; leads in leados_pipeline_leads_total{outcome}.
//
// Idempotent: processing the same signal again computes the same lead ids, finds its own
// fingerprint claims (Claim::kReplay), re-puts the same payload, leaves the lead row as it is and
// calls the sink again (which must be idempotent on the lead id). So a queue message redelivered
// after a crash never makes a second lead or a second charge (the charger is keyed by lead id).
// Thread-safe when its parts are (all the real ones are); one processor serves every worker.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/metrics.h"
#include "core/result.h"
#include "enrich/enricher.h"
#include "ingest/signal.h"
#include "match/matcher.h"
#include "pipeline/active_campaign.h"
#include "pipeline/fingerprint.h"
#include "pipeline/lead_store.h"
#include "pipeline/payload_store.h"
#include "pipeline/ports.h"
#include "score/intent_model.h"
#include "score/lead_score.h"
#include "score/llm_reranker.h"

namespace leados::pipeline {

struct ProcessorParts {
  const match::Matcher& matcher;
  const CampaignLookup& campaigns;
  const score::IntentModel* model;  // nullptr: intent probability 0, class none (no model loaded)
  const enrich::Enricher& enricher;
  const Fingerprinter& fingerprinter;
  FingerprintRegistry& fingerprints;
  PayloadStore& payloads;
  LeadStore& leads;
  CreditCharger& charger;
  LeadSink& sink;
  const SuppressionList& suppression;
  const core::Clock& clock;
  core::Metrics& metrics;
  score::ScoreWeights weights{};
  // Optional second opinion (llm.*); nullptr: none. Used only for campaigns with llm_rerank.
  score::LlmReranker* reranker = nullptr;
};

// What became of one signal.
struct ProcessResult {
  int matches = 0;
  std::vector<std::string> created;   // lead ids made now
  std::vector<std::string> replayed;  // lead ids that already existed (a replayed signal)
  std::vector<std::string> held;      // created but waiting for credits
  std::vector<std::pair<std::string, std::string>> dropped;  // (campaign id, reason)
};

// A signal after the stages that need no SQL write (match … fingerprint claim): the leads it
// is to make. Refers to the signal it was prepared from, which must outlive it.
struct PreparedSignal {
  const ingest::Signal* signal = nullptr;
  std::optional<enrich::Enrichment> enrichment;
  struct Lead {
    LeadRecord record;
    score::LeadScore score;
    double probability = 0;  // the intent probability the payload reports
  };
  std::vector<Lead> leads;
  ProcessResult result;  // matches and drops so far; Commit adds created, replayed and held
};

class LeadProcessor {
 public:
  explicit LeadProcessor(ProcessorParts parts);

  // Prepare then Commit. Errors (KV, SQL, sink) are returned as they are: the caller retries the
  // signal later, which is safe (see above). Drop reasons: "campaign_inactive", "source_filter",
  // "language_filter", "suppressed", "below_min_score", "duplicate".
  core::Result<ProcessResult> Process(const ingest::Signal& signal);

  // The two halves, so that a worker can prepare a batch of signals (CPU, KV and SQL reads only)
  // and then commit all their leads in one database transaction (PipelineRunner with a
  // store::BatchingDatabase): Commit's SQL writes are the credit reservation, the lead row and the
  // sink's delivery rows. Commit is idempotent like Process (it may run again after a rollback).
  core::Result<PreparedSignal> Prepare(const ingest::Signal& signal);
  core::Result<ProcessResult> Commit(const PreparedSignal& prepared);
  // Counts signals whose leads are committed (leados_pipeline_signals_total): Process does it
  // itself; a caller of Prepare/Commit calls it after its transaction commits, so the figure never
  // runs ahead of what the database holds (tests wait on it).
  void CountProcessed(size_t n);

 private:
  ProcessorParts p_;
  core::CounterFamily& drops_;
  core::CounterFamily& leads_;
  core::HistogramFamily& stage_seconds_;
  core::Counter& signals_;
};

}  // namespace leados::pipeline
