#pragma once
// Platt scaling of the model's intent probability (1 - P(none)): calibrated = sigmoid(a * logit(p)
// + b), fitted on a held-out split of the training corpus (never the dev set). With a > 0 the map
// is increasing, so ranking is unchanged and only the scale is corrected. Stored as a small JSON
// file beside the model.

#include <string>
#include <vector>

#include "core/result.h"

namespace leados::score {

class PlattCalibration {
 public:
  // The identity map (a = 1, b = 0).
  PlattCalibration() = default;
  PlattCalibration(double a, double b, double threshold = 0.5)
      : a_(a), b_(b), threshold_(threshold) {}

  // Fits a and b by Newton's method on the log-loss of (probability, is_intent) pairs, with
  // Platt's smoothed targets. Needs at least one positive and one negative, else
  // kFailedPrecondition. A fit with a <= 0 (a model worse than chance) also fails.
  static core::Result<PlattCalibration> Fit(const std::vector<double>& probabilities,
                                            const std::vector<bool>& is_intent);

  // The calibrated probability for a raw model probability, in [0, 1]. Increasing in `p`.
  double Apply(double p) const;

  double a() const { return a_; }
  double b() const { return b_; }
  // The decision threshold on the calibrated probability: a signal is intent when its calibrated
  // probability is >= threshold. 0.5 unless training chose another (TrainOptions::
  // decision_threshold, picked by cross-validation on the training side, docs/scoring.md); kept in
  // the same file so a model and its threshold travel together.
  double threshold() const { return threshold_; }

  // {"method":"platt","a":…,"b":…,"threshold":…}; "threshold" may be absent (0.5) and must be in
  // (0, 1).
  std::string ToJson() const;
  static core::Result<PlattCalibration> FromJson(std::string_view json);
  // Reads/writes the JSON file; errors name the path.
  static core::Result<PlattCalibration> Load(const std::string& path);
  core::Status Save(const std::string& path) const;

 private:
  double a_ = 1.0;
  double b_ = 0.0;
  double threshold_ = 0.5;
};

// One row of a calibration table: signals whose score (0–100) falls in [lo, hi).
struct DecileRow {
  int lo = 0;
  int hi = 10;
  int count = 0;
  int intents = 0;  // of which labelled intent
  double observed_rate() const { return count == 0 ? 0.0 : static_cast<double>(intents) / count; }
};

// Ten fixed-width rows of the intent score (0–9, 10–19, …, 90–100) with the observed intent rate
// in each. `scores` and `is_intent` have the same length.
std::vector<DecileRow> ScoreDeciles(const std::vector<int>& scores,
                                    const std::vector<bool>& is_intent);

// Quantile deciles: the signals sorted by `probabilities` (ascending; equal probabilities keep
// their input order) and cut into ten rows of (nearly) equal count — row i holds sorted positions
// [i·n/10, (i+1)·n/10). Each row's lo/hi is the range of its intent scores (round(100·p)): lo the
// lowest, hi one more than the highest, as in ScoreDeciles. Unlike the fixed ranges, no row is
// nearly empty, so a rate that does not rise is not just one post moving a small row. With fewer
// than ten signals some rows are empty (count 0, lo = hi = 0).
std::vector<DecileRow> QuantileDeciles(const std::vector<double>& probabilities,
                                       const std::vector<bool>& is_intent);

}  // namespace leados::score
