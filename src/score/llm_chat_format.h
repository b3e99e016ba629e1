#pragma once
// The wire format of the LLM re-ranking: an OpenAI-compatible chat-completions request (system
// prompt with the five intent classes of docs/scoring.md, a user message with the signal's title
// and text excerpt) and the answer read back from choices[0].message.content.
// What is sent about a signal is only what LlmPrompt holds: never the author, handle or profile
// URL, and links inside the text are replaced by "[link]". Pure functions, thread-safe.

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"
#include "score/intent_class.h"

namespace leados::score {

// The system message: the classes, the rule "main purpose of the post", and the answer's shape
// {"intent_class": "...", "probability": 0..1, "reason": "one sentence"}.
std::string_view LlmSystemPrompt();

// What the LLM is told about one signal.
struct LlmPrompt {
  std::string_view title;
  std::string_view text;
  std::string_view campaign_query;  // what the client looks for (context); empty: left out
};

// The user message: "Campaign query: …" (when set, at most 500 bytes), "Title: …", "Text: …".
// Links (words starting with http://, https:// or www.) become "[link]"; then title and text
// together are cut to `max_input_bytes` (the title first, the text gets the rest), each cut on a
// UTF-8 character boundary.
std::string LlmUserMessage(const LlmPrompt& prompt, size_t max_input_bytes);

// The JSON body of POST {base_url}/chat/completions: model, the two messages, temperature 0 and
// response_format {"type":"json_object"}.
std::string ChatCompletionRequestBody(std::string_view model, std::string_view user_message);

struct LlmAnswer {
  IntentClass intent_class = IntentClass::kNone;
  double probability = 0;  // P(intent of any class), [0, 1]
  std::string reason;      // at most 300 bytes
};

// Reads a chat-completion response body: choices[0].message.content must be a JSON object (a
// ```json fence around it is tolerated) with a known intent_class, a probability in [0, 1] and
// an optional string reason. "none" with a probability >= 0.5 is refused as contradictory (it
// usually means "sure it is none", the opposite of what the number stands for). Errors are
// kInvalidArgument saying what is wrong; they never quote the content.
core::Result<LlmAnswer> ParseChatCompletionAnswer(std::string_view response_body);

// The longest prefix of `text` of at most `max_bytes` that does not end inside a UTF-8 sequence.
std::string_view Utf8Prefix(std::string_view text, size_t max_bytes);

}  // namespace leados::score
