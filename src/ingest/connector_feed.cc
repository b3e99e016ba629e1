#include "ingest/connector_feed.h"

#include <unordered_set>

#include "ingest/url_canon.h"

namespace leados::ingest {

ParsedPage FeedToSignals(const ParsedFeed& feed, const ParseContext& ctx) {
  ParsedPage page;
  page.notes = feed.warnings;
  std::unordered_set<std::string> seen;
  for (const auto& e : feed.entries) {
    Signal s;
    s.source = ctx.kind;
    s.source_id = e.id;
    s.url = e.link;
    s.title = e.title;
    s.body = !e.content.empty() ? e.content : e.summary;
    if (s.title.empty() && s.body.empty()) {
      page.notes.push_back("entry '" + e.id + "' has neither title nor text; skipped");
      continue;
    }
    s.author = e.author;
    if (e.published) {
      s.published = *e.published;
    } else if (e.updated) {
      s.published = *e.updated;
    } else if (feed.updated) {
      s.published = *feed.updated;
    }
    s.community = feed.title;
    s.company = ctx.company;
    s.company_domain = ctx.company_domain;
    FinishSignal(s, ctx, feed.language);
    AddUnique(page, seen, std::move(s));
  }
  return page;
}

core::Result<ParsedPage> ParseFeedPage(std::string_view body, const ParseContext& ctx) {
  auto feed = ParseFeed(body, FeedParseOptions{ctx.url, ctx.http_charset});
  if (!feed) return core::Fail(feed.error());
  return FeedToSignals(*feed, ctx);
}

}  // namespace leados::ingest
