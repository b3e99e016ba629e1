#include "match/text_tokens.h"

#include <gtest/gtest.h>

namespace leados::match {
namespace {

using Words = std::vector<std::string>;

TEST(TextTokensTest, SplitsOnPunctuationAndFolds) {
  EXPECT_EQ(FoldWords("Hello, World! E-Mail node.js C++ c# don't"),
            (Words{"hello", "world", "e", "mail", "node", "js", "c++", "c#", "don", "t"}));
  EXPECT_EQ(FoldWords("https://www.Example.com/a_b?x=1"),
            (Words{"https", "www", "example", "com", "a", "b", "x", "1"}));
  EXPECT_EQ(FoldWords(""), Words{});
  EXPECT_EQ(FoldWords("... --- !!!"), Words{});
}

TEST(TextTokensTest, FoldsLatinGreekCyrillic) {
  EXPECT_EQ(FoldWords("ÀÉÎÕÜ ŁÓDŹ İ ΣΟΦΟΣ ς МОСКВА ЁЇ"),
            (Words{"àéîõü", "łódź", "i", "σοφοσ", "σ", "москва", "ёї"}));
  EXPECT_EQ(FoldCodePoint(U'Ÿ'), U'ÿ');
  EXPECT_EQ(FoldCodePoint(U'ſ'), U's');
  EXPECT_EQ(FoldCodePoint(U'Ά'), U'ά');
  EXPECT_EQ(FoldCodePoint(U'Ώ'), U'ώ');
  EXPECT_EQ(FoldCodePoint(U'Ґ'), U'ґ');
  EXPECT_EQ(FoldCodePoint(U'×'), U'×');
}

TEST(TextTokensTest, PlusAndHashAttachOnlyAtWordEnd) {
  EXPECT_EQ(FoldWords("c++11 g++ #tag a#b"), (Words{"c", "11", "g++", "tag", "a", "b"}));
}

TEST(TextTokensTest, InvalidUtf8SeparatesWords) {
  EXPECT_EQ(FoldWords(std::string("abc\xff"
                                  "def\xc3")),
            (Words{"abc", "def"}));
  EXPECT_EQ(FoldWords(std::string("\xe2\x82")), Words{});
}

TEST(TextTokensTest, OffsetsPointIntoTheOriginalText) {
  FoldedText f;
  f.AppendField("İstanbul, CAFÉ");
  f.AppendField("x");
  ASSERT_EQ(f.tokens().size(), 3u);
  EXPECT_EQ(f.folded(), "istanbul café\nx");
  EXPECT_EQ(f.tokens()[0].begin, 0u);
  EXPECT_EQ(f.tokens()[0].end, 9u);  // İ is two bytes, folded to one
  EXPECT_EQ(f.tokens()[1].begin, 11u);
  EXPECT_EQ(f.tokens()[1].end, 16u);
  EXPECT_EQ(f.tokens()[2].begin, 0u);
  EXPECT_EQ(f.FieldOfToken(2), 1);
  EXPECT_EQ(f.field_first_token(1), 2u);
}

}  // namespace
}  // namespace leados::match
