#pragma once
// A seeded generator of realistic signals and campaigns for the match benchmark: sentences built
// from the word frequencies of ../shared/data/posts-dev.jsonl (via LEADOS_SHARED) plus tech and
// business terms and product-like names, and campaigns of about 10 terms each
// ((a OR b OR "c d" OR title:e) (intent OR intent* OR intent) -neg -neg, with NEAR and source
// filters in some).

#include <cstdint>
#include <string>
#include <vector>

#include "ingest/signal.h"
#include "match/compiled_campaigns.h"

namespace leados::match::bench {

struct Corpus {
  std::vector<ingest::Signal> signals;
  uint64_t bytes = 0;  // title + body bytes
};

// Vocabulary: words from posts-dev.jsonl with their counts (fallback: a built-in list when the
// file is missing), the topic terms campaigns look for, intent words and negative words.
struct Vocabulary {
  std::vector<std::string> words;
  std::vector<double> weights;
  std::vector<std::string> topics;  // product names, tech and business terms (single or two words)
  std::vector<std::string> intents;
  std::vector<std::string> negatives;
};

Vocabulary LoadVocabulary(uint32_t seed);
// About `target_bytes` of signals (title + body), deterministic for a seed.
Corpus GenerateCorpus(const Vocabulary& v, uint64_t target_bytes, uint32_t seed);
// `count` campaigns of about 10 terms each, deterministic for a seed.
std::vector<CampaignQuery> GenerateCampaigns(const Vocabulary& v, int count, uint32_t seed);
// The distinct words and phrases of the campaigns (for grep/rg -f and the bare Hyperscan scan).
std::vector<std::string> DistinctTerms(const std::vector<CampaignQuery>& campaigns);

}  // namespace leados::match::bench
