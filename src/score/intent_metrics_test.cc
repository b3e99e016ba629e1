#include "score/intent_metrics.h"

#include <gtest/gtest.h>

namespace leados::score {
namespace {

TEST(ConfusionMatrix, PerClassAndIntentVsNone) {
  ConfusionMatrix cm;
  cm.Add(IntentClass::kSeeking, IntentClass::kSeeking);
  cm.Add(IntentClass::kSeeking, IntentClass::kSwitching);  // wrong class, still intent
  cm.Add(IntentClass::kSeeking, IntentClass::kNone);
  cm.Add(IntentClass::kNone, IntentClass::kNone);
  cm.Add(IntentClass::kNone, IntentClass::kHiring);
  const Prf seeking = cm.ForClass(IntentClass::kSeeking);
  EXPECT_EQ(seeking.tp, 1);
  EXPECT_EQ(seeking.fn, 2);
  EXPECT_EQ(seeking.fp, 0);
  const Prf bin = cm.IntentVsNone();
  EXPECT_EQ(bin.tp, 2);
  EXPECT_EQ(bin.fp, 1);
  EXPECT_EQ(bin.fn, 1);
  EXPECT_NEAR(bin.f1(), 2.0 / 3.0, 1e-9);
  EXPECT_NEAR(cm.accuracy(), 0.4, 1e-9);
  const std::string md = cm.ToMarkdown("T");
  EXPECT_NE(md.find("| **intent vs none** | 3 | 0.667 | 0.667 | 0.667 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| seeking | 1 | 1 | 0 | 0 | 1 |"), std::string::npos) << md;
}

TEST(Prf, EmptyIsZeroNotNan) {
  Prf p;
  EXPECT_EQ(p.precision(), 0);
  EXPECT_EQ(p.recall(), 0);
  EXPECT_EQ(p.f1(), 0);
}

}  // namespace
}  // namespace leados::score
