#pragma once
// Feed connector: any RSS/Atom/JSON Feed (blogs, news, press-release wires such as PR Newswire,
// GlobeNewswire, Business Wire) turned into Signals.

#include <string_view>

#include "core/result.h"
#include "ingest/feed_parser.h"
#include "ingest/parsed_page.h"

namespace leados::ingest {

// One Signal per entry: source = ctx.kind (kRss, or kPress for wires), source_id = entry id,
// url = canonical link, title, body = content (else summary), author, published = published
// (else updated; else the feed's updated time), community = feed title, company =
// ctx.company (press), feed_id = ctx.feed_id, language by CLD2 with the feed's <language> as a
// hint. Entries without a title and a body are skipped with a note. Errors: see ParseFeed.
core::Result<ParsedPage> ParseFeedPage(std::string_view body, const ParseContext& ctx);

// The same, from an already parsed feed.
ParsedPage FeedToSignals(const ParsedFeed& feed, const ParseContext& ctx);

}  // namespace leados::ingest
