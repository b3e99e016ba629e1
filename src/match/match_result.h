#pragma once
// What a match reports: the campaign and the evidence (matched terms with their byte offsets in the
// original title/body, for highlighting). Value types.

#include <cstdint>
#include <string>
#include <vector>

#include "core/json.h"
#include "ingest/signal.h"

namespace leados::match {

enum class MatchField { kTitle, kBody };

// One occurrence of a matched term. [begin, end) are byte offsets into the signal's original
// title or body; a wildcard term covers the whole matched word.
struct TermHit {
  std::string term;  // the term as written in the canonical query, e.g. `"e mail"`, `integrat*`
  MatchField field = MatchField::kTitle;
  uint32_t begin = 0;
  uint32_t end = 0;

  friend bool operator==(const TermHit&, const TermHit&) = default;
  friend auto operator<=>(const TermHit& a, const TermHit& b) {
    if (auto c = a.field <=> b.field; c != 0) return c;
    if (auto c = a.begin <=> b.begin; c != 0) return c;
    if (auto c = a.end <=> b.end; c != 0) return c;
    return a.term <=> b.term;
  }
};

// Evidence lists keep at most this many hits (sorted by field, offset).
inline constexpr size_t kMaxHitsPerMatch = 64;

// One (signal, campaign) match. `hits` are the occurrences of the query's positive terms (terms
// not under NOT), sorted by field and offset, without duplicates, at most kMaxHitsPerMatch.
struct CampaignMatch {
  std::string campaign_id;
  std::vector<TermHit> hits;

  friend bool operator==(const CampaignMatch&, const CampaignMatch&) = default;
};

// "title" / "body".
const char* MatchFieldName(MatchField field);
// {"signal":"hn:1","campaign":"c1","terms":[{"term":"crm","field":"title","begin":0,"end":3,
//  "text":"CRM"}]}: one line of `leados match` output.
core::json::object MatchToJson(const ingest::Signal& signal, const CampaignMatch& match);

}  // namespace leados::match
