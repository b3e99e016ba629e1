#pragma once
// The keyword-only baseline the model is compared with: a fixed list of intent phrases, checked
// in class order (switching, hiring, company_event, seeking) on the lower-cased title and text.
// A signal with no phrase is none. Thread-safe, no state.

#include <string_view>

#include "score/intent_class.h"

namespace leados::score {

IntentClass KeywordBaselinePredict(std::string_view title, std::string_view text);

}  // namespace leados::score
