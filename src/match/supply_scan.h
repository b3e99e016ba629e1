#pragma once
// Supply scan: estimates what a campaign would yield on a set of signals: matches per day by
// source over the window, the score distribution (when a scorer is given), the leads and credits a
// month this implies, and a few example matches with personal data removed (no author, no URL
// beyond the site, title trimmed). Used by `leados scan` (offline) and by the product's
// SupplyScanService (src/campaigns) over the recent-signal window. Thread-safe (pure function).

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

// What to scan for besides the query, and how to price it.
struct SupplyScanOptions {
  // The window ends at `window_end` when given (signals after it are ignored), else at the latest
  // published time; it spans `window_days` when given (signals before it are ignored), else from
  // the earliest signal (at least one day). The product passes now and the days asked for.
  std::optional<int> window_days;
  std::optional<core::TimePoint> window_end;
  std::vector<std::string> sources;    // only these source kinds ("hn", …); empty: all
  std::vector<std::string> languages;  // only these languages ("en", …); empty: all
  // With a scorer, the leads estimate counts only matches scoring at least this (0..1); without
  // one every match counts (the estimate is then an upper bound).
  double min_score = 0;
  double credits_per_lead = 1;  // what one delivered lead costs (billing.credits_per_lead)
};

inline constexpr double kScanDaysPerMonth = 30;

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
  // Ten buckets of width 0.1 over [0, 1]; empty when no scorer was given.
  std::vector<int64_t> score_buckets;
  // Leads: matches that pass min_score (all matches when unscored), a day and a month
  // (kScanDaysPerMonth days), and the credits a month at credits_per_lead.
  bool leads_from_scores = false;
  double leads_per_day = 0;
  double leads_per_month = 0;
  double credits_per_month = 0;
  double credits_per_lead = 1;
};

// Runs `query` over `signals` (see SupplyScanOptions). Fails with the parser's error when the
// query is invalid, kInvalidArgument when window_days < 1 or credits_per_lead < 0.
core::Result<SupplyScanReport> RunSupplyScan(std::string_view query,
                                             const std::vector<ingest::Signal>& signals,
                                             const SupplyScanOptions& options,
                                             const ScanScorer* scorer = nullptr);

// {"query":…,"signals_read":…,"signals_in_window":…,"matches":…,"window":{"days":…,"start":…,"end":…},
//  "matches_per_day":…,"by_source":[{"source":"hn","matches":3,"per_day":0.43}],"examples":[…],
//  "score_distribution":null | [10 counts],
//  "estimate":{"leads_per_day":…,"leads_per_month":…,"credits_per_lead":…,"credits_per_month":…,
//              "from_scores":true|false}}
core::json::object SupplyScanToJson(const SupplyScanReport& report);

}  // namespace leados::match
