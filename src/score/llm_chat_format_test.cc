// The chat-completions wire format of the LLM re-ranking: the user message (cuts, links, what is
// sent), the request body, and reading the answer back.
#include "score/llm_chat_format.h"

#include <gtest/gtest.h>

#include "core/json.h"
#include "ingest/text_encoding.h"
#include "score/llm_test_completion.h"

namespace leados::score {
namespace {

namespace json = core::json;

using testing::ChatCompletionJson;

TEST(Utf8PrefixTest, NeverSplitsACharacter) {
  const std::string text = "ab\xC3\xA9\xE2\x82\xAC";  // "abé€": 2 + 2 + 3 bytes
  EXPECT_EQ(Utf8Prefix(text, 100), text);
  EXPECT_EQ(Utf8Prefix(text, 7), text);
  EXPECT_EQ(Utf8Prefix(text, 6), "ab\xC3\xA9");
  EXPECT_EQ(Utf8Prefix(text, 5), "ab\xC3\xA9");
  EXPECT_EQ(Utf8Prefix(text, 4), "ab\xC3\xA9");
  EXPECT_EQ(Utf8Prefix(text, 3), "ab");
  EXPECT_EQ(Utf8Prefix(text, 0), "");
}

TEST(LlmUserMessageTest, CutsTitleAndTextTogetherOnACharacterBoundary) {
  std::string text;
  for (int i = 0; i < 400; ++i) text += "\xE2\x82\xAC";  // 1,200 bytes of "€"
  const std::string msg = LlmUserMessage({"Best CRM?", text, ""}, 100);
  EXPECT_TRUE(msg.starts_with("Title: Best CRM?\nText: \xE2\x82\xAC")) << msg;
  // 9 bytes of title leave 91 for the text: 30 whole euro signs.
  EXPECT_EQ(msg.size(), std::string("Title: Best CRM?\nText: ").size() + 90);
  EXPECT_TRUE(ingest::IsValidUtf8(msg));
  // A title longer than the budget takes all of it.
  const std::string long_title(300, 't');
  EXPECT_EQ(LlmUserMessage({long_title, "body", ""}, 50),
            "Title: " + std::string(50, 't') + "\nText: ");
}

TEST(LlmUserMessageTest, LinksBecomePlaceholdersAndTheQueryIsContext) {
  const std::string msg = LlmUserMessage(
      {"Looking for a CRM", "my profile https://example.com/u/jane\nand www.jane.dev too", "crm"},
      2000);
  EXPECT_EQ(msg,
            "Campaign query: crm\nTitle: Looking for a CRM\nText: my profile [link]\nand [link] "
            "too");
}

TEST(ChatCompletionRequestBodyTest, HasTheOpenAiShape) {
  auto body = core::ParseJsonObject(ChatCompletionRequestBody("gpt-4o-mini", "Title: x\nText: y"));
  ASSERT_TRUE(body) << body.error().message;
  EXPECT_EQ(core::StringOr(*body, "model"), "gpt-4o-mini");
  EXPECT_EQ(body->at("temperature").to_number<double>(), 0.0);
  EXPECT_EQ(core::StringOr(body->at("response_format").as_object(), "type"), "json_object");
  const auto& messages = body->at("messages").as_array();
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(core::StringOr(messages[0].as_object(), "role"), "system");
  const std::string system = core::StringOr(messages[0].as_object(), "content");
  for (const char* cls : {"seeking", "switching", "hiring", "company_event", "none",
                          "\"intent_class\"", "\"probability\"", "\"reason\""}) {
    EXPECT_NE(system.find(cls), std::string::npos) << cls;
  }
  EXPECT_EQ(core::StringOr(messages[1].as_object(), "role"), "user");
  EXPECT_EQ(core::StringOr(messages[1].as_object(), "content"), "Title: x\nText: y");
}

TEST(ParseChatCompletionAnswerTest, ReadsTheContentJson) {
  auto a = ParseChatCompletionAnswer(ChatCompletionJson(
      R"({"intent_class":"switching","probability":0.87,"reason":"Asks for an alternative to Jira."})"));
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->intent_class, IntentClass::kSwitching);
  EXPECT_DOUBLE_EQ(a->probability, 0.87);
  EXPECT_EQ(a->reason, "Asks for an alternative to Jira.");

  auto fenced = ParseChatCompletionAnswer(
      ChatCompletionJson("```json\n{\"intent_class\":\"none\",\"probability\":0}\n```"));
  ASSERT_TRUE(fenced) << fenced.error().message;
  EXPECT_EQ(fenced->intent_class, IntentClass::kNone);
  EXPECT_EQ(fenced->probability, 0.0);
  EXPECT_EQ(fenced->reason, "");
}

TEST(ParseChatCompletionAnswerTest, RefusesMalformedAnswersWithoutQuotingThem) {
  struct Case {
    std::string body;
    std::string expect;
  };
  const std::vector<Case> cases = {
      {"<html>502</html>", "the response is not a JSON object"},
      {R"({"choices":[]})", "no choices[0]"},
      {R"({"choices":[{"message":{"role":"assistant"}}]})", "content is missing"},
      {ChatCompletionJson("I think this is seeking, secret-post-text"),
       "the content is not a JSON object"},
      {ChatCompletionJson(R"({"intent_class":"buying","probability":0.9})"),
       "intent_class must be"},
      {ChatCompletionJson(R"({"intent_class":"seeking"})"), "probability must be a number"},
      {ChatCompletionJson(R"({"intent_class":"seeking","probability":"high"})"),
       "probability must be"},
      {ChatCompletionJson(R"({"intent_class":"seeking","probability":1.5})"),
       "probability must be"},
      {ChatCompletionJson(R"({"intent_class":"none","probability":0.95})"),
       "intent_class none with"},
  };
  for (const auto& c : cases) {
    auto a = ParseChatCompletionAnswer(c.body);
    ASSERT_FALSE(a) << c.body;
    EXPECT_EQ(a.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_TRUE(a.error().message.starts_with("malformed answer: ")) << a.error().message;
    EXPECT_NE(a.error().message.find(c.expect), std::string::npos) << a.error().message;
    EXPECT_EQ(a.error().message.find("secret-post-text"), std::string::npos);
  }
}

}  // namespace
}  // namespace leados::score
