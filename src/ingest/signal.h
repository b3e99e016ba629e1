#pragma once
// Signal: one normalised public item (a post, comment, job listing, press release, feed entry).
// Connectors produce Signals; nothing downstream knows the source format (DESIGN.md).
// A Signal carries personal data (author, text): it moves through queues and the payload
// store only, never into SQL tables.

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/json.h"
#include "core/result.h"

namespace leados::ingest {

// Where a signal came from. The query language's `source:` scope uses SourceKindName.
enum class SourceKind { kHackerNews, kReddit, kRss, kGreenhouse, kLever, kAshby, kPress, kJobPage };

// "hn", "reddit", "rss", "greenhouse", "lever", "ashby", "press", "jobpage".
std::string_view SourceKindName(SourceKind kind);
std::optional<SourceKind> ParseSourceKind(std::string_view name);
// True for job listings (greenhouse, lever, ashby, jobpage): they carry a hiring company.
bool IsJobSource(SourceKind kind);

struct Signal {
  SourceKind source = SourceKind::kRss;
  std::string source_id;      // stable id within the source ("hn:8863", "t3_4t4t2h", feed guid)
  std::string url;            // canonical URL of the item
  std::string title;          // plain text (HTML removed)
  std::string body;           // plain text (HTML removed), may be empty
  std::string author;         // handle or name as the source gives it; personal data
  std::string author_url;     // profile URL when known; personal data
  core::TimePoint published{};
  std::string language;       // ISO 639-1 ("en"), empty when unknown
  std::string site;           // host of `url` without "www." ("news.ycombinator.com")
  std::string community;      // subreddit without "r/" for Reddit, feed title for RSS, else empty
  std::string company;        // hiring company (jobs) or issuer (press), when the source says
  std::string company_domain; // the company's web domain when the source says
  std::string location;       // job location as the source gives it
  std::string feed_id;        // id of the configured source that produced it

  // The identity used to recognise the same item seen twice: "<source>:<source_id>".
  std::string Key() const;
};

// JSON lines form used by `leados match`, bulk import and the demo signals:
// {"source":"hn","source_id":"…","url":"…","title":"…","body":"…","author":"…",
//  "author_url":"…","published":"2026-…Z","language":"en","site":"…","community":"…",
//  "company":"…","company_domain":"…","location":"…"}
// Only "source" and one of "title"/"body" are required; site is derived from url when absent.
core::json::object SignalToJson(const Signal& s);
core::Result<Signal> SignalFromJson(const core::json::object& o);

}  // namespace leados::ingest
