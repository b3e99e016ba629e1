// Query semantics from src/match/testdata/semantics.tsv: every row runs through the reference
// evaluator and through the Hyperscan engine (all rows compiled together as one campaign set).

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "match/compiled_campaigns.h"
#include "match/query_parser.h"
#include "match/reference_evaluator.h"
#include "match/test_data.h"

namespace leados::match {
namespace {

std::string Cell(const std::string& s) {
  return s == "\"\"" ? "" : s;
}

ingest::Signal SignalFromRow(const testing::TsvRow& row) {
  ingest::Signal s;
  s.source = ingest::SourceKind::kRss;
  s.source_id = std::to_string(row.line);
  s.title = Cell(row.cols[1]);
  s.body = Cell(row.cols[2]);
  const std::string& meta = row.cols[3];
  if (meta != "-") {
    size_t start = 0;
    while (start <= meta.size()) {
      size_t end = meta.find(';', start);
      if (end == std::string::npos) end = meta.size();
      const std::string kv = meta.substr(start, end - start);
      const size_t eq = kv.find('=');
      const std::string key = kv.substr(0, eq), value = kv.substr(eq + 1);
      if (key == "source") {
        s.source = *ingest::ParseSourceKind(value);
      } else if (key == "site") {
        s.site = value;
      } else if (key == "sub") {
        s.community = value;
      } else if (key == "lang") {
        s.language = value;
      } else {
        ADD_FAILURE() << "semantics.tsv:" << row.line << ": unknown meta key " << key;
      }
      start = end + 1;
    }
  }
  return s;
}

TEST(SemanticsTest, EveryRowAgreesWithItsExpectationOnBothEvaluators) {
  const auto rows = testing::ReadTsv("semantics.tsv");
  ASSERT_GE(rows.size(), 200u);
  std::vector<CampaignQuery> campaigns;
  for (const auto& row : rows) {
    ASSERT_EQ(row.cols.size(), 6u) << "semantics.tsv:" << row.line;
    campaigns.push_back({std::to_string(row.line), row.cols[0]});
  }
  auto compiled = CompiledCampaigns::Compile(campaigns);
  ASSERT_TRUE(compiled) << compiled.error().message;
  for (const auto& e : (*compiled)->errors())
    ADD_FAILURE() << "semantics.tsv:" << e.campaign_id << ": " << e.message;

  int yes = 0;
  for (const auto& row : rows) {
    const std::string where = "semantics.tsv:" + std::to_string(row.line) + " [" + row.cols[0] +
                              "] (" + row.cols[5] + ")";
    const bool expected = row.cols[4] == "yes";
    ASSERT_TRUE(expected || row.cols[4] == "no") << where;
    yes += expected;
    const ingest::Signal signal = SignalFromRow(row);
    auto query = ParseQuery(row.cols[0]);
    ASSERT_TRUE(query) << where << ": " << query.error().message;
    const ReferenceResult ref = EvaluateReference(*query, signal);
    EXPECT_EQ(ref.matched, expected) << where << " (reference evaluator)";

    const auto matches = (*compiled)->Match(signal);
    const auto it = std::find_if(matches.begin(), matches.end(), [&](const CampaignMatch& m) {
      return m.campaign_id == std::to_string(row.line);
    });
    EXPECT_EQ(it != matches.end(), expected) << where << " (engine)";
    if (it != matches.end() && ref.matched) {
      EXPECT_EQ(it->hits, ref.hits) << where << " (evidence)";
    }
    // The evidence points at real words of the original text.
    for (const auto& h : ref.hits) {
      const std::string& text = h.field == MatchField::kTitle ? signal.title : signal.body;
      EXPECT_LE(h.end, text.size()) << where;
      EXPECT_LT(h.begin, h.end) << where;
    }
  }
  EXPECT_GE(yes, 100);
  EXPECT_GE(static_cast<int>(rows.size()) - yes, 60);
}

TEST(SemanticsTest, EvidenceOffsetsPointAtTheOriginalWords) {
  auto compiled =
      CompiledCampaigns::Compile({{"c1", "integrat* \"e-mail\" NOT spam"}, {"c2", "İstanbul"}});
  ASSERT_TRUE(compiled);
  ingest::Signal s;
  s.title = "İSTANBUL: Integrations";
  s.body = "Our E-Mail tool. Integrate!";
  const auto matches = (*compiled)->Match(s);
  ASSERT_EQ(matches.size(), 2u);
  EXPECT_EQ(matches[0].campaign_id, "c1");
  ASSERT_EQ(matches[0].hits.size(), 3u);
  auto text = [&](const TermHit& h) {
    return (h.field == MatchField::kTitle ? s.title : s.body).substr(h.begin, h.end - h.begin);
  };
  EXPECT_EQ(text(matches[0].hits[0]), "Integrations");
  EXPECT_EQ(text(matches[0].hits[1]), "E-Mail");
  EXPECT_EQ(matches[0].hits[1].term, "\"e mail\"");
  EXPECT_EQ(text(matches[0].hits[2]), "Integrate");
  EXPECT_EQ(text(matches[1].hits[0]), "İSTANBUL");
}

TEST(SemanticsTest, InvalidUtf8AndControlBytesDoNotBreakMatching) {
  auto compiled = CompiledCampaigns::Compile({{"c1", "abc def"}});
  ASSERT_TRUE(compiled);
  ingest::Signal s;
  s.title = std::string(
      "abc\xff\xfe"
      "def\x01\xc3");
  EXPECT_EQ((*compiled)->Match(s).size(), 1u);
  auto q = ParseQuery("abc def");
  EXPECT_TRUE(EvaluateReference(*q, s).matched);
}

TEST(SemanticsTest, NotOnlyAndFilterOnlyCampaignsAreEvaluatedWithoutTermHits) {
  auto compiled = CompiledCampaigns::Compile(
      {{"not", "NOT spam"}, {"src", "source:hn"}, {"or", "crm OR NOT source:hn"}, {"pos", "crm"}});
  ASSERT_TRUE(compiled);
  ingest::Signal s;
  s.source = ingest::SourceKind::kReddit;
  s.title = "nothing relevant";
  auto m = (*compiled)->Match(s);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].campaign_id, "not");
  EXPECT_EQ(m[1].campaign_id, "or");
  s.source = ingest::SourceKind::kHackerNews;
  m = (*compiled)->Match(s);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[1].campaign_id, "src");
}

}  // namespace
}  // namespace leados::match
