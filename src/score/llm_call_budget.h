#pragma once
// LlmCallBudget: the cost guard of the LLM re-ranking. At most `calls_per_minute` calls in any
// sliding window of 60 seconds across the whole process, plus a pause the endpoint can ask for
// (429 with Retry-After). A call that finds no room is skipped, not delayed: the lead keeps the
// model's score (docs/scoring.md, "LLM re-ranking").

#include <cstddef>
#include <deque>
#include <mutex>

#include "core/clock.h"

namespace leados::score {

// Thread-safe. The clock must outlive the budget.
class LlmCallBudget {
 public:
  // `calls_per_minute` < 1 refuses every call.
  LlmCallBudget(const core::Clock& clock, int calls_per_minute);

  // Takes one call when fewer than calls_per_minute were taken in the last 60 s and no pause is
  // in force; returns whether it did.
  bool TryTake();
  // Refuses every call until `until` (a later pause already set wins).
  void PauseUntil(core::TimePoint until);

 private:
  const core::Clock& clock_;
  const size_t limit_;
  std::mutex mu_;
  std::deque<core::TimePoint> taken_;  // guarded by mu_: times of the calls of the last minute
  core::TimePoint paused_until_{};     // guarded by mu_
};

}  // namespace leados::score
