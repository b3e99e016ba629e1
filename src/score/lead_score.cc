#include "score/lead_score.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace leados::score {

double IntentClassWeight(IntentClass c) {
  switch (c) {
    case IntentClass::kSeeking:
    case IntentClass::kSwitching: return 1.0;      // an explicit need: the best lead there is
    case IntentClass::kHiring: return 0.85;        // a need implied by a job listing
    case IntentClass::kCompanyEvent: return 0.75;  // budget and change, but no stated need
    case IntentClass::kNone: return 1.0;           // the (low) probability already says it
  }
  return 1.0;
}

double SourceWeight(std::string_view source) {
  if (source == "greenhouse" || source == "lever" || source == "ashby") return 1.0;
  if (source == "hn" || source.starts_with("news.ycombinator")) return 0.9;
  if (source == "press") return 0.9;
  if (source == "reddit" || source.starts_with("reddit.com")) return 0.8;
  if (source == "rss") return 0.7;
  return 0.6;
}

double MatchStrength(const MatchEvidence& match) {
  const std::set<std::string> title(match.title_terms.begin(), match.title_terms.end());
  std::set<std::string> body;
  for (const auto& t : match.body_terms) {
    if (!title.contains(t)) body.insert(t);
  }
  const double points = 2.0 * static_cast<double>(title.size()) + static_cast<double>(body.size());
  return std::min(1.0, points / 4.0);
}

double RecencyFactor(double age_hours, double half_life_hours) {
  if (!(age_hours > 0)) return 1.0;
  if (!(half_life_hours > 0)) return 0.0;
  return std::pow(0.5, age_hours / half_life_hours);
}

LeadScore ComputeLeadScore(const LeadScoreInput& in, const ScoreWeights& w) {
  LeadScore out;
  const double p =
      std::clamp(std::isfinite(in.intent_probability) ? in.intent_probability : 0.0, 0.0, 1.0);
  const double fit = std::clamp(std::isfinite(in.fit.fraction) ? in.fit.fraction : 0.0, 0.0, 1.0);
  const double values[] = {p * IntentClassWeight(in.intent_class), fit, MatchStrength(in.match),
                           RecencyFactor(in.age_hours, w.recency_half_life_hours),
                           SourceWeight(in.source)};
  const double weights[] = {w.intent, w.fit, w.match, w.recency, w.source};
  const char* names[] = {"intent", "fit", "match", "recency", "source"};
  for (int i = 0; i < 5; ++i) {
    out.parts.push_back({names[i], values[i], values[i] * weights[i]});
    out.exact += values[i] * weights[i];
  }
  out.exact = std::clamp(out.exact, 0.0, 100.0);
  out.score = static_cast<int>(std::lround(out.exact));
  out.intent_class = in.intent_class;
  out.matched_terms = in.match.title_terms;
  for (const auto& t : in.match.body_terms) {
    if (std::find(out.matched_terms.begin(), out.matched_terms.end(), t) ==
        out.matched_terms.end()) {
      out.matched_terms.push_back(t);
    }
  }
  out.quoted_passage = in.match.quoted_passage;
  out.fit_met = in.fit.met;
  out.fit_missed = in.fit.missed;
  return out;
}

std::string ExplainScore(const LeadScore& score) {
  std::string out;
  for (const auto& part : score.parts) {
    if (!out.empty()) out += " + ";
    out += fmt::format("{} {:.1f}", part.name, part.points);
  }
  out += fmt::format(" = {}", score.score);
  if (!score.llm) return out;
  const LlmOutcome& llm = *score.llm;
  if (llm.status == LlmStatus::kUsed && llm.llm_probability && llm.llm_class) {
    return out + fmt::format(" (intent from the LLM: {:.2f} -> {:.2f} {})", llm.model_probability,
                             *llm.llm_probability, IntentClassName(*llm.llm_class));
  }
  return out + fmt::format(" (LLM not used: {})", LlmStatusName(llm.status));
}

}  // namespace leados::score
