#include "score/match_evidence.h"

#include <gtest/gtest.h>

namespace leados::score {
namespace {

match::TermHit Hit(std::string term, match::MatchField field, uint32_t begin, uint32_t end) {
  return match::TermHit{std::move(term), field, begin, end};
}

TEST(MatchEvidenceFrom, DistinctTermsTitleFirstAndTheBodyPassage) {
  ingest::Signal s;
  s.title = "Best CRM for a small team?";
  s.body = std::string(150, 'x') + " we need a crm that syncs email and a decent pipeline view " +
           std::string(150, 'y');
  const uint32_t at = static_cast<uint32_t>(s.body.find("crm"));
  match::CampaignMatch m;
  m.campaign_id = "c";
  m.hits = {Hit("crm", match::MatchField::kTitle, 5, 8), Hit("crm", match::MatchField::kBody, at, at + 3),
            Hit("pipeline", match::MatchField::kBody, at + 40, at + 48),
            Hit("pipeline", match::MatchField::kBody, at + 60, at + 68)};
  const MatchEvidence e = MatchEvidenceFrom(s, m);
  EXPECT_EQ(e.title_terms, std::vector<std::string>{"crm"});
  EXPECT_EQ(e.body_terms, std::vector<std::string>{"pipeline"});  // crm counts as a title term
  EXPECT_TRUE(e.quoted_passage.starts_with("…")) << e.quoted_passage;
  EXPECT_TRUE(e.quoted_passage.ends_with("…")) << e.quoted_passage;
  EXPECT_NE(e.quoted_passage.find("we need a crm that syncs email"), std::string::npos);
  EXPECT_EQ(e.quoted_passage.find("xxxx"), std::string::npos);  // whole words only
  EXPECT_LT(e.quoted_passage.size(), 260u);
}

TEST(MatchEvidenceFrom, QuotesTheTitleWithoutBodyHitsAndNeverSplitsUtf8) {
  ingest::Signal s;
  s.title = "Alternatives à Jira ?";
  match::CampaignMatch m;
  m.hits = {Hit("jira", match::MatchField::kTitle, 15, 19)};
  EXPECT_EQ(MatchEvidenceFrom(s, m).quoted_passage, s.title);

  s.body = std::string(120, 'e') + "é" + std::string(10, 'a') + " jira";  // no spaces to widen to
  const uint32_t at = static_cast<uint32_t>(s.body.find("jira"));
  m.hits = {Hit("jira", match::MatchField::kBody, at, at + 4)};
  const std::string q = MatchEvidenceFrom(s, m).quoted_passage;
  ASSERT_TRUE(q.starts_with("…"));
  const unsigned char first = static_cast<unsigned char>(q[3]);  // after the 3-byte ellipsis
  EXPECT_NE(first & 0xC0, 0x80) << q;
  EXPECT_TRUE(q.ends_with("jira"));
}

}  // namespace
}  // namespace leados::score
