#include "score/keyword_baseline.h"

#include <gtest/gtest.h>

namespace leados::score {
namespace {

TEST(KeywordBaseline, MapsPhrasesToClasses) {
  EXPECT_EQ(KeywordBaselinePredict("Ask HN: Alternatives to Jira?", ""), IntentClass::kSwitching);
  EXPECT_EQ(KeywordBaselinePredict("", "Acme is hiring a backend engineer"), IntentClass::kHiring);
  EXPECT_EQ(KeywordBaselinePredict("Acme raises $10M Series A", ""), IntentClass::kCompanyEvent);
  EXPECT_EQ(KeywordBaselinePredict("Can anyone recommend a CRM?", ""), IntentClass::kSeeking);
  EXPECT_EQ(KeywordBaselinePredict("Why is CSS hard?", "It just is."), IntentClass::kNone);
}

TEST(KeywordBaseline, MatchesAcrossLineBreaksAndCase) {
  EXPECT_EQ(KeywordBaselinePredict("", "We are LOOKING\nFOR a vendor"), IntentClass::kSeeking);
}

}  // namespace
}  // namespace leados::score
