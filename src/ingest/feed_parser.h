#pragma once
// Feed parsing: RSS 0.9x / 1.0 (RDF) / 2.0, Atom 0.3 / 1.0 and JSON Feed 1.0 / 1.1, with the
// real-world mess (declared and wrong encodings, HTML in titles, relative links, broken dates,
// missing guids). Pure functions, thread-safe. Parsed text is plain UTF-8 (HTML turned to text).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace leados::ingest {

struct FeedEntry {
  std::string id;  // guid / atom:id / JSON id; else the link; else "sha256:" + hash of link+title
  std::string title;  // one line of plain text
  std::string link;   // absolute, canonical (see url_canon.h); empty when the entry has none
  std::optional<core::TimePoint> published;  // pubDate, dc:date, atom published/issued
  std::optional<core::TimePoint> updated;    // atom updated/modified, JSON date_modified
  std::string author;                        // name (or e-mail when that is all there is)
  std::string summary;                       // plain text of description / summary
  std::string content;  // plain text of content:encoded / atom content / content_html
};

struct ParsedFeed {
  std::string format;  // "rss-0.9x", "rss-1.0", "rss-2.0", "atom-0.3", "atom-1.0", "json-feed"
  std::string title;
  std::string link;      // the site's home page, absolute
  std::string subtitle;  // description / subtitle / tagline, plain text
  std::string language;  // as declared (<language>, xml:lang), may be empty
  std::optional<core::TimePoint> updated;
  std::vector<FeedEntry> entries;     // in document order; entries with the same id are merged
                                      // (the first wins)
  std::string encoding;               // encoding used to decode the bytes
  std::vector<std::string> warnings;  // recoverable problems (bad encoding, bad dates, truncation)
};

struct FeedParseOptions {
  std::string url;           // where the feed was fetched from: base for relative links
  std::string http_charset;  // Content-Type charset, overrides the XML declaration
};

// Parses a feed. Errors (kInvalidArgument) name what is wrong: "not a feed: …", "invalid XML at
// byte N: …", "invalid JSON Feed: …". A document truncated after some entries parses with a
// warning instead of failing.
core::Result<ParsedFeed> ParseFeed(std::string_view bytes, const FeedParseOptions& options = {});

}  // namespace leados::ingest
