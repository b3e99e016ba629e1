#include "score/llm_outcome.h"

namespace leados::score {

std::string_view LlmStatusName(LlmStatus status) {
  switch (status) {
    case LlmStatus::kUsed: return "used";
    case LlmStatus::kNotEnabled: return "not_enabled";
    case LlmStatus::kNotOptedIn: return "not_opted_in";
    case LlmStatus::kNotTopN: return "not_top_n";
    case LlmStatus::kRateLimited: return "rate_limited";
    case LlmStatus::kTimeout: return "timeout";
    case LlmStatus::kError: return "error";
  }
  return "error";
}

}  // namespace leados::score
