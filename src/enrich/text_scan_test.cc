// FoldedText's offset mapping: what every finder relies on to quote and case-check a match found
// in the folded text.
#include "enrich/text_scan.h"

#include <gtest/gtest.h>

#include <string>

namespace leados::enrich {
namespace {

TEST(FoldedText, MapsFoldedBytesBackToTheOriginal) {
  const std::string original = "  Hi\t\tThere,\r\n NY ";
  FoldedText f;
  f.Assign(original);
  EXPECT_EQ(f.original, original);
  EXPECT_EQ(f.text, "hi there, ny ");  // leading spaces dropped, runs collapsed, last one kept
  ASSERT_EQ(f.origin.size(), f.text.size());
  EXPECT_EQ(f.OriginalOffset(0), 2u);  // 'H'
  EXPECT_EQ(f.OriginalOffset(3), 6u);  // 'T'
  EXPECT_EQ(f.OriginalOffset(f.text.size()), original.size());
  EXPECT_EQ(f.OriginalSpan(3, 8), "There");
  EXPECT_EQ(f.OriginalSpan(0, 8), "Hi\t\tThere");  // a collapsed run counts whole
  EXPECT_EQ(f.OriginalSpan(10, 12), "NY");
}

TEST(FoldedText, AssignReplacesThePreviousText) {
  FoldedText f;
  f.Assign("A much longer first text");
  f.Assign("Go");
  EXPECT_EQ(f.original, "Go");
  EXPECT_EQ(f.text, "go");
  EXPECT_EQ(f.OriginalSpan(0, 2), "Go");
  f.Assign("");
  EXPECT_TRUE(f.text.empty());
  EXPECT_EQ(f.OriginalOffset(0), 0u);
}

TEST(TextScan, WordStartIsTheLeftHalfOfTheBoundaryRule) {
  EXPECT_TRUE(IsWordStart("go now", 0));
  EXPECT_TRUE(IsWordStart("use go", 4));
  EXPECT_FALSE(IsWordStart("gopher", 2));
  EXPECT_FALSE(IsWordStart("me@apple.com", 3));
  EXPECT_FALSE(IsWordStart("foo.react", 4));  // a '.' glued to a word
  EXPECT_TRUE(IsWordStart("ends. react", 6));
}

}  // namespace
}  // namespace leados::enrich
