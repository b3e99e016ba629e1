#include "match/text_tokens.h"

#include <gtest/gtest.h>

#include <random>

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

// The SSE2 path (16 bytes at a time) must give exactly what the scalar code gives: the same folded
// text and the same word positions, on random mixes of letters, digits, separators, '+', '#',
// multi-byte UTF-8 (foldable and not), invalid bytes and long runs that cross 16-byte chunks.
TEST(TextTokensTest, SimdPathEqualsScalarCode) {
  static const char* kPieces[] = {"a",   "Z",  "q7",  "Hello", "WORLD", "x", "0", "123456789012345",
                                  " ",   "  ", ",",   ".",     "-",     "/", "_", "'",
                                  "\n", "\t", "+",   "++",    "#",     "c++", "C#", "ÀÉ",
                                  "İ",   "ß",  "Σ",   "москва", "😀",     "\xff", "\xc3", "—",
                                  "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOP", "................"};
  std::mt19937 rng(7);
  std::uniform_int_distribution<size_t> piece(0, std::size(kPieces) - 1);
  std::uniform_int_distribution<int> len(0, 60);
  for (int round = 0; round < 20000; ++round) {
    std::string a, b;
    for (int k = len(rng); k > 0; --k) a += kPieces[piece(rng)];
    for (int k = len(rng); k > 0; --k) b += kPieces[piece(rng)];
    FoldedText simd, scalar, folded_only;
    simd.AppendField(a);
    simd.AppendField(b);
    folded_only.AppendField(a, /*with_tokens=*/false);
    folded_only.AppendField(b, /*with_tokens=*/false);
    testing::SetFoldSimdEnabled(false);
    scalar.AppendField(a);
    scalar.AppendField(b);
    testing::SetFoldSimdEnabled(true);
    ASSERT_EQ(simd.folded(), scalar.folded()) << a << " | " << b;
    ASSERT_EQ(folded_only.folded(), scalar.folded()) << a << " | " << b;
    EXPECT_TRUE(folded_only.tokens().empty());
    ASSERT_EQ(simd.tokens().size(), scalar.tokens().size()) << a << " | " << b;
    for (size_t t = 0; t < simd.tokens().size(); ++t) {
      const TokenSpan& x = simd.tokens()[t];
      const TokenSpan& y = scalar.tokens()[t];
      ASSERT_TRUE(x.begin == y.begin && x.end == y.end && x.folded_begin == y.folded_begin &&
                  x.folded_end == y.folded_end)
          << a << " | " << b << " token " << t;
    }
    ASSERT_EQ(simd.field_first_token(1), scalar.field_first_token(1));
  }
  // Prose (words and single spaces, now and then punctuation): the folded-only fast path.
  static const char* kWords[] = {"a", "CRM", "tool", "Looking", "for", "x", "recommend", "Zendesk"};
  static const char* kGaps[] = {" ", " ", " ", " ", " ", ", ", ". ", "  ", "-", " c++ ", " é "};
  std::uniform_int_distribution<size_t> word(0, std::size(kWords) - 1);
  std::uniform_int_distribution<size_t> gap(0, std::size(kGaps) - 1);
  for (int round = 0; round < 5000; ++round) {
    std::string text = round % 3 == 0 ? " " : "";
    for (int k = len(rng); k > 0; --k) text += std::string(kWords[word(rng)]) + kGaps[gap(rng)];
    FoldedText folded_only, scalar;
    folded_only.AppendField("t");
    folded_only.AppendField(text, /*with_tokens=*/false);
    testing::SetFoldSimdEnabled(false);
    scalar.AppendField("t");
    scalar.AppendField(text);
    testing::SetFoldSimdEnabled(true);
    ASSERT_EQ(folded_only.folded(), scalar.folded()) << text;
  }
}

}  // namespace
}  // namespace leados::match
