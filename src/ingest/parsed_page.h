#pragma once
// What every source connector's parser takes and returns. A connector parser is a pure function
// `core::Result<ParsedPage> ParseXxx(std::string_view body, const ParseContext&)`: bytes in,
// Signals plus paging information out. It never fetches; the fetcher/scheduler does that and
// uses the cursor fields to decide what to request next.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "ingest/signal.h"

namespace leados::ingest {

// What the parser knows about where the bytes came from.
struct ParseContext {
  std::string url;           // the URL the body was fetched from (base for relative links)
  std::string http_charset;  // charset parameter of the Content-Type header, if any
  std::string feed_id;       // id of the configured source; copied into Signal::feed_id
  SourceKind kind = SourceKind::kRss;  // feeds: kRss, or kPress for press-release wires
  std::string company;  // job boards / press: the configured company name (wins over payload)
  std::string company_domain;   // the configured company web domain
  bool detect_language = true;  // run CLD2 on each signal's text
};

// One parsed response.
struct ParsedPage {
  std::vector<Signal> signals;      // unique by Signal::Key() within the page, in source order
  std::string next_cursor;          // token for the next (older) page: Reddit `after`,
                                    // Algolia next page number; empty at the end
  std::string prev_cursor;          // Reddit `before`
  std::vector<int64_t> item_ids;    // HN ids to fetch next (newstories, updates, kids)
  std::optional<int64_t> max_item;  // HN /v0/maxitem
  std::vector<std::string> notes;   // items skipped and why ("t3_abc: over_18 post skipped")
  int duplicates = 0;               // items dropped because their Key() repeated within the page
};

// Adds `s` unless a signal with the same Key() is already in `page` (then counts a duplicate).
// Fills `site` from `url` when empty. `seen` holds the keys already present.
void AddUnique(ParsedPage& page, std::unordered_set<std::string>& seen, Signal s);

// Fills language (CLD2 over title + body, `hint` a declared language) and feed_id from `ctx`.
void FinishSignal(Signal& s, const ParseContext& ctx, std::string_view language_hint = "");

// The first `n` hex characters of SHA-256 over `text`: short stable ids and content versions.
std::string ShortHash(std::string_view text, size_t n = 16);

}  // namespace leados::ingest
