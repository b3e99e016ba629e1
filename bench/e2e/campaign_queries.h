#pragma once
// Campaign queries for the end-to-end benchmark, drawn from the vocabulary of the real posts the
// benchmark publishes, so that match rates look like production rather than like a synthetic
// corpus: each query is a topic group of four words that occur in a few posts each (document
// frequency kMinTopicDf..kMaxTopicDf), one of them title-scoped, AND an intent group of two words
// from a fixed list of asking/evaluating words; one query in three also excludes a word.
//   (kubernetes OR invoice OR "rss" OR title:vpn) (recommend OR alternative) -hiring
// Deterministic for a seed.

#include <cstdint>
#include <string>
#include <vector>

#include "ingest/signal.h"

namespace leados::bench::e2e {

inline constexpr int kMinTopicDf = 2;
inline constexpr int kMaxTopicDf = 3;

// `count` queries in the LeadOS query language.
std::vector<std::string> GenerateCampaignQueries(const std::vector<ingest::Signal>& posts,
                                                 int count, uint32_t seed);

}  // namespace leados::bench::e2e
