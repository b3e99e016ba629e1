// Lead score rules tested from testdata/score_rules.tsv (input -> expected band), plus the parts.

#include "score/lead_score.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace leados::score {
namespace {

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, sep)) out.push_back(cur);
  return out;
}

std::vector<std::string> List(const std::string& s) {
  return s == "-" ? std::vector<std::string>{} : Split(s, ',');
}

std::string TestDataPath() {
  const char* root = std::getenv("LEADOS_SOURCE_DIR");
  return std::string(root ? root : ".") + "/src/score/testdata/score_rules.tsv";
}

TEST(LeadScoreRules, EveryCaseInTheDataFileFallsInItsBand) {
  std::ifstream in(TestDataPath());
  ASSERT_TRUE(in) << "cannot open " << TestDataPath();
  std::string line;
  int cases = 0;
  bool header = true;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {  // column names
      header = false;
      continue;
    }
    const auto f = Split(line, '\t');
    ASSERT_EQ(f.size(), 11u) << line;
    LeadScoreInput input;
    auto cls = ParseIntentClass(f[1]);
    ASSERT_TRUE(cls) << f[1];
    input.intent_class = *cls;
    input.intent_probability = std::stod(f[2]);
    input.fit.met = List(f[3]);
    input.fit.missed = List(f[4]);
    const double total = input.fit.met.size() + input.fit.missed.size();
    input.fit.fraction = total == 0 ? 1.0 : input.fit.met.size() / total;
    input.match.title_terms = List(f[5]);
    input.match.body_terms = List(f[6]);
    input.age_hours = std::stod(f[7]);
    input.source = f[8];
    const LeadScore s = ComputeLeadScore(input);
    EXPECT_GE(s.score, std::stoi(f[9])) << f[0] << ": " << ExplainScore(s);
    EXPECT_LE(s.score, std::stoi(f[10])) << f[0] << ": " << ExplainScore(s);
    ++cases;
  }
  EXPECT_GE(cases, 15);
}

TEST(LeadScore, CarriesItsPartsAndEvidence) {
  LeadScoreInput in;
  in.intent_class = IntentClass::kSwitching;
  in.intent_probability = 0.8;
  in.fit = {{"industry"}, {"region"}, 0.5};
  in.match = {{"crm"}, {"crm", "pipedrive"}, "we are leaving Pipedrive for a new CRM"};
  in.age_hours = 48;
  in.source = "reddit";
  const LeadScore s = ComputeLeadScore(in);
  ASSERT_EQ(s.parts.size(), 5u);
  EXPECT_EQ(s.parts[0].name, "intent");
  EXPECT_DOUBLE_EQ(s.parts[0].points, 36.0);
  EXPECT_DOUBLE_EQ(s.parts[1].points, 12.5);
  EXPECT_DOUBLE_EQ(s.parts[2].points, 15 * 0.75);  // (2*1 title + 1 body) / 4
  EXPECT_DOUBLE_EQ(s.parts[3].points, 5.0);        // one half-life
  EXPECT_DOUBLE_EQ(s.parts[4].points, 4.0);
  EXPECT_EQ(s.score, 69);  // 36 + 12.5 + 11.25 + 5 + 4 = 68.75
  EXPECT_EQ(s.matched_terms, (std::vector<std::string>{"crm", "pipedrive"}));
  EXPECT_EQ(s.quoted_passage, "we are leaving Pipedrive for a new CRM");
  EXPECT_EQ(s.fit_met, std::vector<std::string>{"industry"});
  EXPECT_EQ(s.fit_missed, std::vector<std::string>{"region"});
  EXPECT_EQ(s.intent_class, IntentClass::kSwitching);
  EXPECT_EQ(ExplainScore(s), "intent 36.0 + fit 12.5 + match 11.2 + recency 5.0 + source 4.0 = 69");
}

TEST(LeadScore, MonotoneInEachInput) {
  LeadScoreInput base;
  base.intent_class = IntentClass::kSeeking;
  base.intent_probability = 0.5;
  base.fit.fraction = 0.5;
  base.age_hours = 24;
  base.source = "rss";
  const int s0 = ComputeLeadScore(base).score;
  auto more_intent = base;
  more_intent.intent_probability = 0.9;
  auto older = base;
  older.age_hours = 200;
  auto better_fit = base;
  better_fit.fit.fraction = 1.0;
  EXPECT_GT(ComputeLeadScore(more_intent).score, s0);
  EXPECT_LT(ComputeLeadScore(older).score, s0);
  EXPECT_GT(ComputeLeadScore(better_fit).score, s0);
}

}  // namespace
}  // namespace leados::score
