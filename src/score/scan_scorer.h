#pragma once
// IntentScanScorer: the supply scan's scorer (match::ScanScorer). It scores a match as the lead
// would be scored when delivered fresh: the intent model's calibrated probability and class, the
// match strength from the matched terms (title terms count double), the source's weight, recency
// as new (age 0: the scan estimates future leads, not old ones) and a full ICP fit (a scan does
// not enrich; the estimate is an upper bound on fit). Returns score / 100 in [0, 1].
// Thread-safe (IntentModel::Predict is).

#include "match/supply_scan.h"
#include "score/intent_model.h"

namespace leados::score {

class IntentScanScorer : public match::ScanScorer {
 public:
  // `model` must outlive the scorer.
  explicit IntentScanScorer(const IntentModel& model) : model_(model) {}
  std::optional<double> Score(const ingest::Signal& signal,
                              const match::CampaignMatch& match) const override;

 private:
  const IntentModel& model_;
};

}  // namespace leados::score
