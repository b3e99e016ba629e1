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
  PlattCalibration(double a, double b) : a_(a), b_(b) {}

  // Fits a and b by Newton's method on the log-loss of (probability, is_intent) pairs, with
  // Platt's smoothed targets. Needs at least one positive and one negative, else
  // kFailedPrecondition. A fit with a <= 0 (a model worse than chance) also fails.
  static core::Result<PlattCalibration> Fit(const std::vector<double>& probabilities,
                                            const std::vector<bool>& is_intent);

  // The calibrated probability for a raw model probability, in [0, 1]. Increasing in `p`.
  double Apply(double p) const;

  double a() const { return a_; }
  double b() const { return b_; }

  // {"method":"platt","a":…,"b":…}
  std::string ToJson() const;
  static core::Result<PlattCalibration> FromJson(std::string_view json);
  // Reads/writes the JSON file; errors name the path.
  static core::Result<PlattCalibration> Load(const std::string& path);
  core::Status Save(const std::string& path) const;

 private:
  double a_ = 1.0;
  double b_ = 0.0;
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

}  // namespace leados::score
