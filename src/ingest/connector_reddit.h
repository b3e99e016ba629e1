#pragma once
// Reddit connector: listings (`/r/{sub}/new`, `/new`, search, user/multireddit listings,
// `/r/{sub}/comments`) and the submission page (`/comments/{id}` = [Listing(t3), Listing(t1
// tree)]).
//
// Mapping: source kReddit, source_id = the fullname ("t3_4t4t2h", "t1_d5er0zw"), so Key() is
// "reddit:t3_4t4t2h". t3 (post): title, body = selftext, url = https://www.reddit.com<permalink>.
// t1 (comment): body, no title, url = its permalink (built from link_id and id when absent).
// author "[deleted]" reads as no author; author_url = https://www.reddit.com/user/<author>.
// community = subreddit, published = created_utc. Replies are walked recursively.
// Skipped with a note, never silently: `over_18` items (a lead-intelligence product does not
// deliver NSFW content), "more" stubs (ids the tree did not include), and items whose text was
// removed or deleted and that have no title.

#include <string_view>

#include "core/result.h"
#include "ingest/parsed_page.h"

namespace leados::ingest {

// next_cursor = the listing's `after` (empty at the end), prev_cursor = `before`.
// Accepts a Listing object or an array of Listings. Entities in title/selftext/body are decoded
// (harmless with raw_json=1, needed without it).
core::Result<ParsedPage> ParseRedditListing(std::string_view body, const ParseContext& ctx);

}  // namespace leados::ingest
