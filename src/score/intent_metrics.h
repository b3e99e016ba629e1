#pragma once
// Classification figures for the intent model and the keyword baseline: the confusion matrix,
// precision/recall/F1 per class, and the binary intent-vs-none view (any intent class counts as
// intent; a seeking post predicted as switching is still a correct intent).

#include <array>
#include <string>

#include "score/intent_class.h"

namespace leados::score {

struct Prf {
  int tp = 0, fp = 0, fn = 0;
  double precision() const { return tp + fp == 0 ? 0.0 : static_cast<double>(tp) / (tp + fp); }
  double recall() const { return tp + fn == 0 ? 0.0 : static_cast<double>(tp) / (tp + fn); }
  double f1() const {
    const double p = precision(), r = recall();
    return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
  }
};

class ConfusionMatrix {
 public:
  // Counts one example.
  void Add(IntentClass truth, IntentClass predicted);
  // counts()[truth][predicted]
  const std::array<std::array<int, kIntentClassCount>, kIntentClassCount>& counts() const {
    return counts_;
  }
  int total() const { return total_; }
  double accuracy() const;
  Prf ForClass(IntentClass c) const;
  // Positive = any class except none, on both sides.
  Prf IntentVsNone() const;
  // Macro-averaged F1 over the classes that occur in the truth.
  double MacroF1() const;

  // A Markdown report: per-class table, intent-vs-none line, confusion matrix.
  std::string ToMarkdown(std::string_view heading) const;

 private:
  std::array<std::array<int, kIntentClassCount>, kIntentClassCount> counts_{};
  int total_ = 0;
};

}  // namespace leados::score
