#pragma once
// LlmOutcome: what the optional LLM re-ranking did to one lead candidate, so that a lead can say
// whether its intent came from the model or from the LLM, and why (docs/scoring.md, "LLM
// re-ranking"). A plain value type; thread-safe (no shared state).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "score/intent_class.h"

namespace leados::score {

enum class LlmStatus {
  kUsed,         // the LLM answered; its class and probability replaced the model's
  kNotEnabled,   // llm.enabled is false on this server: nothing was sent
  kNotOptedIn,   // the campaign did not switch llm_rerank on: nothing was sent
  kNotTopN,      // not among the llm.top_n highest model scores of its batch: nothing was sent
  kRateLimited,  // over llm.calls_per_minute, or the endpoint answered 429: model score kept
  kTimeout,      // no answer within llm.timeout_ms: model score kept
  kError,        // transport failure, non-2xx status or a malformed answer: model score kept
};

// "used", "not_enabled", "not_opted_in", "not_top_n", "rate_limited", "timeout", "error".
std::string_view LlmStatusName(LlmStatus status);

struct LlmOutcome {
  LlmStatus status = LlmStatus::kNotEnabled;
  double model_probability = 0;           // the intent model's calibrated probability
  std::optional<double> llm_probability;  // set when status is kUsed
  std::optional<IntentClass> llm_class;   // set when status is kUsed
  // kUsed: the LLM's one-sentence reason. Otherwise why the model's score was kept, e.g.
  // "HTTP 500 from the LLM endpoint" (never the API key, never the signal's text).
  std::string reason;
  std::chrono::milliseconds latency{0};  // time spent waiting for the endpoint (0 if not called)
};

}  // namespace leados::score
