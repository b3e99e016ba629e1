#include "match/query_parser.h"

#include <gtest/gtest.h>

#include <string>

#include "match/commands.h"
#include "match/test_data.h"

namespace leados::match {
namespace {

std::string Unescape(std::string s) {
  for (size_t at = s.find("\\n"); at != std::string::npos; at = s.find("\\n", at + 1))
    s.replace(at, 2, "\n");
  return s;
}

TEST(QueryParserTest, ErrorsFromDataFile) {
  const auto rows = testing::ReadTsv("parse_errors.tsv");
  ASSERT_GE(rows.size(), 40u);
  for (const auto& row : rows) {
    ASSERT_EQ(row.cols.size(), 2u) << "parse_errors.tsv:" << row.line;
    const std::string query = Unescape(row.cols[0]);
    auto parsed = ParseQuery(query);
    ASSERT_FALSE(parsed.has_value())
        << "parse_errors.tsv:" << row.line << " parsed as " << FormatQuery(*parsed);
    EXPECT_EQ(parsed.error().message, row.cols[1]) << "parse_errors.tsv:" << row.line;
    EXPECT_EQ(parsed.error().code, core::ErrorCode::kInvalidArgument);
  }
}

TEST(QueryParserTest, CanonicalFormFromDataFileRoundTrips) {
  const auto rows = testing::ReadTsv("normalise.tsv");
  ASSERT_GE(rows.size(), 30u);
  for (const auto& row : rows) {
    ASSERT_EQ(row.cols.size(), 2u) << "normalise.tsv:" << row.line;
    auto parsed = ParseQuery(row.cols[0]);
    ASSERT_TRUE(parsed.has_value())
        << "normalise.tsv:" << row.line << ": " << parsed.error().message;
    const std::string canonical = FormatQuery(*parsed);
    EXPECT_EQ(canonical, row.cols[1]) << "normalise.tsv:" << row.line;
    auto again = ParseQuery(canonical);
    ASSERT_TRUE(again.has_value()) << canonical << ": " << again.error().message;
    EXPECT_EQ(*again, *parsed) << "normalise.tsv:" << row.line;
  }
}

TEST(QueryParserTest, TreeShapeFollowsPrecedence) {
  auto q = ParseQuery("a OR b c NOT d");
  ASSERT_TRUE(q);
  ASSERT_EQ(q->kind, NodeKind::kOr);
  ASSERT_EQ(q->children.size(), 2u);
  EXPECT_EQ(q->children[0].term.words, std::vector<std::string>{"a"});
  const QueryNode& and_node = q->children[1];
  ASSERT_EQ(and_node.kind, NodeKind::kAnd);
  ASSERT_EQ(and_node.children.size(), 3u);
  EXPECT_EQ(and_node.children[2].kind, NodeKind::kNot);
}

TEST(QueryParserTest, LimitsAreInclusive) {
  std::string q64;
  for (int i = 0; i < 64; ++i) q64 += "w" + std::to_string(i) + " ";
  EXPECT_TRUE(ParseQuery(q64));
  EXPECT_TRUE(ParseQuery(std::string(4096, 'a')));
  EXPECT_TRUE(ParseQuery(std::string(32, '(') + "a" + std::string(32, ')')));
  EXPECT_TRUE(ParseQuery("a NEAR/50 b"));
}

TEST(QueryCheckCommandTest, PrintsCanonicalFormOrErrorWithExitCode) {
  std::ostringstream out, err;
  EXPECT_EQ(RunQueryCheck("CRM  -hiring (a OR b)", out, err), 0);
  EXPECT_EQ(out.str(), "crm AND NOT hiring AND (a OR b)\n");
  EXPECT_EQ(err.str(), "");
  std::ostringstream out2, err2;
  EXPECT_EQ(RunQueryCheck("a (b OR c d e", out2, err2), 2);
  EXPECT_EQ(out2.str(), "");
  EXPECT_EQ(err2.str(), "1:14: expected ')' to close '(' at 1:3\n");
}

}  // namespace
}  // namespace leados::match
