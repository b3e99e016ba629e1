#include "campaign_queries.h"

#include <cctype>
#include <map>
#include <random>
#include <set>

namespace leados::bench::e2e {
namespace {

const std::set<std::string> kStop = {
    "the",    "and",     "for",     "that",  "this",  "with",   "from",   "have",  "your",
    "what",   "they",    "just",    "about", "would", "there",  "their",  "like",  "when",
    "will",   "been",    "more",    "were",  "which", "them",   "than",   "then",  "into",
    "some",   "could",   "only",    "also",  "other", "does",   "don't",  "it's",  "i'm",
    "very",   "because", "these",   "those", "here",  "after",  "before", "where", "while",
    "should", "being",   "over",    "much",  "many",  "really", "even",   "still", "though",
    "every",  "same",    "make",    "made",  "want",  "know",   "http",   "https", "www",
    "com",    "reddit",  "comments"};

// Words people use when they ask for or compare tools (present in the posts).
const std::vector<std::string> kIntents = {"recommend",   "recommendations",
                                           "best",        "looking",
                                           "alternative", "alternatives",
                                           "need",        "help",
                                           "advice",      "anyone",
                                           "which",       "tool",
                                           "tools",       "service",
                                           "switch",      "using",
                                           "suggestions", "options",
                                           "worth",       "good",
                                           "vs",          "free"};

std::vector<std::string> Words(const ingest::Signal& s) {
  std::vector<std::string> out;
  std::string w;
  auto flush = [&] {
    if (w.size() >= 4) out.push_back(w);
    w.clear();
  };
  for (const std::string* text : {&s.title, &s.body}) {
    for (char c : *text) {
      const unsigned char u = static_cast<unsigned char>(c);
      if (std::isalnum(u)) {
        w.push_back(static_cast<char>(std::tolower(u)));
      } else {
        flush();
      }
    }
    flush();
  }
  return out;
}

}  // namespace

std::vector<std::string> GenerateCampaignQueries(const std::vector<ingest::Signal>& posts,
                                                 int count, uint32_t seed) {
  std::map<std::string, int> df;
  for (const auto& p : posts) {
    const auto words = Words(p);
    for (const auto& w : std::set<std::string>(words.begin(), words.end())) ++df[w];
  }
  const std::set<std::string> intents(kIntents.begin(), kIntents.end());
  std::vector<std::string> topics;
  for (const auto& [w, n] : df) {
    if (n < kMinTopicDf || n > kMaxTopicDf || kStop.contains(w) || intents.contains(w)) continue;
    if (std::isdigit(static_cast<unsigned char>(w[0]))) continue;
    topics.push_back(w);
  }
  std::mt19937 rng(seed);
  std::uniform_int_distribution<size_t> topic(0, topics.size() - 1);
  std::uniform_int_distribution<size_t> intent(0, kIntents.size() - 1);
  std::vector<std::string> out;
  out.reserve(count);
  for (int i = 0; i < count; ++i) {
    std::string q = "(" + topics[topic(rng)] + " OR " + topics[topic(rng)] + " OR " +
                    topics[topic(rng)] + " OR title:" + topics[topic(rng)] + ") (" +
                    kIntents[intent(rng)] + " OR " + kIntents[intent(rng)] + ")";
    if (i % 3 == 2) q += " -" + topics[topic(rng)];
    out.push_back(std::move(q));
  }
  return out;
}

}  // namespace leados::bench::e2e
