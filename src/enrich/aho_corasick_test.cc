#include "enrich/aho_corasick.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "enrich/text_scan.h"

namespace leados::enrich {
namespace {

using Hits = std::vector<std::tuple<int, size_t, size_t>>;

Hits ScanAll(const AhoCorasick& ac, std::string_view text) {
  Hits hits;
  ac.Scan(text, [&](int p, size_t s, size_t e) { hits.emplace_back(p, s, e); });
  return hits;
}

TEST(AhoCorasick, FindsOverlappingAndNestedPatterns) {
  AhoCorasick ac;
  int he = ac.Add("he"), she = ac.Add("she"), his = ac.Add("his"), hers = ac.Add("hers");
  EXPECT_EQ(ac.Add("he"), he);  // duplicates return the first index
  ac.Build();
  Hits hits = ScanAll(ac, "ushers");
  Hits want = {{she, 1, 4}, {he, 2, 4}, {hers, 2, 6}};
  EXPECT_EQ(hits, want);
  EXPECT_TRUE(ScanAll(ac, "xyz").empty());
  (void)his;
}

TEST(AhoCorasick, AgreesWithNaiveSearchOnRandomText) {
  std::mt19937 rng(42);
  std::vector<std::string> patterns;
  AhoCorasick ac;
  for (int i = 0; i < 60; ++i) {
    std::string p;
    int len = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < len; ++k) p.push_back(static_cast<char>('a' + rng() % 3));
    if (ac.Add(p) == static_cast<int>(patterns.size())) patterns.push_back(p);
  }
  ac.Build();
  std::string text;
  for (int k = 0; k < 500; ++k) text.push_back(static_cast<char>('a' + rng() % 4));
  size_t naive = 0;
  for (const auto& p : patterns) {
    for (size_t at = text.find(p); at != std::string::npos; at = text.find(p, at + 1)) ++naive;
  }
  Hits hits = ScanAll(ac, text);
  EXPECT_EQ(hits.size(), naive);
  for (auto [p, s, e] : hits) EXPECT_EQ(text.substr(s, e - s), patterns[p]);
}

TEST(AhoCorasick, ScanFromFindsWhatScanFindsAtTheGivenStarts) {
  std::mt19937 rng(7);
  AhoCorasick ac;
  for (int i = 0; i < 80; ++i) {
    std::string p;
    int len = 1 + static_cast<int>(rng() % 5);
    for (int k = 0; k < len; ++k) p.push_back("ab c"[rng() % 4]);
    if (p.front() != ' ') ac.Add(p);
  }
  ac.Build();
  std::string text;
  for (int k = 0; k < 2000; ++k) text.push_back("ab c"[rng() % 4]);
  auto can_start = [&](size_t i) { return i == 0 || text[i - 1] == ' '; };
  Hits want;
  for (auto [p, s, e] : ScanAll(ac, text)) {
    if (can_start(s)) want.emplace_back(p, s, e);
  }
  // ScanFrom reports by start, then shortest first; Scan by end.
  std::sort(want.begin(), want.end(), [](const auto& a, const auto& b) {
    return std::get<1>(a) != std::get<1>(b) ? std::get<1>(a) < std::get<1>(b)
                                            : std::get<2>(a) < std::get<2>(b);
  });
  Hits got;
  ac.ScanFrom(text, can_start, [&](int p, size_t s, size_t e) { got.emplace_back(p, s, e); });
  EXPECT_FALSE(got.empty());
  EXPECT_EQ(got, want);
}

TEST(TextScan, FoldsAndChecksWordBoundaries) {
  FoldedText f;
  f.Assign("Hello\n\n  World");
  EXPECT_EQ(f.text, "hello world");
  EXPECT_EQ(f.origin[6], 9u);
  EXPECT_TRUE(IsWordBounded("use go now", 4, 6));
  EXPECT_FALSE(IsWordBounded("use gopher", 4, 6));
  EXPECT_FALSE(IsWordBounded("node.js", 0, 4));  // "node" inside "node.js"
  EXPECT_TRUE(IsWordBounded("i like node. ok", 7, 11));
  EXPECT_FALSE(IsWordBounded("c++ code", 0, 1));  // "c" inside "c++"
  EXPECT_FALSE(IsWordBounded("at&t", 0, 2));
  EXPECT_FALSE(IsWordBounded("me@apple.com", 3, 8));
  EXPECT_TRUE(IsSentenceStart("done. go", 6));
  EXPECT_FALSE(IsSentenceStart("we go", 3));
  EXPECT_EQ(PreviousWord("work at acme", 8), "at");
  EXPECT_EQ(NextWord("acme's team", 4), "'s");
}

}  // namespace
}  // namespace leados::enrich
