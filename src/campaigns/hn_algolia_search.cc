#include "campaigns/hn_algolia_search.h"

#include <fmt/format.h>

#include <chrono>

#include "core/encoding.h"
#include "ingest/connector_hackernews.h"

namespace leados::campaigns {

HnAlgoliaSearch::HnAlgoliaSearch(ingest::Fetcher& fetcher, std::string base_url)
    : fetcher_(fetcher), base_url_(std::move(base_url)) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

core::Result<std::vector<ingest::Signal>> HnAlgoliaSearch::Search(
    const std::vector<std::string>& terms, core::TimePoint since, size_t limit) {
  std::vector<ingest::Signal> out;
  const auto since_s =
      std::chrono::duration_cast<std::chrono::seconds>(since.time_since_epoch()).count();
  for (size_t i = 0; i < terms.size() && i < kMaxTerms && out.size() < limit; ++i) {
    ingest::FetchRequest req;
    req.url = fmt::format(
        "{}/search_by_date?query={}&tags=(story,comment)&numericFilters={}&hitsPerPage={}",
        base_url_, core::PercentEncode("\"" + terms[i] + "\""), core::PercentEncode(fmt::format("created_at_i>{}", since_s)),
        kHitsPerPage);
    req.respect_robots = false;  // a documented API (see ingest/README.md)
    req.headers.Set("Accept", "application/json");
    auto fetched = fetcher_.Fetch(req);
    if (!fetched) return core::Fail(fetched.error().ToError());
    ingest::ParseContext ctx;
    ctx.url = req.url;
    ctx.kind = ingest::SourceKind::kHackerNews;
    auto page = ingest::ParseHnAlgoliaSearch(fetched->body, ctx);
    if (!page) return core::Fail(page.error());
    for (auto& s : page->signals) {
      if (out.size() >= limit) break;
      out.push_back(std::move(s));
    }
  }
  return out;
}

}  // namespace leados::campaigns
