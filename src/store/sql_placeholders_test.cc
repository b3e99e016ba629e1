#include "store/sql_placeholders.h"

#include <gtest/gtest.h>

namespace leados::store::internal {
namespace {

TEST(RewritePlaceholdersTest, NumbersEachPlaceholder) {
  auto r = RewritePlaceholders("SELECT a FROM t WHERE b = ? AND c IN (?, ?)");
  EXPECT_EQ(r.sql, "SELECT a FROM t WHERE b = :p1 AND c IN (:p2, :p3)");
  EXPECT_EQ(r.placeholders, 3u);
}

TEST(RewritePlaceholdersTest, LeavesQuotedTextAndCommentsAlone) {
  auto r = RewritePlaceholders(
      "SELECT '?', 'it''s ?', \"we?ird\", $$a?b$$, $t$?$t$ -- why?\n, ? /* what? */, ?");
  EXPECT_EQ(r.sql,
            "SELECT '?', 'it''s ?', \"we?ird\", $$a?b$$, $t$?$t$ -- why?\n, :p1 /* what? */, :p2");
  EXPECT_EQ(r.placeholders, 2u);
}

TEST(RewritePlaceholdersTest, KeepsCastsAndPositionalDollars) {
  auto r = RewritePlaceholders("SELECT ?::text, $1");
  EXPECT_EQ(r.sql, "SELECT :p1::text, $1");
}

TEST(RewritePlaceholdersTest, UnterminatedQuoteIsCopied) {
  auto r = RewritePlaceholders("SELECT 'abc ?");
  EXPECT_EQ(r.sql, "SELECT 'abc ?");
  EXPECT_EQ(r.placeholders, 0u);
}

}  // namespace
}  // namespace leados::store::internal
