#pragma once
// Source: one place LeadOS polls for signals (a feed, a Hacker News stream, a subreddit, a job
// board, a careers page, a JSON-lines file), as an admin configured it (SourceSpec), plus its run
// state (SourceState) kept by the scheduler. Stored in SQL (table `sources`, SourceStore): no
// personal data — settings name feeds, boards and subreddits; cursors are item ids and times.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/json.h"
#include "core/result.h"
#include "ingest/fetcher.h"

namespace leados::ingest {

// What kind of source: decides the runner, the settings and the Signal::source of its signals.
enum class SourceType {
  kFeed,
  kPress,
  kHn,
  kReddit,
  kGreenhouse,
  kLever,
  kAshby,
  kJobPage,
  kJsonl
};

// "feed", "press", "hn", "reddit", "greenhouse", "lever", "ashby", "jobpage", "jsonl".
std::string_view SourceTypeName(SourceType type);
std::optional<SourceType> ParseSourceType(std::string_view name);

// Where a source was defined: over the admin API, or in the file named by ingest.sources_file
// (read-only over the API; the file is the truth and is synced at start).
enum class SourceOrigin { kApi, kConfig };
std::string_view SourceOriginName(SourceOrigin origin);

// The interval used when a spec gives none: 60 s (hn), 120 s (reddit), 900 s (feed, press,
// jobpage, jsonl), 3600 s (greenhouse, lever, ashby).
int64_t DefaultIntervalSeconds(SourceType type);
inline constexpr int64_t kMinIntervalSeconds = 10;
inline constexpr int64_t kMaxIntervalSeconds = 7 * 24 * 3600;

// What an admin configures.
struct SourceSpec {
  SourceType type = SourceType::kFeed;
  std::string name;              // unique, 1..200 characters, shown in lists, alerts and metrics
  core::json::object settings;   // per type, see ValidateSourceSpec
  int64_t interval_seconds = 0;  // 0: DefaultIntervalSeconds(type)
  bool enabled = true;
};

// Checks a spec and fills defaults (interval). Settings by type (unknown keys are refused, so a
// typo never goes unnoticed):
//   feed, press:  url (http/https, required), company, company_domain (press issuer)
//   hn:           mode "firebase" (default: live items from maxitem) or "algolia" (backfill via
//                 search_by_date), base_url, max_items_per_run (firebase, 1..1000, default 200),
//                 query, tags (algolia, default "story"), backfill_hours (algolia first run,
//                 default 24), max_pages_per_run (algolia, default 5)
//   reddit:       subreddit (required, 2..21 of [A-Za-z0-9_]), api_base_url, token_url,
//                 max_pages_per_run (1..10, default 5)
//   greenhouse:   board (required), base_url, company
//   lever:        site (required), base_url, company
//   ashby:        board (required), base_url, company
//   jobpage:      url (required), company, company_domain
//   jsonl:        url (http/https) or path (a local file: only for origin config, so the API
//                 cannot make the server read arbitrary files)
// base_url / api_base_url / token_url override the public endpoint (tests, mirrors).
// kInvalidArgument "FIELD: what is wrong" otherwise.
core::Result<SourceSpec> ValidateSourceSpec(SourceSpec spec, SourceOrigin origin);

// The scheduler's memory of a source.
struct SourceState {
  core::json::object cursor;   // runner-specific: {"last_item":N}, {"newest":"t3_…"}, …
  CacheValidators validators;  // of the last 200, for conditional requests
  std::optional<int64_t> last_attempt_at_ms;
  std::optional<int64_t> last_success_at_ms;
  std::optional<std::string> last_error_kind;  // FetchErrorKindName, "parse", "sink", "auth" …
  std::optional<std::string> last_error_message;
  std::optional<int64_t> last_error_at_ms;
  int64_t consecutive_failures = 0;
  std::optional<int64_t> alerted_at_ms;  // the current failing streak has alerted the admins
  int64_t next_run_at_ms = 0;
  int64_t signals_total = 0;  // new signals handed to the sink, ever
};

struct Source {
  std::string id;  // src_… (ULID)
  SourceSpec spec;
  SourceOrigin origin = SourceOrigin::kApi;
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
  SourceState state;
};

// A setting as text, or `fallback` when absent (settings are validated before they are read).
std::string SettingString(const Source& source, std::string_view key,
                          std::string_view fallback = "");
int64_t SettingInt(const Source& source, std::string_view key, int64_t fallback);

}  // namespace leados::ingest
