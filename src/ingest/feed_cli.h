#pragma once
// `leados feed parse FILE`: the parsed feed as JSON, for people checking what LeadOS reads from
// a feed. The CLI wiring is in src/app/cmd_feed.cc; this is the testable part.

#include <iosfwd>
#include <string>

#include "core/json.h"
#include "ingest/feed_parser.h"

namespace leados::ingest {

// {"feed":{"title","link","subtitle","updated"},"entries":[{"id","title","link","published",
//  "updated","author","summary","content"}]}; times are RFC 3339 UTC ("2026-11-29T06:00:00Z") or
// null when the feed has none; texts are plain text.
core::json::object FeedToJson(const ParsedFeed& feed);

// Reads `path` ("-" = stdin), parses it (base URL `base_url` for relative links, empty = the
// feed's own links) and writes FeedToJson as one JSON line to `out`. Warnings go to `err` as
// "warning: …" lines. Returns 0 on success, 1 when the file cannot be read or is not a feed (the
// reason on `err` as "error: …").
int RunFeedParse(const std::string& path, std::ostream& out, std::ostream& err,
                 const std::string& base_url = "");

}  // namespace leados::ingest
