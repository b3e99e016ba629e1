#include "score/text_normalizer.h"

#include <gtest/gtest.h>

namespace leados::score {
namespace {

TEST(NormalizeForModel, LowercasesAndSplitsPunctuation) {
  EXPECT_EQ(NormalizeForModel("", "Ask HN: Best CRM for a 10-person team?"),
            "ask hn : best crm for a 10-person team ?");
}

TEST(NormalizeForModel, JoinsTitleAndBodyWithAMarker) {
  EXPECT_EQ(NormalizeForModel("Need a CRM", "We are 12 people."),
            "need a crm __body__ we are __num__ people .");
}

TEST(NormalizeForModel, DropsTheTitleRepeatedAtTheStartOfTheBody) {
  EXPECT_EQ(NormalizeForModel("Alternatives to Jira?", "Alternatives to Jira?  We pay too much."),
            "alternatives to jira ? __body__ we pay too much .");
  // A title-only signal looks like a text-only one.
  EXPECT_EQ(NormalizeForModel("Best VPN?", "Best VPN?"), NormalizeForModel("", "Best VPN?"));
}

TEST(NormalizeForModel, FoldsUrlsAndNumbers) {
  EXPECT_EQ(NormalizeForModel("", "see https://example.com/a?b=1 and 2016 or 3.5"),
            "see __url__ and __num__ or __num__");
}

TEST(NormalizeForModel, CollapsesPunctuationRunsAndKeepsUtf8) {
  EXPECT_EQ(NormalizeForModel("", "Why??? Café!!"), "why ? café !");
}

TEST(NormalizeForModel, CapsLongBodies) {
  const std::string body(100000, 'a');
  std::string words;
  for (int i = 0; i < 20000; ++i) words += "word ";
  EXPECT_LE(NormalizeForModel("t", words).size(), kMaxModelTextBytes + 20);
  EXPECT_FALSE(NormalizeForModel("", body).empty());
}

}  // namespace
}  // namespace leados::score
