#include "ingest/fetcher.h"

#include <fmt/format.h>

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <cctype>
#include <thread>

namespace leados::ingest {
namespace {

struct UrlParts {
  std::string origin;    // "https://host:port"
  std::string host_key;  // "host:port", lower case: the unit of politeness
  std::string path;      // path and query, at least "/"
};

std::optional<UrlParts> SplitUrl(std::string_view text) {
  auto parsed = boost::urls::parse_uri(text);
  if (!parsed) return std::nullopt;
  boost::urls::url u(*parsed);
  u.normalize_scheme();
  u.normalize_authority();
  std::string scheme(u.scheme());
  if (scheme != "http" && scheme != "https") return std::nullopt;
  std::string host(u.encoded_host());
  if (host.empty()) return std::nullopt;
  uint16_t port = u.has_port() ? u.port_number() : (scheme == "https" ? 443 : 80);
  UrlParts p;
  p.host_key = fmt::format("{}:{}", host, port);
  p.origin = fmt::format("{}://{}", scheme, p.host_key);
  p.path = std::string(u.encoded_path());
  if (p.path.empty()) p.path = "/";
  if (u.has_query()) p.path += "?" + std::string(u.encoded_query());
  return p;
}

FetchErrorKind FromHttpKind(HttpErrorKind k) {
  switch (k) {
    case HttpErrorKind::kTimeout: return FetchErrorKind::kTimeout;
    case HttpErrorKind::kDns: return FetchErrorKind::kDns;
    case HttpErrorKind::kRefused: return FetchErrorKind::kRefused;
    case HttpErrorKind::kTls: return FetchErrorKind::kTls;
    case HttpErrorKind::kTooLarge: return FetchErrorKind::kTooLarge;
    case HttpErrorKind::kTruncated: return FetchErrorKind::kTruncated;
    case HttpErrorKind::kRedirect: return FetchErrorKind::kRedirect;
    case HttpErrorKind::kBlockedPrivate: return FetchErrorKind::kBlockedPrivate;
    case HttpErrorKind::kInvalidUrl: return FetchErrorKind::kInvalidUrl;
    case HttpErrorKind::kNetwork: return FetchErrorKind::kNetwork;
  }
  return FetchErrorKind::kNetwork;
}

FetchError TransportError(const core::Error& e) {
  return FetchError{FromHttpKind(HttpErrorKindOf(e)), std::string(HttpErrorDetail(e)), 0, {}};
}

std::string InSeconds(core::TimePoint until, core::TimePoint now) {
  auto secs = std::chrono::ceil<std::chrono::seconds>(until - now).count();
  return fmt::format("{} (in {} s)", core::FormatRfc3339(until), std::max<int64_t>(secs, 0));
}

// A short printable excerpt of an error body, for the message the user sees.
std::string Excerpt(std::string_view body) {
  std::string out;
  for (char c : body.substr(0, 160)) {
    unsigned char u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u == 0x7f) ? ' ' : c;
  }
  if (body.size() > 160) out += "…";
  return out;
}

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 410: return "Gone";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "";
  }
}

}  // namespace

std::string_view FetchErrorKindName(FetchErrorKind kind) {
  switch (kind) {
    case FetchErrorKind::kTimeout: return "timeout";
    case FetchErrorKind::kDns: return "dns";
    case FetchErrorKind::kRefused: return "refused";
    case FetchErrorKind::kTls: return "tls";
    case FetchErrorKind::kHttpStatus: return "http_status";
    case FetchErrorKind::kTooLarge: return "too_large";
    case FetchErrorKind::kTruncated: return "truncated";
    case FetchErrorKind::kRedirect: return "redirect";
    case FetchErrorKind::kBlockedPrivate: return "blocked_private";
    case FetchErrorKind::kRateLimited: return "rate_limited";
    case FetchErrorKind::kRobots: return "robots";
    case FetchErrorKind::kInvalidUrl: return "invalid_url";
    case FetchErrorKind::kNetwork: return "network";
  }
  return "network";
}

core::Error FetchError::ToError() const {
  core::ErrorCode code = core::ErrorCode::kUnavailable;
  switch (kind) {
    case FetchErrorKind::kTimeout: code = core::ErrorCode::kDeadlineExceeded; break;
    case FetchErrorKind::kTooLarge: code = core::ErrorCode::kPayloadTooLarge; break;
    case FetchErrorKind::kBlockedPrivate:
    case FetchErrorKind::kRobots: code = core::ErrorCode::kPermissionDenied; break;
    case FetchErrorKind::kRateLimited: code = core::ErrorCode::kResourceExhausted; break;
    case FetchErrorKind::kInvalidUrl: code = core::ErrorCode::kInvalidArgument; break;
    case FetchErrorKind::kRedirect: code = core::ErrorCode::kFailedPrecondition; break;
    default: break;
  }
  return core::Error{code, fmt::format("{}: {}", FetchErrorKindName(kind), message)};
}

std::vector<core::ConfigKey> FetchConfigKeys() {
  auto positive_double = [](const core::ConfigValue& v) -> std::optional<std::string> {
    const double* d = std::get_if<double>(&v);
    if (d == nullptr || !(*d > 0) || *d > 10'000) return "must be a number > 0 and <= 10000";
    return std::nullopt;
  };
  auto non_empty = [](const core::ConfigValue& v) -> std::optional<std::string> {
    const auto* s = std::get_if<std::string>(&v);
    if (s == nullptr || s->empty()) return "must not be empty (name the product and a contact)";
    return std::nullopt;
  };
  return {
      {"fetch.allow_private", core::ConfigType::kBool, false, false,
       "allow fetching loopback, private (RFC 1918), link-local and other non-public addresses",
       nullptr},
      {"fetch.user_agent", core::ConfigType::kString, std::string(kDefaultUserAgent), false,
       "User-Agent of every outgoing fetch; its first word is the robots.txt product token",
       non_empty},
      {"fetch.timeout_seconds", core::ConfigType::kInt, int64_t{20}, false,
       "deadline of one fetch, redirects included", core::ValidateRange(1, 600)},
      {"fetch.max_body_bytes", core::ConfigType::kInt, int64_t{10 * 1024 * 1024}, false,
       "largest response body accepted (after decompression)",
       core::ValidateRange(1024, int64_t{1} << 32)},
      {"fetch.max_redirects", core::ConfigType::kInt, int64_t{5}, false,
       "redirect hops followed (each vetted by the SSRF guard)", core::ValidateRange(0, 20)},
      {"fetch.host_rate_per_second", core::ConfigType::kDouble, 1.0, false,
       "requests per second per host (token bucket refill)", positive_double},
      {"fetch.host_burst", core::ConfigType::kInt, int64_t{5}, false,
       "requests a host may get back to back (token bucket size)", core::ValidateRange(1, 1000)},
  };
}

FetcherOptions FetcherOptionsFromConfig(const core::Config& config) {
  FetcherOptions o;
  o.user_agent = config.GetString("fetch.user_agent");
  o.timeout = std::chrono::seconds(config.GetInt("fetch.timeout_seconds"));
  o.max_body_bytes = static_cast<std::size_t>(config.GetInt("fetch.max_body_bytes"));
  o.max_redirects = static_cast<int>(config.GetInt("fetch.max_redirects"));
  o.host_rate_per_second = config.GetDouble("fetch.host_rate_per_second");
  o.host_burst = static_cast<double>(config.GetInt("fetch.host_burst"));
  return o;
}

SsrfPolicy SsrfPolicyFromConfig(const core::Config& config) {
  SsrfPolicy p;
  p.allow_private = config.GetBool("fetch.allow_private");
  return p;
}

Fetcher::Fetcher(HttpClient& client, const core::Clock& clock, FetcherOptions options,
                 Sleeper sleeper)
    : client_(client),
      clock_(clock),
      options_(std::move(options)),
      sleeper_(sleeper ? std::move(sleeper)
                       : Sleeper([](core::Duration d) { std::this_thread::sleep_for(d); })),
      limiter_(clock, options_.host_rate_per_second, options_.host_burst, options_.default_backoff,
               options_.max_backoff) {}

std::optional<FetchError> Fetcher::AcquireToken(const std::string& host_key,
                                                const std::string& url) {
  while (true) {
    auto d = limiter_.TryAcquire(host_key);
    if (d.allowed) return std::nullopt;
    core::TimePoint now = clock_.Now();
    if (d.backed_off) {
      return FetchError{FetchErrorKind::kRateLimited,
                        fmt::format("GET {}: host {} asked us to back off; retry after {}", url,
                                    host_key, InSeconds(d.not_before, now)),
                        0, d.not_before};
    }
    if (d.wait > options_.max_rate_wait) {
      return FetchError{
          FetchErrorKind::kRateLimited,
          fmt::format("GET {}: rate limited ({:g} requests/s to {}), retry after {}", url,
                      options_.host_rate_per_second, host_key, InSeconds(d.not_before, now)),
          0, d.not_before};
    }
    sleeper_(d.wait);
  }
}

std::optional<FetchError> Fetcher::CheckRobots(const std::string& origin,
                                               const std::string& host_key, const std::string& path,
                                               const std::string& url) {
  const core::TimePoint now = clock_.Now();
  std::optional<RobotsRules> rules;
  {
    std::lock_guard lock(robots_mu_);
    auto it = robots_.find(origin);
    if (it != robots_.end() && it->second.expires > now) rules = it->second.rules;
  }
  if (!rules) {
    if (auto err = AcquireToken(host_key, url)) return err;
    HttpRequest req;
    req.url = origin + "/robots.txt";
    req.headers.Set("User-Agent", options_.user_agent);
    req.timeout = options_.timeout;
    req.max_body_bytes = 512 * 1024;  // RFC 9309 asks crawlers to read at least 500 KiB
    req.max_redirects = 5;
    auto resp = client_.Send(req);
    core::Duration ttl = options_.robots_ttl;
    if (!resp) {
      HttpErrorKind k = HttpErrorKindOf(resp.error());
      if (k == HttpErrorKind::kBlockedPrivate || k == HttpErrorKind::kInvalidUrl) {
        return TransportError(resp.error());
      }
      rules = RobotsRules::DisallowAll(std::string(HttpErrorDetail(resp.error())));
      ttl = options_.robots_error_ttl;
    } else if (resp->status >= 200 && resp->status < 300) {
      rules = RobotsRules::Parse(resp->body, RobotsProductToken(options_.user_agent));
    } else if (resp->status >= 400 && resp->status < 500 && resp->status != 429) {
      rules = RobotsRules::AllowAll();  // no robots.txt: everything is allowed
    } else {
      rules = RobotsRules::DisallowAll(fmt::format("HTTP {}", resp->status));
      ttl = options_.robots_error_ttl;
    }
    std::lock_guard lock(robots_mu_);
    robots_[origin] = RobotsEntry{*rules, now + ttl};
  }
  if (rules->IsAllowed(path)) return std::nullopt;
  if (!rules->unreachable_reason().empty()) {
    return FetchError{FetchErrorKind::kRobots,
                      fmt::format("GET {}: {}/robots.txt could not be read ({}); not fetching "
                                  "until it can be",
                                  url, origin, rules->unreachable_reason()),
                      0, now + options_.robots_error_ttl};
  }
  return FetchError{
      FetchErrorKind::kRobots,
      fmt::format("GET {}: {}/robots.txt disallows {} for {} ({})", url, origin, path,
                  RobotsProductToken(options_.user_agent), rules->DecidingRule(path).value_or("?")),
      0, std::nullopt};
}

FetchOutcome Fetcher::Fetch(const FetchRequest& request) {
  auto parts = SplitUrl(request.url);
  if (!parts) {
    return std::unexpected(
        FetchError{FetchErrorKind::kInvalidUrl,
                   fmt::format("'{}' is not an absolute http:// or https:// URL", request.url),
                   0,
                   {}});
  }
  if (auto until = limiter_.BackedOffUntil(parts->host_key)) {
    return std::unexpected(
        FetchError{FetchErrorKind::kRateLimited,
                   fmt::format("GET {}: host {} asked us to back off; retry after {}", request.url,
                               parts->host_key, InSeconds(*until, clock_.Now())),
                   0, *until});
  }
  if (request.respect_robots) {
    if (auto err = CheckRobots(parts->origin, parts->host_key, parts->path, request.url)) {
      return std::unexpected(*err);
    }
  }
  if (auto err = AcquireToken(parts->host_key, request.url)) return std::unexpected(*err);

  HttpRequest req;
  req.url = request.url;
  req.headers = request.headers;
  req.headers.Set("User-Agent", options_.user_agent);
  if (!request.validators.etag.empty()) {
    req.headers.Set("If-None-Match", request.validators.etag);
  }
  if (!request.validators.last_modified.empty()) {
    req.headers.Set("If-Modified-Since", request.validators.last_modified);
  }
  req.timeout = options_.timeout;
  req.max_body_bytes = request.max_body_bytes.value_or(options_.max_body_bytes);
  req.max_redirects = options_.max_redirects;

  auto resp = client_.Send(req);
  if (!resp) return std::unexpected(TransportError(resp.error()));

  const int status = resp->status;
  auto final_parts = SplitUrl(resp->effective_url);
  const std::string& final_host = final_parts ? final_parts->host_key : parts->host_key;
  if ((status >= 200 && status < 300) || status == 304) {
    limiter_.RecordSuccess(final_host);
    FetchResult out;
    out.status = status;
    out.not_modified = status == 304;
    out.final_url = resp->effective_url;
    out.content_type = resp->headers.Get("Content-Type").value_or("");
    out.validators.etag = resp->headers.Get("ETag").value_or("");
    out.validators.last_modified = resp->headers.Get("Last-Modified").value_or("");
    if (out.not_modified && out.validators.empty()) out.validators = request.validators;
    out.body = std::move(resp->body);
    out.headers = std::move(resp->headers);
    out.elapsed = resp->elapsed;
    return out;
  }

  FetchError err;
  err.http_status = status;
  std::string_view reason = ReasonPhrase(status);
  std::string what = fmt::format("GET {}: HTTP {}{}{}", resp->effective_url, status,
                                 reason.empty() ? "" : " ", reason);
  if (status == 429 || status == 403 || status == 503) {
    const core::TimePoint now = clock_.Now();
    std::optional<core::TimePoint> retry_after;
    if (auto ra = resp->headers.Get("Retry-After")) retry_after = ParseRetryAfter(*ra, now);
    // 503 without Retry-After is an ordinary outage, not a request to slow down.
    if (status != 503 || retry_after) {
      core::TimePoint until = limiter_.BackOff(final_host, retry_after);
      err.retry_at = until;
      what += fmt::format("; backing off {} until {}{}", final_host, InSeconds(until, now),
                          retry_after ? " as Retry-After asks" : "");
    }
  }
  err.kind = status == 429 ? FetchErrorKind::kRateLimited : FetchErrorKind::kHttpStatus;
  if (status >= 300 && status < 400) {
    what += resp->headers.Has("Location") ? " (redirect not followed)" : " (no Location)";
  }
  std::string excerpt = Excerpt(resp->body);
  if (!excerpt.empty() && status != 429) what += fmt::format(" — {}", excerpt);
  err.message = std::move(what);
  return std::unexpected(std::move(err));
}

}  // namespace leados::ingest
