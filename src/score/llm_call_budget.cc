#include "score/llm_call_budget.h"

#include <algorithm>

namespace leados::score {

LlmCallBudget::LlmCallBudget(const core::Clock& clock, int calls_per_minute)
    : clock_(clock), limit_(static_cast<size_t>(std::max(0, calls_per_minute))) {}

bool LlmCallBudget::TryTake() {
  const core::TimePoint now = clock_.Now();
  std::lock_guard lock(mu_);
  if (now < paused_until_) return false;
  // A call made exactly 60 s ago has left the window.
  while (!taken_.empty() && taken_.front() <= now - std::chrono::minutes(1)) taken_.pop_front();
  if (taken_.size() >= limit_) return false;
  taken_.push_back(now);
  return true;
}

void LlmCallBudget::PauseUntil(core::TimePoint until) {
  std::lock_guard lock(mu_);
  paused_until_ = std::max(paused_until_, until);
}

}  // namespace leados::score
