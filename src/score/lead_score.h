#pragma once
// The lead score: 0–100 from the calibrated intent probability, the campaign's ICP fit, the match
// strength, the signal's recency and its source. The exact formula is in docs/scoring.md; every
// lead carries its parts (each part's value and points) and its evidence. Pure functions.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "score/intent_class.h"
#include "score/llm_outcome.h"

namespace leados::score {

// The ICP fit of a signal for one campaign, as computed by enrichment/ICP matching: which criteria
// (company size, industry, region, role, seniority) were met and which missed. `fraction` is the
// share met, in [0, 1]; a campaign without ICP filters fits fully (1.0).
struct FitResult {
  std::vector<std::string> met;
  std::vector<std::string> missed;
  double fraction = 1.0;
};

// What the matcher found: distinct query terms hit in the title and in the body, and the passage
// quoted as evidence. A term found in both counts as a title term.
struct MatchEvidence {
  std::vector<std::string> title_terms;
  std::vector<std::string> body_terms;
  std::string quoted_passage;
};

struct LeadScoreInput {
  IntentClass intent_class = IntentClass::kNone;
  double intent_probability = 0;  // calibrated, [0, 1]
  FitResult fit;
  MatchEvidence match;
  double age_hours = 0;  // now - published; negative (clock skew) counts as 0
  std::string source;    // "hn", "reddit", "rss", "press", "greenhouse", "lever", "ashby", …
};

// The weights (maximum points) of each part; they add up to 100.
struct ScoreWeights {
  double intent = 45;
  double fit = 25;
  double match = 15;
  double recency = 10;
  double source = 5;
  double recency_half_life_hours = 48;
};

struct ScorePart {
  std::string name;   // "intent", "fit", "match", "recency", "source"
  double value = 0;   // the part's factor in [0, 1]
  double points = 0;  // value * weight
};

struct LeadScore {
  int score = 0;                 // round(sum of points), 0–100
  double exact = 0;              // the unrounded sum
  std::vector<ScorePart> parts;  // in the order above
  IntentClass intent_class = IntentClass::kNone;
  std::vector<std::string> matched_terms;  // title terms, then body terms
  std::string quoted_passage;
  std::vector<std::string> fit_met;
  std::vector<std::string> fit_missed;
  // What the optional LLM re-ranking did (LlmReranker); nullopt when the lead never went through
  // it. ComputeLeadScore leaves it unset.
  std::optional<LlmOutcome> llm;
};

// How much an intent class is worth to a seller, relative to seeking (1.0).
double IntentClassWeight(IntentClass c);
// Trust in a source kind, in [0, 1]; unknown sources get 0.6.
double SourceWeight(std::string_view source);
// min(1, (2 * distinct title terms + distinct body terms) / 4).
double MatchStrength(const MatchEvidence& match);
// 0.5 ^ (age / half-life), 1 for age <= 0.
double RecencyFactor(double age_hours, double half_life_hours);

// Computes the score and its parts. Inputs outside their ranges are clamped.
LeadScore ComputeLeadScore(const LeadScoreInput& input, const ScoreWeights& weights = {});

// "intent 40.5 + fit 25.0 + match 11.3 + recency 7.1 + source 4.5 = 88"; with an LLM outcome,
// a note follows: " (intent from the LLM: 0.20 -> 0.90 seeking)" when it was used, else
// " (LLM not used: timeout)".
std::string ExplainScore(const LeadScore& score);

}  // namespace leados::score
