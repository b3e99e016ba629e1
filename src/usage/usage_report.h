#pragma once
// UsageReader: what getUsage answers — usage per UTC day and kind, totals per kind and the top
// operations, for one account or all. Days already rolled up (usage_rollups) are read from
// usage_daily; the others (today, and finished days the roll-up has not reached yet) from the raw
// usage_events, so the numbers are live. Thread-safe (no state).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "store/database.h"

namespace leados::usage {

// An inclusive range of UTC days, "YYYY-MM-DD".
struct DayRange {
  std::string from;
  std::string to;
};

inline constexpr int64_t kMaxRangeDays = 366;
inline constexpr int64_t kDefaultRangeDays = 30;

// The range a request asks for: `to` defaults to today (UTC, at `now_ms`), `from` to 29 days
// before `to` (30 days in all). kInvalidArgument naming the parameter when a date is not
// YYYY-MM-DD, when from is after to, or when the range is longer than 366 days.
core::Result<DayRange> ResolveDayRange(const std::optional<std::string>& from,
                                       const std::optional<std::string>& to, int64_t now_ms);

struct UsageTotals {
  int64_t count = 0;     // events (API calls, deliveries, views, campaigns, charges)
  int64_t quantity = 0;  // credits for credits_consumed; equal to count for the others
  int64_t errors = 0;    // of count: 4xx/5xx API calls, failed deliveries
  int64_t latency_sum_ms = 0;
  int64_t latency_max_ms = 0;
  // latency_sum_ms / count (0 when count is 0).
  double AvgLatencyMs() const;
  void Add(const UsageTotals& other);
};

struct UsageDay {
  std::string day;
  std::string kind;  // UsageKindName
  UsageTotals totals;
};

struct UsageOperation {
  std::string kind;
  std::string name;
  UsageTotals totals;
};

struct UsageReport {
  DayRange range;
  std::vector<UsageDay> days;                 // by day, then kind; only days with events
  std::map<std::string, UsageTotals> totals;  // by kind, every kind present (zeros included)
  std::vector<UsageOperation> top;            // by count, most first: at most 10 per kind
};

// {"from","to","days":[{"day","kind","count","quantity","errors","avg_latency_ms",
// "max_latency_ms"}],"totals":{"<kind>":{…same fields…}},"top":[{"kind","name",…}]}.
core::json::object UsageReportJson(const UsageReport& report);

class UsageReader {
 public:
  // `db` must outlive the reader.
  explicit UsageReader(store::Database& db) : db_(db) {}
  // The usage of `account_id` (nullopt: every account) in `range`. Errors: the database's.
  core::Result<UsageReport> Read(const std::optional<std::string>& account_id,
                                 const DayRange& range);

 private:
  store::Database& db_;
};

}  // namespace leados::usage
