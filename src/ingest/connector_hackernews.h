#pragma once
// Hacker News connector: the Firebase API (live items) and the Algolia search API (backfill and
// supply scans). Pure parsers over response bodies; fetching is the scheduler's job.
//
// Mapping (all): source kHackerNews, source_id = the item id ("8863", so Key() is "hn:8863"),
// author = `by`/`author`, author_url = https://news.ycombinator.com/user?id=<author>,
// published = `time`/`created_at_i`, title and text as plain text (HTML removed). url = the
// story's external link when it has one, else https://news.ycombinator.com/item?id=<id>
// (comments, Ask HN, jobs without a link). Deleted and dead items, and poll options (`pollopt`,
// whose text belongs to the poll), are skipped with a note.

#include <string_view>

#include "core/result.h"
#include "ingest/parsed_page.h"

namespace leados::ingest {

// /v0/item/<id>.json -> zero or one Signal; item_ids = the item's `kids` (and a poll's `parts`).
// A body of `null` (an id not yet assigned) gives an empty page.
core::Result<ParsedPage> ParseHnItem(std::string_view body, const ParseContext& ctx);

// The id endpoints: /v0/maxitem.json (a number -> max_item), /v0/newstories.json and the other
// story lists (an array -> item_ids), /v0/updates.json ({"items":[…],"profiles":[…]} -> item_ids).
core::Result<ParsedPage> ParseHnIndex(std::string_view body);

// Algolia /api/v1/search and /api/v1/search_by_date: one Signal per hit; next_cursor = the next
// page number ("1") while page + 1 < nbPages, else empty.
core::Result<ParsedPage> ParseHnAlgoliaSearch(std::string_view body, const ParseContext& ctx);

// Algolia /api/v1/items/<id>: the item and its whole comment tree, one Signal per node.
core::Result<ParsedPage> ParseHnAlgoliaItem(std::string_view body, const ParseContext& ctx);

}  // namespace leados::ingest
