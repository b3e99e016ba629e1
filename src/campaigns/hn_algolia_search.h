#pragma once
// HnAlgoliaSearch: Hacker News' own search API (hn.algolia.com, `search_by_date`) as a
// SignalSearch for supply scans, so a scan can look further back than the recent-signal window
// holds for HN. One request per term (at most kMaxTerms, quoted so phrases stay phrases), stories
// and comments published since the window start, newest first, kHitsPerPage per request; the
// results are parsed by the HN connector (ingest/connector_hackernews.h) and then matched with the
// real query by the scan. Thread-safe when the Fetcher is.

#include <string>

#include "campaigns/supply_scan_service.h"
#include "ingest/fetcher.h"

namespace leados::campaigns {

class HnAlgoliaSearch : public SignalSearch {
 public:
  static constexpr size_t kMaxTerms = 8;
  static constexpr int kHitsPerPage = 100;

  // `base_url` is the API root, "https://hn.algolia.com/api/v1" in production (configuration key
  // scan.hn_search_url; tests point it at a local server). `fetcher` must outlive this object.
  HnAlgoliaSearch(ingest::Fetcher& fetcher, std::string base_url);

  std::string_view source() const override { return "hn"; }
  core::Result<std::vector<ingest::Signal>> Search(const std::vector<std::string>& terms,
                                                   core::TimePoint since, size_t limit) override;

 private:
  ingest::Fetcher& fetcher_;
  std::string base_url_;
};

}  // namespace leados::campaigns
