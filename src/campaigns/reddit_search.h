#pragma once
// RedditSearch: Reddit's own search API as a SignalSearch for supply scans. One request:
// GET {api_base_url}/search?q=<terms>&sort=new&t=week&type=link&limit=100&raw_json=1 with the
// app-only OAuth token (ingest/reddit_token.h; reddit.client_id / reddit.client_secret), the
// terms quoted and joined with OR (at most kMaxTerms). Results are posts of the last week, parsed
// by the Reddit connector and then matched with the real query by the scan. Without credentials
// the search is not wired (src/app). Thread-safe when the Fetcher and HTTP client are.

#include <string>

#include "campaigns/supply_scan_service.h"
#include "core/clock.h"
#include "ingest/fetcher.h"
#include "ingest/reddit_token.h"

namespace leados::campaigns {

class RedditSearch : public SignalSearch {
 public:
  static constexpr size_t kMaxTerms = 8;

  // `api_base_url`: "https://oauth.reddit.com" in production; `token_url`: ingest::kRedditTokenUrl.
  // `fetcher`, `http` and `clock` must outlive this object.
  RedditSearch(ingest::Fetcher& fetcher, ingest::HttpClient& http, const core::Clock& clock,
               ingest::RedditCredentials credentials, std::string api_base_url,
               std::string token_url);

  std::string_view source() const override { return "reddit"; }
  core::Result<std::vector<ingest::Signal>> Search(const std::vector<std::string>& terms,
                                                   core::TimePoint since, size_t limit) override;

 private:
  ingest::Fetcher& fetcher_;
  ingest::HttpClient& http_;
  const core::Clock& clock_;
  ingest::RedditTokenCache tokens_;
  std::string api_base_url_;
  std::string token_url_;
};

}  // namespace leados::campaigns
