// Differential test: on thousands of random (query, signal) pairs from a seeded generator over a
// small vocabulary, the Hyperscan engine agrees with the reference evaluator on the match and on
// the evidence.

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "match/compiled_campaigns.h"
#include "match/query_parser.h"
#include "match/reference_evaluator.h"

namespace leados::match {
namespace {

const std::vector<std::string> kVocab = {"crm",       "pricing", "tool",  "e",      "mail",
                                         "node",      "js",      "c++",   "c",      "alpha",
                                         "alphas",    "beta",    "café",  "москва", "integration",
                                         "integrate", "api",     "σοφος", "data",   "dat"};

class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  const std::string& Word() { return kVocab[Int(0, static_cast<int>(kVocab.size()) - 1)]; }

  std::string Cased(const std::string& w) {
    if (Int(0, 3) != 0) return w;
    if (w == "café") return "CAFÉ";
    if (w == "москва") return "МОСКВА";
    if (w == "σοφος") return "ΣΟΦΟΣ";
    std::string out = w;
    for (char& ch : out) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return out;
  }

  std::string Text(int max_words) {
    static const char* kSeps[] = {" ", " ",  " ",  "-",  ". ", ", ", "'",
                                  "/", "  ", " (", ") ", "\n", "…"};
    std::string out;
    const int n = Int(0, max_words);
    for (int i = 0; i < n; ++i) {
      if (i > 0) out += kSeps[Int(0, 12)];
      out += Cased(Word());
    }
    return out;
  }

  ingest::Signal Signal(int id) {
    ingest::Signal s;
    static const ingest::SourceKind kSources[] = {
        ingest::SourceKind::kHackerNews, ingest::SourceKind::kReddit, ingest::SourceKind::kRss};
    s.source = kSources[Int(0, 2)];
    s.source_id = std::to_string(id);
    s.title = Text(6);
    s.body = Text(14);
    s.site = Int(0, 1) ? "news.example.com" : "other.org";
    s.community = Int(0, 1) ? "startups" : "";
    s.language = Int(0, 1) ? "en" : "de";
    return s;
  }

  std::string Term() {
    switch (Int(0, 7)) {
      case 0: {  // phrase
        std::string p = "\"" + Cased(Word());
        const int n = Int(1, 2);
        for (int i = 0; i < n; ++i) p += " " + Word();
        return p + (Int(0, 4) == 0 ? "*\"" : "\"");
      }
      case 1: {  // wildcard
        std::string w = Word();
        if (w.size() < 3) w = "integ";
        return w.substr(0, Int(2, static_cast<int>(w.size()))) + "*";
      }
      case 2: return "e-mail";
      case 3: return "node.js";
      default: return Cased(Word());
    }
  }

  std::string Scoped() {
    const int r = Int(0, 9);
    if (r == 0) return "title:" + Term();
    if (r == 1) return "body:" + Term();
    return Term();
  }

  std::string Expr(int depth) {
    const int r = Int(0, depth > 2 ? 5 : 11);
    switch (r) {
      case 0:
      case 1:
      case 2: return Scoped();
      case 3: return Scoped() + " NEAR/" + std::to_string(Int(0, 4)) + " " + Scoped();
      case 4: {
        static const char* kFilters[] = {"source:hn", "source:reddit", "site:example.com",
                                         "sub:startups", "lang:en"};
        return kFilters[Int(0, 4)];
      }
      case 5: return Term();
      case 6: return "NOT " + Expr(depth + 1);
      case 7: return "-" + Term();
      case 8: return "(" + Expr(depth + 1) + " OR " + Expr(depth + 1) + ")";
      case 9: return Expr(depth + 1) + " " + Expr(depth + 1);
      case 10: return Expr(depth + 1) + " AND " + Expr(depth + 1);
      default: return "title:(" + Term() + " OR " + Term() + ")";
    }
  }

 private:
  std::mt19937 rng_;
};

TEST(DifferentialTest, EngineAgreesWithReferenceOnRandomQueriesAndSignals) {
  int compared = 0, matched = 0, parse_failures = 0;
  for (uint32_t seed : {1u, 2u, 3u, 4u}) {
    Generator gen(seed);
    std::vector<CampaignQuery> campaigns;
    std::vector<QueryNode> trees;
    while (campaigns.size() < 150) {
      std::string q = gen.Expr(0);
      auto parsed = ParseQuery(q);
      if (!parsed) {  // e.g. NEAR between title: and body:, or too many terms
        ++parse_failures;
        continue;
      }
      campaigns.push_back({"c" + std::to_string(campaigns.size()), q});
      trees.push_back(std::move(*parsed));
    }
    auto compiled = CompiledCampaigns::Compile(campaigns);
    ASSERT_TRUE(compiled) << compiled.error().message;
    ASSERT_TRUE((*compiled)->errors().empty());
    for (int i = 0; i < 60; ++i) {
      const ingest::Signal s = gen.Signal(i);
      const auto matches = (*compiled)->Match(s);
      size_t next = 0;
      for (size_t c = 0; c < campaigns.size(); ++c) {
        const ReferenceResult ref = EvaluateReference(trees[c], s);
        const bool engine = next < matches.size() && matches[next].campaign_id == campaigns[c].id;
        ++compared;
        ASSERT_EQ(engine, ref.matched) << "seed " << seed << " query [" << campaigns[c].query
                                       << "] title [" << s.title << "] body [" << s.body << "]";
        if (engine) {
          ++matched;
          ASSERT_EQ(matches[next].hits, ref.hits)
              << "seed " << seed << " query [" << campaigns[c].query << "] title [" << s.title
              << "] body [" << s.body << "]";
          ++next;
        }
      }
      ASSERT_EQ(next, matches.size());
      ASSERT_EQ((*compiled)->CountMatches(s), matches.size());
    }
  }
  EXPECT_GE(compared, 30000);
  // The vocabulary is small so that both outcomes are frequent.
  EXPECT_GT(matched, compared / 10);
  EXPECT_LT(matched, compared * 9 / 10);
  EXPECT_LT(parse_failures, 200);
}

}  // namespace
}  // namespace leados::match
