#include "pipeline/lead_payload.h"

#include <chrono>

namespace leados::pipeline {
namespace {

core::json::array Strings(const std::vector<std::string>& values) {
  core::json::array out;
  for (const auto& v : values) out.emplace_back(v);
  return out;
}

}  // namespace

core::json::object LeadScoreToJson(const score::LeadScore& s, double intent_probability) {
  core::json::object o;
  o["score"] = s.score;
  o["intent_class"] = std::string(score::IntentClassName(s.intent_class));
  o["intent_probability"] = intent_probability;
  o["explanation"] = score::ExplainScore(s);
  core::json::array parts;
  for (const auto& p : s.parts) {
    parts.push_back(core::json::object{{"name", p.name}, {"value", p.value}, {"points", p.points}});
  }
  o["parts"] = std::move(parts);
  o["matched_terms"] = Strings(s.matched_terms);
  o["quoted_passage"] = s.quoted_passage;
  o["fit_met"] = Strings(s.fit_met);
  o["fit_missed"] = Strings(s.fit_missed);
  if (s.llm) {
    core::json::object llm{{"status", std::string(score::LlmStatusName(s.llm->status))},
                           {"model_probability", s.llm->model_probability},
                           {"reason", s.llm->reason},
                           {"latency_ms", static_cast<int64_t>(s.llm->latency.count())}};
    if (s.llm->llm_probability) llm["llm_probability"] = *s.llm->llm_probability;
    if (s.llm->llm_class) llm["llm_class"] = std::string(score::IntentClassName(*s.llm->llm_class));
    o["llm"] = std::move(llm);
  }
  return o;
}

std::string LeadPayloadJson(const LeadRecord& lead, const ingest::Signal& signal,
                            const enrich::Enrichment& enrichment, const score::LeadScore& score,
                            double intent_probability) {
  core::json::object o;
  o["lead_id"] = lead.id;
  o["account_id"] = lead.account_id;
  o["campaign_id"] = lead.campaign_id;
  o["created_at"] = core::FormatRfc3339(core::TimePoint(std::chrono::milliseconds(lead.created_at_ms)));
  o["signal"] = ingest::SignalToJson(signal);
  o["enrichment"] = enrich::EnrichmentToJson(enrichment);
  o["score"] = LeadScoreToJson(score, intent_probability);
  return core::ToJson(o);
}

}  // namespace leados::pipeline
