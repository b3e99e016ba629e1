#pragma once
// Supply scan (offline part): estimates what a campaign would yield on a set of signals: matches
// per day by source over the window, counts, and a few example matches with personal data removed
// (no author, no URL path beyond the site, title trimmed). Thread-safe (pure function).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "ingest/signal.h"
#include "match/match_result.h"

namespace leados::match {

// Hook for the scoring module: when given, the report includes a score distribution.
// Implementations must be thread-safe for concurrent calls.
class ScanScorer {
 public:
  virtual ~ScanScorer() = default;
  // The score in [0, 1] the campaign would give this match, or nullopt when it cannot tell.
  virtual std::optional<double> Score(const ingest::Signal& signal,
                                      const CampaignMatch& match) const = 0;
};

struct ScanSourceCount {
  std::string source;  // "hn", "reddit", ...
  int64_t matches = 0;
  double per_day = 0;
};

// An example match without personal data.
struct ScanExample {
  std::string source;
  std::string site;                // host only
  std::string published;           // the day, "2026-11-29"
  std::string title;               // at most kScanTitleChars characters, "…" when cut
  std::vector<std::string> terms;  // distinct matched terms
};

inline constexpr size_t kScanTitleChars = 80;
inline constexpr size_t kScanExamples = 5;

struct SupplyScanReport {
  std::string query;  // canonical form
  int64_t signals_read = 0;
  int64_t signals_in_window = 0;
  int64_t matches = 0;
  double window_days = 0;
  std::string window_start;  // RFC 3339
  std::string window_end;
  double matches_per_day = 0;
  std::vector<ScanSourceCount> by_source;  // sorted by matches, descending
  std::vector<ScanExample> examples;       // the most recent matches
  // Ten buckets of width 0.1 over [0, 1]; empty when no scorer was given (scoring not wired yet).
  std::vector<int64_t> score_buckets;
};

// Runs `query` over `signals`. The window ends at the latest published time; it spans
// `window_days` when given (signals before it are ignored), else from the earliest signal (at least
// one day). Fails with the parser's error when the query is invalid.
core::Result<SupplyScanReport> RunSupplyScan(std::string_view query,
                                             const std::vector<ingest::Signal>& signals,
                                             std::optional<int> window_days,
                                             const ScanScorer* scorer = nullptr);

// {"query":…,"signals_read":…,"signals_in_window":…,"matches":…,"window":{"days":…,"start":…,"end":…},
//  "matches_per_day":…,"by_source":[{"source":"hn","matches":3,"per_day":0.43}],"examples":[…],
//  "score_distribution":null | [10 counts]}
core::json::object SupplyScanToJson(const SupplyScanReport& report);

}  // namespace leados::match
