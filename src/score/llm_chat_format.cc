#include "score/llm_chat_format.h"

#include <fmt/format.h>

#include <cctype>
#include <cmath>

#include "core/json.h"

namespace leados::score {
namespace {

namespace json = core::json;

constexpr size_t kMaxQueryBytes = 500;
constexpr size_t kMaxReasonBytes = 300;

constexpr std::string_view kSystemPrompt =
    R"(You classify public posts for a B2B lead-intelligence service. Decide the main purpose of the post and pick one intent_class:
- seeking: the author looks for a product, tool, service, vendor, agency, provider or piece of hardware to buy or adopt for a specific category ("what X do you use", "best X for Y?", "looking for an agency"), including asking whether a named product is good enough to adopt. Not: books, courses, programming languages, career advice, how-to questions.
- switching: the author evaluates or leaves a named product, asks for alternatives to it, or migrates from one product to another. Not: alternatives to non-products, career switches.
- hiring: a job listing, or a post saying a team is hiring for a function. Not: job seekers, "[For Hire]" posts.
- company_event: a company announces funding, an acquisition or merger, an expansion (new office, market, facility) or the launch of a new product or service. Not: version updates, open-source side projects, earnings, lay-offs.
- none: everything else.
A post that mentions one of these only in passing is none. The campaign query, when given, says what the client looks for; use it as context only.
Answer with one JSON object and nothing else: {"intent_class": "seeking|switching|hiring|company_event|none", "probability": <number from 0 to 1: the probability that the post shows intent of any kind, that is that intent_class is not none; below 0.5 when intent_class is none>, "reason": "<one sentence>"})";

bool IsLink(std::string_view word) {
  return word.starts_with("http://") || word.starts_with("https://") || word.starts_with("www.");
}

// `text` with every whitespace-separated link replaced by "[link]".
std::string WithoutLinks(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const size_t end = text.find_first_of(" \t\r\n", i);
    const std::string_view word = text.substr(i, end == std::string_view::npos ? end : end - i);
    out += IsLink(word) ? std::string_view("[link]") : word;
    if (end == std::string_view::npos) break;
    out += text[end];
    i = end + 1;
  }
  return out;
}

std::unexpected<core::Error> Malformed(std::string_view what) {
  return core::InvalidArgument(fmt::format("malformed answer: {}", what));
}

// The content without surrounding white space and an optional ```json … ``` fence.
std::string_view Unfenced(std::string_view s) {
  auto trim = [](std::string_view v) {
    while (!v.empty() && std::isspace(static_cast<unsigned char>(v.front()))) v.remove_prefix(1);
    while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back()))) v.remove_suffix(1);
    return v;
  };
  s = trim(s);
  if (s.starts_with("```") && s.ends_with("```") && s.size() >= 6) {
    s = s.substr(3, s.size() - 6);
    if (s.starts_with("json")) s.remove_prefix(4);
    s = trim(s);
  }
  return s;
}

}  // namespace

std::string_view LlmSystemPrompt() {
  return kSystemPrompt;
}

std::string_view Utf8Prefix(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes;
  // Step back over continuation bytes to the lead byte of the sequence cut in two, and drop it.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

std::string LlmUserMessage(const LlmPrompt& prompt, size_t max_input_bytes) {
  const std::string title = WithoutLinks(prompt.title);
  const std::string text = WithoutLinks(prompt.text);
  const std::string_view cut_title = Utf8Prefix(title, max_input_bytes);
  const std::string_view cut_text = Utf8Prefix(text, max_input_bytes - cut_title.size());
  std::string out;
  if (!prompt.campaign_query.empty()) {
    out += fmt::format("Campaign query: {}\n", Utf8Prefix(prompt.campaign_query, kMaxQueryBytes));
  }
  out += fmt::format("Title: {}\nText: {}", cut_title, cut_text);
  return out;
}

std::string ChatCompletionRequestBody(std::string_view model, std::string_view user_message) {
  json::object body{
      {"model", model},
      {"messages", json::array{json::object{{"role", "system"}, {"content", LlmSystemPrompt()}},
                               json::object{{"role", "user"}, {"content", user_message}}}},
      {"temperature", 0},
      {"response_format", json::object{{"type", "json_object"}}}};
  return core::ToJson(body);
}

core::Result<LlmAnswer> ParseChatCompletionAnswer(std::string_view response_body) {
  auto response = core::ParseJsonObject(response_body);
  if (!response) return Malformed("the response is not a JSON object");
  const json::value* choices = response->if_contains("choices");
  if (!choices || !choices->is_array() || choices->as_array().empty() ||
      !choices->as_array()[0].is_object()) {
    return Malformed("no choices[0]");
  }
  const json::value* message = choices->as_array()[0].as_object().if_contains("message");
  const json::value* content =
      message && message->is_object() ? message->as_object().if_contains("content") : nullptr;
  if (!content || !content->is_string()) return Malformed("choices[0].message.content is missing");
  auto answer = core::ParseJsonObject(Unfenced(std::string_view(content->as_string())));
  if (!answer) return Malformed("the content is not a JSON object");

  LlmAnswer out;
  const json::value* cls = answer->if_contains("intent_class");
  auto parsed_class =
      cls && cls->is_string() ? ParseIntentClass(std::string_view(cls->as_string())) : std::nullopt;
  if (!parsed_class) {
    return Malformed("intent_class must be seeking, switching, hiring, company_event or none");
  }
  out.intent_class = *parsed_class;
  const json::value* p = answer->if_contains("probability");
  if (!p || !p->is_number()) return Malformed("probability must be a number from 0 to 1");
  out.probability = p->to_number<double>();
  if (!std::isfinite(out.probability) || out.probability < 0 || out.probability > 1) {
    return Malformed("probability must be a number from 0 to 1");
  }
  if (out.intent_class == IntentClass::kNone && out.probability >= 0.5) {
    return Malformed("intent_class none with an intent probability of 0.5 or more");
  }
  if (const json::value* r = answer->if_contains("reason"); r && r->is_string()) {
    out.reason = std::string(Utf8Prefix(std::string_view(r->as_string()), kMaxReasonBytes));
  }
  return out;
}

}  // namespace leados::score
