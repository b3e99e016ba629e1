#pragma once
// Fetcher: how ingest reads a source URL politely and safely. On top of an HttpClient it adds
// the User-Agent, conditional requests (ETag / Last-Modified -> not_modified on 304), a token
// bucket per host, back-off after 429/403/503 (Retry-After honoured), robots.txt for web pages,
// and one error classification the scheduler shows next to a failing source.

#include <chrono>
#include <cstddef>
#include <expected>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/config.h"
#include "core/result.h"
#include "ingest/host_rate_limiter.h"
#include "ingest/http_client.h"
#include "ingest/robots.h"

namespace leados::ingest {

inline constexpr std::string_view kDefaultUserAgent =
    "LeadOS/0.1 (+https://github.com/leados; contact: ops@example.invalid)";

struct FetcherOptions {
  std::string user_agent = std::string(kDefaultUserAgent);      // fetch.user_agent
  std::chrono::milliseconds timeout{std::chrono::seconds(20)};  // fetch.timeout_seconds
  std::size_t max_body_bytes = 10 * 1024 * 1024;                // fetch.max_body_bytes
  int max_redirects = 5;                                        // fetch.max_redirects
  double host_rate_per_second = 1.0;                            // fetch.host_rate_per_second
  double host_burst = 5;                                        // fetch.host_burst
  // Waiting for a token up to this long happens inside Fetch; a longer wait (or any back-off
  // ordered by the host) returns kRateLimited with retry_at instead.
  core::Duration max_rate_wait = std::chrono::seconds(5);
  core::Duration robots_ttl = std::chrono::hours(24);          // robots.txt read (or 4xx)
  core::Duration robots_error_ttl = std::chrono::minutes(15);  // robots.txt unreachable
  core::Duration default_backoff = std::chrono::seconds(60);   // 429/403 without Retry-After
  core::Duration max_backoff = std::chrono::hours(1);
};

// The fetch.* configuration keys with their defaults, for the application's schema.
std::vector<core::ConfigKey> FetchConfigKeys();
// FetcherOptions from a Config whose schema includes FetchConfigKeys().
FetcherOptions FetcherOptionsFromConfig(const core::Config& config);
// The SSRF policy from a Config whose schema includes FetchConfigKeys() (fetch.allow_private).
SsrfPolicy SsrfPolicyFromConfig(const core::Config& config);

// What a previous fetch returned, sent back to make the next one conditional.
struct CacheValidators {
  std::string etag;           // ETag as received (quotes and W/ kept)
  std::string last_modified;  // Last-Modified as received
  bool empty() const { return etag.empty() && last_modified.empty(); }
  friend bool operator==(const CacheValidators&, const CacheValidators&) = default;
};

struct FetchRequest {
  std::string url;
  CacheValidators validators;  // from the previous FetchResult, or empty
  // Web pages and feeds obey robots.txt. Documented APIs (Greenhouse, Lever, Ashby boards,
  // HN Firebase/Algolia, Reddit OAuth) are called with false by their connectors: they are
  // published for programs, and their hosts' robots.txt are written for crawlers of HTML.
  bool respect_robots = true;
  HttpHeaders headers;                        // extra request headers (Accept, Authorization, …)
  std::optional<std::size_t> max_body_bytes;  // overrides FetcherOptions::max_body_bytes
};

struct FetchResult {
  int status = 0;             // 2xx, or 304 when not_modified
  bool not_modified = false;  // 304: the content did not change since `validators`
  std::string body;           // raw bytes as served (decoded from gzip/br), never transcoded
  HttpHeaders headers;
  std::string final_url;       // after redirects
  std::string content_type;    // as declared, e.g. "text/xml; charset=ISO-8859-1" (may be wrong)
  CacheValidators validators;  // to send next time
  std::chrono::milliseconds elapsed{0};
};

// Why a fetch failed, as the scheduler shows it.
enum class FetchErrorKind {
  kTimeout,
  kDns,
  kRefused,
  kTls,
  kHttpStatus,  // the server answered a non-2xx, non-304 status
  kTooLarge,
  kTruncated,
  kRedirect,
  kBlockedPrivate,
  kRateLimited,  // our own limiter, or the host's 429 / back-off
  kRobots,       // robots.txt disallows the URL (or could not be read)
  kInvalidUrl,
  kNetwork,
};
// "timeout", "dns", "refused", "tls", "http_status", "too_large", "truncated", "redirect",
// "blocked_private", "rate_limited", "robots", "invalid_url", "network".
std::string_view FetchErrorKindName(FetchErrorKind kind);

struct FetchError {
  FetchErrorKind kind = FetchErrorKind::kNetwork;
  std::string message;                      // human sentence naming the URL and what happened
  int http_status = 0;                      // for kHttpStatus / kRateLimited from a 429
  std::optional<core::TimePoint> retry_at;  // when trying again makes sense, if known
  // As a core::Error (message "<kind>: <message>").
  core::Error ToError() const;
};

using FetchOutcome = std::expected<FetchResult, FetchError>;

// Thread-safe. The client and clock must outlive the Fetcher.
class Fetcher {
 public:
  // Called to wait for a rate-limit token (std::this_thread::sleep_for by default; tests pass
  // one that advances their ManualClock).
  using Sleeper = std::function<void(core::Duration)>;

  Fetcher(HttpClient& client, const core::Clock& clock, FetcherOptions options,
          Sleeper sleeper = {});

  // GETs `request.url`. Success: 2xx, or 304 with not_modified. Every other outcome is a
  // FetchError; none throws. A host that answered 429/403/503 is not contacted again before its
  // back-off ends (FetchError kRateLimited with retry_at).
  FetchOutcome Fetch(const FetchRequest& request);

  const FetcherOptions& options() const { return options_; }

 private:
  std::optional<FetchError> CheckRobots(const std::string& origin, const std::string& host_key,
                                        const std::string& path, const std::string& url);
  std::optional<FetchError> AcquireToken(const std::string& host_key, const std::string& url);

  HttpClient& client_;
  const core::Clock& clock_;
  FetcherOptions options_;
  Sleeper sleeper_;
  HostRateLimiter limiter_;

  struct RobotsEntry {
    RobotsRules rules;
    core::TimePoint expires;
  };
  std::mutex robots_mu_;
  std::map<std::string, RobotsEntry> robots_;  // by origin; guarded by robots_mu_
};

}  // namespace leados::ingest
