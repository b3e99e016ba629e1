#include "score/intent_class.h"

namespace leados::score {

std::string_view IntentClassName(IntentClass c) {
  switch (c) {
    case IntentClass::kSeeking: return "seeking";
    case IntentClass::kSwitching: return "switching";
    case IntentClass::kHiring: return "hiring";
    case IntentClass::kCompanyEvent: return "company_event";
    case IntentClass::kNone: return "none";
  }
  return "none";
}

std::optional<IntentClass> ParseIntentClass(std::string_view name) {
  for (IntentClass c : kAllIntentClasses) {
    if (IntentClassName(c) == name) return c;
  }
  return std::nullopt;
}

}  // namespace leados::score
