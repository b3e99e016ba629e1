#pragma once
// Test support for the LLM re-ranking tests: a chat completion as an OpenAI-compatible endpoint
// returns it (the recorded shape: id, object, created, model, choices, usage).

#include <string>
#include <string_view>

#include "core/json.h"

namespace leados::score::testing {

// The response body of POST /chat/completions whose assistant message is `content`.
inline std::string ChatCompletionJson(std::string_view content) {
  namespace json = core::json;
  return core::ToJson(json::object{
      {"id", "chatcmpl-AXq3kYg7Vb2Lm9Qw"},
      {"object", "chat.completion"},
      {"created", 1767225600},
      {"model", "gpt-4o-mini-2024-07-18"},
      {"choices", json::array{json::object{{"index", 0},
                                           {"message", json::object{{"role", "assistant"},
                                                                    {"content", content},
                                                                    {"refusal", nullptr}}},
                                           {"logprobs", nullptr},
                                           {"finish_reason", "stop"}}}},
      {"usage",
       json::object{{"prompt_tokens", 412}, {"completion_tokens", 31}, {"total_tokens", 443}}},
      {"system_fingerprint", "fp_0ba0d124f1"}});
}

}  // namespace leados::score::testing
