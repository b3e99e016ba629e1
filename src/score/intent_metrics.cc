#include "score/intent_metrics.h"

#include <fmt/format.h>

namespace leados::score {

void ConfusionMatrix::Add(IntentClass truth, IntentClass predicted) {
  counts_[static_cast<int>(truth)][static_cast<int>(predicted)]++;
  total_++;
}

double ConfusionMatrix::accuracy() const {
  int ok = 0;
  for (int i = 0; i < kIntentClassCount; ++i) ok += counts_[i][i];
  return total_ == 0 ? 0.0 : static_cast<double>(ok) / total_;
}

Prf ConfusionMatrix::ForClass(IntentClass c) const {
  const int k = static_cast<int>(c);
  Prf r;
  for (int i = 0; i < kIntentClassCount; ++i) {
    for (int j = 0; j < kIntentClassCount; ++j) {
      if (i == k && j == k) r.tp += counts_[i][j];
      if (i != k && j == k) r.fp += counts_[i][j];
      if (i == k && j != k) r.fn += counts_[i][j];
    }
  }
  return r;
}

Prf ConfusionMatrix::IntentVsNone() const {
  const int none = static_cast<int>(IntentClass::kNone);
  Prf r;
  for (int i = 0; i < kIntentClassCount; ++i) {
    for (int j = 0; j < kIntentClassCount; ++j) {
      const bool truth = i != none, pred = j != none;
      if (truth && pred) r.tp += counts_[i][j];
      if (!truth && pred) r.fp += counts_[i][j];
      if (truth && !pred) r.fn += counts_[i][j];
    }
  }
  return r;
}

double ConfusionMatrix::MacroF1() const {
  double sum = 0;
  int n = 0;
  for (IntentClass c : kAllIntentClasses) {
    int support = 0;
    for (int j = 0; j < kIntentClassCount; ++j) support += counts_[static_cast<int>(c)][j];
    if (support == 0) continue;
    sum += ForClass(c).f1();
    ++n;
  }
  return n == 0 ? 0.0 : sum / n;
}

std::string ConfusionMatrix::ToMarkdown(std::string_view heading) const {
  std::string out = fmt::format("### {}\n\n{} examples, accuracy {:.3f}, macro F1 {:.3f}\n\n",
                                heading, total_, accuracy(), MacroF1());
  out += "| class | support | precision | recall | F1 |\n|---|---:|---:|---:|---:|\n";
  for (IntentClass c : kAllIntentClasses) {
    const Prf p = ForClass(c);
    out += fmt::format("| {} | {} | {:.3f} | {:.3f} | {:.3f} |\n", IntentClassName(c), p.tp + p.fn,
                       p.precision(), p.recall(), p.f1());
  }
  const Prf b = IntentVsNone();
  out += fmt::format("| **intent vs none** | {} | {:.3f} | {:.3f} | {:.3f} |\n\n", b.tp + b.fn,
                     b.precision(), b.recall(), b.f1());
  out += "Confusion matrix (rows: truth, columns: predicted)\n\n| truth \\ predicted |";
  for (IntentClass c : kAllIntentClasses) out += fmt::format(" {} |", IntentClassName(c));
  out += "\n|---|";
  for (int j = 0; j < kIntentClassCount; ++j) out += "---:|";
  out += "\n";
  for (IntentClass t : kAllIntentClasses) {
    out += fmt::format("| {} |", IntentClassName(t));
    for (int j = 0; j < kIntentClassCount; ++j)
      out += fmt::format(" {} |", counts_[static_cast<int>(t)][j]);
    out += "\n";
  }
  return out;
}

}  // namespace leados::score
