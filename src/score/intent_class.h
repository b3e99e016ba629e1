#pragma once
// The intent classes of a signal and their stable names ("seeking", "switching", "hiring",
// "company_event", "none"). The definitions (annotation guideline) are in docs/scoring.md.

#include <array>
#include <optional>
#include <string_view>

namespace leados::score {

enum class IntentClass {
  kSeeking = 0,       // looking for a product, tool, vendor or agency to buy or adopt
  kSwitching = 1,     // evaluating or leaving a named product, asking for alternatives
  kHiring = 2,        // a job listing or post that says a team is hiring for a function
  kCompanyEvent = 3,  // funding, acquisition, expansion, launch of a new product
  kNone = 4,          // everything else
};

inline constexpr int kIntentClassCount = 5;

// All classes in index order (kSeeking .. kNone).
inline constexpr std::array<IntentClass, kIntentClassCount> kAllIntentClasses = {
    IntentClass::kSeeking, IntentClass::kSwitching, IntentClass::kHiring,
    IntentClass::kCompanyEvent, IntentClass::kNone};

// The stable snake_case name used in data files, JSON and the model's labels.
std::string_view IntentClassName(IntentClass c);
// Parses a stable name; nullopt for anything else.
std::optional<IntentClass> ParseIntentClass(std::string_view name);
// True for every class except kNone.
inline bool IsIntent(IntentClass c) {
  return c != IntentClass::kNone;
}

}  // namespace leados::score
