#include "score/scan_scorer.h"

#include "score/lead_score.h"
#include "score/match_evidence.h"

namespace leados::score {

std::optional<double> IntentScanScorer::Score(const ingest::Signal& signal,
                                              const match::CampaignMatch& match) const {
  const IntentPrediction p = model_.Predict(signal.title, signal.body);
  LeadScoreInput in;
  in.intent_class = p.label;
  in.intent_probability = p.intent_probability;
  in.match = MatchEvidenceFrom(signal, match);
  in.age_hours = 0;
  in.source = std::string(ingest::SourceKindName(signal.source));
  return ComputeLeadScore(in).exact / 100.0;
}

}  // namespace leados::score
