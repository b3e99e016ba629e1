#pragma once
// SourceRunner: one poll of one source — fetch with the Fetcher, parse with the source's
// connector, offer each signal to the SignalDeduper (which hands the new ones to the sink), and
// return the cursor and validators to persist. One runner per source type, each in its own file
// (source_runner_<type>.cc); RunnerSet maps types to runners.
//
// A run either succeeds (the scheduler persists the returned cursor) or fails with a RunError
// (the cursor stays, so the next run repeats the work; the deduper keeps that from producing a
// signal twice).

#include <atomic>
#include <expected>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "ingest/fetcher.h"
#include "ingest/http_client.h"
#include "ingest/parsed_page.h"
#include "ingest/reddit_token.h"
#include "ingest/signal_deduper.h"
#include "ingest/source.h"

namespace leados::ingest {

// Why a run failed, as listSources shows it.
struct RunError {
  std::string kind;     // a FetchErrorKindName ("timeout", "http_status" …), or "parse",
                        // "sink", "auth" (Reddit token), "config" (missing credentials), "file"
  std::string message;  // what happened, naming the URL or file
  std::optional<core::TimePoint> retry_at;  // the upstream's Retry-After, when it gave one
};

// What a successful run leaves behind.
struct RunReport {
  core::json::object cursor;   // persisted as the source's new cursor
  CacheValidators validators;  // persisted for the next conditional request
  bool not_modified = false;   // 304: nothing fetched
  int64_t parsed = 0;          // signals the connector produced
  int64_t new_signals = 0;     // of those, handed to the sink (not seen before)
  // The upstream asked us to wait (Reddit X-Ratelimit-Reset, our host token bucket ran dry):
  // the next run is not scheduled before this.
  std::optional<core::TimePoint> not_before;
};

using RunOutcome = std::expected<RunReport, RunError>;

// What a run works with. Everything outlives the run.
struct RunContext {
  const Source& source;
  Fetcher& fetcher;
  HttpClient& http;  // for requests the Fetcher does not make (Reddit's token POST)
  SignalDeduper& deduper;
  const core::Clock& clock;
  // Set when the process is stopping: runners that loop over items or pages stop at the next
  // one and return what they did as a success, so the progress is kept. Null: never.
  const std::atomic<bool>* cancelled = nullptr;
};

class SourceRunner {
 public:
  virtual ~SourceRunner() = default;
  // Polls `ctx.source` once. Thread-safe: the scheduler runs different sources concurrently.
  virtual RunOutcome Run(const RunContext& ctx) = 0;
};

// The runners by source type.
class RunnerSet {
 public:
  // Every type's runner; `reddit` configures the Reddit runner.
  static RunnerSet Default(RedditCredentials reddit);
  // The runner for `type`, or nullptr when none is registered.
  SourceRunner* For(SourceType type) const;
  // Registers (or replaces) the runner of a type (tests).
  void Set(SourceType type, std::unique_ptr<SourceRunner> runner);

 private:
  std::map<SourceType, std::shared_ptr<SourceRunner>> runners_;
};

// Runner factories (one per file).
std::unique_ptr<SourceRunner> MakeFeedRunner();  // feed, press
std::unique_ptr<SourceRunner> MakeHnRunner();    // hn (firebase and algolia modes)
std::unique_ptr<SourceRunner> MakeRedditRunner(RedditCredentials credentials);
std::unique_ptr<SourceRunner> MakeGreenhouseRunner();
std::unique_ptr<SourceRunner> MakeLeverRunner();
std::unique_ptr<SourceRunner> MakeAshbyRunner();
std::unique_ptr<SourceRunner> MakeJobPageRunner();
std::unique_ptr<SourceRunner> MakeJsonlRunner();

// Shared steps of the runners (source_runner.cc).
namespace runner {

// True when the run should stop at the next item or page (RunContext::cancelled).
inline bool Cancelled(const RunContext& ctx) {
  return ctx.cancelled != nullptr && ctx.cancelled->load();
}
// A FetchError as a RunError.
RunError FromFetch(const FetchError& e);
// A parse failure as a RunError naming the URL.
RunError FromParse(std::string_view url, const core::Error& e);
// A ParseContext for `source` fetched from `url` with `content_type`.
ParseContext ContextFor(const Source& source, std::string_view url, std::string_view content_type,
                        SourceKind kind);
// The charset parameter of a Content-Type ("" when none).
std::string CharsetOf(std::string_view content_type);
// Offers every signal of `page` to the deduper; counts parsed and new in `report`.
std::optional<RunError> Offer(const RunContext& ctx, const ParsedPage& page, RunReport& report);
// Removes a trailing '/' so base URLs join with paths that start with '/'.
std::string TrimSlash(std::string url);

// Fetches `url` (conditionally with the source's validators when `conditional`), parses it with
// `parse` and offers the signals: the whole work of a runner whose source is one document.
using PageParser =
    std::function<core::Result<ParsedPage>(std::string_view body, const ParseContext& ctx)>;
RunOutcome FetchParseOffer(const RunContext& ctx, const std::string& url, SourceKind kind,
                           bool respect_robots, bool conditional, const PageParser& parse);

}  // namespace runner

}  // namespace leados::ingest
