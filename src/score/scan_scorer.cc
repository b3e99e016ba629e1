#include "score/scan_scorer.h"

#include <algorithm>

#include "score/lead_score.h"

namespace leados::score {

std::optional<double> IntentScanScorer::Score(const ingest::Signal& signal,
                                              const match::CampaignMatch& match) const {
  const IntentPrediction p = model_.Predict(signal.title, signal.body);
  LeadScoreInput in;
  in.intent_class = p.label;
  in.intent_probability = p.intent_probability;
  for (const auto& hit : match.hits) {
    auto& terms = hit.field == match::MatchField::kTitle ? in.match.title_terms : in.match.body_terms;
    if (std::find(terms.begin(), terms.end(), hit.term) == terms.end()) terms.push_back(hit.term);
  }
  in.age_hours = 0;
  in.source = std::string(ingest::SourceKindName(signal.source));
  return ComputeLeadScore(in).exact / 100.0;
}

}  // namespace leados::score
