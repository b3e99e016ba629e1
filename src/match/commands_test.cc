#include "match/commands.h"

#include <gtest/gtest.h>

#include <sstream>

#include "core/json.h"

namespace leados::match {
namespace {

TEST(MatchCommandTest, PrintsOneJsonLinePerSignalCampaignMatch) {
  std::istringstream campaigns(
      "{\"id\":\"c1\",\"query\":\"crm -hiring\",\"name\":\"ignored\"}\n\n"
      "{\"id\":\"c2\",\"query\":\"title:pricing OR integrat*\"}\n");
  std::istringstream signals(
      "{\"source\":\"hn\",\"source_id\":\"1\",\"title\":\"CRM pricing\",\"body\":\"\"}\n"
      "{\"source\":\"reddit\",\"source_id\":\"2\",\"title\":\"We are hiring\",\"body\":\"crm\"}\n"
      "{\"source\":\"rss\",\"source_id\":\"3\",\"title\":\"x\",\"body\":\"New Integrations\"}\n");
  std::ostringstream out, err;
  ASSERT_EQ(RunMatchCommand(campaigns, signals, out, err), 0) << err.str();
  EXPECT_EQ(out.str(),
            "{\"signal\":\"hn:1\",\"campaign\":\"c1\",\"terms\":[{\"term\":\"crm\",\"field\":"
            "\"title\",\"begin\":0,"
            "\"end\":3,\"text\":\"CRM\"}]}\n"
            "{\"signal\":\"hn:1\",\"campaign\":\"c2\",\"terms\":[{\"term\":\"pricing\",\"field\":"
            "\"title\",\"begin\":4,"
            "\"end\":11,\"text\":\"pricing\"}]}\n"
            "{\"signal\":\"rss:3\",\"campaign\":\"c2\",\"terms\":[{\"term\":\"integrat*\","
            "\"field\":\"body\",\"begin\":4,"
            "\"end\":16,\"text\":\"Integrations\"}]}\n");
}

TEST(MatchCommandTest, BadQueryOrLineStopsWithExitTwoAndNamesTheLine) {
  std::istringstream campaigns(
      "{\"id\":\"c1\",\"query\":\"crm\"}\n{\"id\":\"c2\",\"query\":\"(crm\"}\n");
  std::istringstream signals("");
  std::ostringstream out, err;
  EXPECT_EQ(RunMatchCommand(campaigns, signals, out, err), 2);
  EXPECT_EQ(err.str(), "campaigns line 2 (id c2): 1:5: expected ')' to close '(' at 1:1\n");

  std::istringstream campaigns2("{\"id\":\"c1\",\"query\":\"crm\"}\n");
  std::istringstream signals2("{\"source\":\"hn\",\"title\":\"a\"}\nnot json\n");
  std::ostringstream out2, err2;
  EXPECT_EQ(RunMatchCommand(campaigns2, signals2, out2, err2), 2);
  EXPECT_TRUE(err2.str().starts_with("signals line 2: ")) << err2.str();
}

TEST(ScanCommandTest, ReportsPerDayBySourceAndExamplesWithoutPersonalData) {
  std::ostringstream in;
  for (int day = 1; day <= 10; ++day) {
    for (int i = 0; i < 3; ++i) {
      const char* source = i == 0 ? "reddit" : "hn";
      in << "{\"source\":\"" << source << "\",\"source_id\":\"" << day << "-" << i
         << "\",\"url\":\"https://www.example.com/r/x/comments/" << day
         << "?u=alice\",\"author\":\"alice_smith\","
         << "\"published\":\"2026-11-" << (day < 10 ? "0" : "") << day
         << "T12:00:00Z\",\"title\":\""
         << (i < 2 ? "Need a CRM recommendation for our very long titled startup team that keeps "
                     "going on and on"
                   : "Unrelated")
         << "\",\"body\":\"\"}\n";
    }
  }
  std::istringstream signals(in.str());
  std::ostringstream out, err;
  ASSERT_EQ(RunScanCommand("crm recommend*", signals, 7, out, err), 0) << err.str();
  auto report = core::ParseJsonObject(out.str());
  ASSERT_TRUE(report) << out.str();
  EXPECT_EQ(report->at("query").as_string(), "crm AND recommend*");
  EXPECT_EQ(report->at("signals_read").as_int64(), 30);
  // The window is the 7 days before the latest signal (Nov 10 12:00): Nov 3 12:00 .. Nov 10.
  EXPECT_EQ(report->at("signals_in_window").as_int64(), 24);
  EXPECT_EQ(report->at("matches").as_int64(), 16);
  EXPECT_DOUBLE_EQ(report->at("matches_per_day").as_double(), 2.29);
  const auto& by_source = report->at("by_source").as_array();
  ASSERT_EQ(by_source.size(), 2u);
  EXPECT_EQ(by_source[0].as_object().at("source").as_string(), "hn");
  EXPECT_EQ(by_source[0].as_object().at("matches").as_int64(), 8);
  const auto& examples = report->at("examples").as_array();
  ASSERT_EQ(examples.size(), 5u);
  const auto& ex = examples[0].as_object();
  EXPECT_EQ(ex.at("site").as_string(), "example.com");
  EXPECT_EQ(ex.at("published").as_string(), "2026-11-10");
  EXPECT_EQ(ex.at("title").as_string(),
            "Need a CRM recommendation for our very long titled startup team that keeps going…");
  EXPECT_TRUE(report->at("score_distribution").is_null());
  EXPECT_EQ(out.str().find("alice"), std::string::npos);
  EXPECT_EQ(out.str().find("comments"), std::string::npos);
}

TEST(ScanCommandTest, InvalidQueryExitsTwo) {
  std::istringstream signals("");
  std::ostringstream out, err;
  EXPECT_EQ(RunScanCommand("crm AND", signals, std::nullopt, out, err), 2);
  EXPECT_EQ(err.str(),
            "1:8: expected a term, a \"phrase\" or '(' after 'AND', found the end of the query\n");
}

}  // namespace
}  // namespace leados::match
