#pragma once
// The lead payload: everything a client receives about a lead, as one JSON document. It holds
// personal data (author, handle, profile URL, text), so it lives only in the PayloadStore.
//
// {"lead_id","account_id","campaign_id","created_at",
//  "signal": SignalToJson(signal),
//  "enrichment": EnrichmentToJson(enrichment),
//  "score": {"score","intent_class","intent_probability","explanation","parts":[{"name","value",
//            "points"}],"matched_terms":[…],"quoted_passage","fit_met":[…],"fit_missed":[…],
//            "llm":{"status","model_probability","llm_probability"?,"llm_class"?,"reason",
//                   "latency_ms"} (when a re-ranker ran)}}

#include <string>

#include "core/clock.h"
#include "core/json.h"
#include "enrich/enrichment.h"
#include "ingest/signal.h"
#include "pipeline/lead_record.h"
#include "score/lead_score.h"

namespace leados::pipeline {

core::json::object LeadScoreToJson(const score::LeadScore& score, double intent_probability);

std::string LeadPayloadJson(const LeadRecord& lead, const ingest::Signal& signal,
                            const enrich::Enrichment& enrichment, const score::LeadScore& score,
                            double intent_probability);

}  // namespace leados::pipeline
