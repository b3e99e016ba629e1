#include "score/keyword_baseline.h"

#include <array>
#include <string>
#include <utility>

#include "score/text_normalizer.h"

namespace leados::score {
namespace {

// Phrases are matched on the normalised text (tokens separated by spaces, punctuation split off).
constexpr std::array<std::pair<IntentClass, std::string_view>, 40> kPhrases = {{
    {IntentClass::kSwitching, "alternative to"},
    {IntentClass::kSwitching, "alternatives to"},
    {IntentClass::kSwitching, "alternative for"},
    {IntentClass::kSwitching, "switch from"},
    {IntentClass::kSwitching, "switching from"},
    {IntentClass::kSwitching, "migrating from"},
    {IntentClass::kSwitching, "moving off"},
    {IntentClass::kSwitching, "replacement for"},
    {IntentClass::kSwitching, "instead of"},
    {IntentClass::kSwitching, " vs "},
    {IntentClass::kHiring, "we're hiring"},
    {IntentClass::kHiring, "we are hiring"},
    {IntentClass::kHiring, "is hiring"},
    {IntentClass::kHiring, "[hiring]"},
    {IntentClass::kHiring, "hiring a"},
    {IntentClass::kHiring, "job opening"},
    {IntentClass::kHiring, "apply now"},
    {IntentClass::kHiring, "looking to hire"},
    {IntentClass::kCompanyEvent, "raises $"},
    {IntentClass::kCompanyEvent, "raised $"},
    {IntentClass::kCompanyEvent, "series a"},
    {IntentClass::kCompanyEvent, "series b"},
    {IntentClass::kCompanyEvent, "seed round"},
    {IntentClass::kCompanyEvent, "funding"},
    {IntentClass::kCompanyEvent, "acquires"},
    {IntentClass::kCompanyEvent, "acquisition"},
    {IntentClass::kCompanyEvent, "launches"},
    {IntentClass::kCompanyEvent, "introducing"},
    {IntentClass::kCompanyEvent, "opens new"},
    {IntentClass::kCompanyEvent, "expands"},
    {IntentClass::kSeeking, "looking for"},
    {IntentClass::kSeeking, "recommend"},
    {IntentClass::kSeeking, "recommendation"},
    {IntentClass::kSeeking, "suggest"},
    {IntentClass::kSeeking, "what do you use"},
    {IntentClass::kSeeking, "which tool"},
    {IntentClass::kSeeking, "best tool"},
    {IntentClass::kSeeking, "any good"},
    {IntentClass::kSeeking, "need a"},
    {IntentClass::kSeeking, "what are you using"},
}};

// Lower-case copy with single spaces, so phrases written with spaces match across line breaks.
std::string Fold(std::string_view title, std::string_view text) {
  std::string out = " ";
  auto add = [&out](std::string_view s) {
    for (char ch : s) {
      const unsigned char c = static_cast<unsigned char>(ch);
      if (c == '\n' || c == '\t' || c == '\r' || c == ' ') {
        if (out.back() != ' ') out.push_back(' ');
      } else {
        out.push_back(c < 0x80 ? static_cast<char>(std::tolower(c)) : ch);
      }
    }
    if (out.back() != ' ') out.push_back(' ');
  };
  add(title);
  add(text.substr(0, kMaxModelTextBytes));
  return out;
}

}  // namespace

IntentClass KeywordBaselinePredict(std::string_view title, std::string_view text) {
  const std::string folded = Fold(title, text);
  for (const auto& [cls, phrase] : kPhrases) {
    if (folded.find(phrase) != std::string::npos) return cls;
  }
  return IntentClass::kNone;
}

}  // namespace leados::score
