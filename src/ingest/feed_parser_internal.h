#pragma once
// Shared by feed_parser.cc and json_feed.cc; not part of the module's interface.

#include <string_view>

#include "core/result.h"
#include "ingest/feed_parser.h"

namespace leados::ingest::internal {

// Parses a JSON Feed (1.0 or 1.1) from UTF-8 text.
core::Result<ParsedFeed> ParseJsonFeed(std::string_view text, const FeedParseOptions& options);
// Fills a missing entry id (link, then "sha256:" + hash) and drops repeated ids.
void FinishEntries(ParsedFeed& feed);

}  // namespace leados::ingest::internal
