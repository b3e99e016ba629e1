#include "campaigns/reddit_search.h"

#include <fmt/format.h>

#include "core/encoding.h"
#include "ingest/connector_reddit.h"

namespace leados::campaigns {

RedditSearch::RedditSearch(ingest::Fetcher& fetcher, ingest::HttpClient& http,
                           const core::Clock& clock, ingest::RedditCredentials credentials,
                           std::string api_base_url, std::string token_url)
    : fetcher_(fetcher),
      http_(http),
      clock_(clock),
      tokens_(std::move(credentials)),
      api_base_url_(std::move(api_base_url)),
      token_url_(std::move(token_url)) {
  while (!api_base_url_.empty() && api_base_url_.back() == '/') api_base_url_.pop_back();
}

core::Result<std::vector<ingest::Signal>> RedditSearch::Search(
    const std::vector<std::string>& terms, core::TimePoint since, size_t limit) {
  std::vector<ingest::Signal> out;
  if (terms.empty()) return out;
  std::string q;
  for (size_t i = 0; i < terms.size() && i < kMaxTerms; ++i) {
    if (i > 0) q += " OR ";
    q += "\"" + terms[i] + "\"";
  }
  auto token = tokens_.Get(http_, clock_, token_url_, fetcher_.options().user_agent,
                           fetcher_.options().timeout);
  if (!token) {
    return core::Fail(core::ErrorCode::kUnavailable,
                      token.error().kind + ": " + token.error().message);
  }
  ingest::FetchRequest req;
  req.url = fmt::format("{}/search?q={}&sort=new&t=week&type=link&limit=100&raw_json=1",
                        api_base_url_, core::PercentEncode(q));
  req.respect_robots = false;  // a documented API (see ingest/README.md)
  req.headers.Set("Authorization", "bearer " + *token);
  req.headers.Set("Accept", "application/json");
  auto fetched = fetcher_.Fetch(req);
  if (!fetched) {
    if (fetched.error().http_status == 401) tokens_.Forget(token_url_);
    return core::Fail(fetched.error().ToError());
  }
  ingest::ParseContext ctx;
  ctx.url = req.url;
  ctx.kind = ingest::SourceKind::kReddit;
  auto page = ingest::ParseRedditListing(fetched->body, ctx);
  if (!page) return core::Fail(page.error());
  for (auto& s : page->signals) {
    if (out.size() >= limit) break;
    if (s.published < since) continue;
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace leados::campaigns
