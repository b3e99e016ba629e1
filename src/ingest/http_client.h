#pragma once
// HttpClient: the seam for every outgoing HTTP request (feeds and APIs here; the webhook
// dispatcher reuses it). CurlHttpClient is the real one (libcurl, SSRF guard on every hop);
// FakeHttpClient answers from a script for unit tests of other modules.
//
// Transport failures are core::Errors whose message starts with a stable kind tag
// ("timeout: …", "blocked_private: …"); HttpErrorKindOf() reads it back, MakeHttpError() writes it.

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "ingest/ssrf_guard.h"

namespace leados::ingest {

// HTTP header fields in arrival order; names compare case-insensitively. Not thread-safe.
class HttpHeaders {
 public:
  HttpHeaders() = default;
  HttpHeaders(std::initializer_list<std::pair<std::string, std::string>> fields);

  // Appends a field (repeated names are kept, as HTTP allows).
  void Add(std::string name, std::string value);
  // Replaces every field of that name with one field.
  void Set(std::string name, std::string value);
  // Removes every field of that name.
  void Remove(std::string_view name);
  // The first value of that name, or nullopt.
  std::optional<std::string> Get(std::string_view name) const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }
  const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // absolute http:// or https:// URL
  HttpHeaders headers;
  std::string body;
  // Whole-request deadline, redirects included.
  std::chrono::milliseconds timeout{std::chrono::seconds(20)};
  // Largest (decoded) body accepted; larger bodies fail with kind too_large.
  std::size_t max_body_bytes = 10 * 1024 * 1024;
  // 0: a 3xx is returned as is. N > 0: follow up to N Location hops (each one vetted by the
  // SSRF guard), then fail with kind redirect.
  int max_redirects = 0;
};

struct HttpResponse {
  int status = 0;
  HttpHeaders headers;
  std::string body;                      // decoded (gzip, deflate, br), at most max_body_bytes
  std::string effective_url;             // URL of the last hop
  int redirects = 0;                     // hops followed
  std::chrono::milliseconds elapsed{0};  // wall time of the whole exchange
};

// Why a request failed before an HTTP status could be returned.
enum class HttpErrorKind {
  kTimeout,         // deadline passed (connect or transfer)
  kDns,             // host name did not resolve
  kRefused,         // TCP connection refused or unreachable
  kTls,             // TLS handshake or certificate failure
  kTooLarge,        // body larger than max_body_bytes
  kTruncated,       // connection closed before the announced body arrived, or bad encoding
  kRedirect,        // redirect loop, too many hops, or a Location we cannot follow
  kBlockedPrivate,  // the SSRF guard refused the address
  kInvalidUrl,      // not an absolute http(s) URL
  kNetwork,         // any other transport failure
};

// "timeout", "dns", "refused", "tls", "too_large", "truncated", "redirect", "blocked_private",
// "invalid_url", "network".
std::string_view HttpErrorKindName(HttpErrorKind kind);
// A core::Error whose message is "<kind>: <message>" and whose code fits the kind
// (timeout -> kDeadlineExceeded, too_large -> kPayloadTooLarge, blocked_private ->
// kPermissionDenied, invalid_url -> kInvalidArgument, redirect -> kFailedPrecondition,
// the others -> kUnavailable).
core::Error MakeHttpError(HttpErrorKind kind, std::string_view message);
// The error for a libcurl result `code` (a CURLcode) that a client's own cases did not take, the
// same for every libcurl client here: TLS failures -> kTls, an unsupported or malformed URL ->
// kInvalidUrl, anything else -> kNetwork; the message is "<where>: …<detail>".
core::Error CurlFailure(int code, std::string_view where, std::string_view detail);
// The kind tag of an error made by MakeHttpError; kNetwork for any other error.
HttpErrorKind HttpErrorKindOf(const core::Error& error);
// The message without its kind tag.
std::string_view HttpErrorDetail(const core::Error& error);

// The outgoing HTTP seam. Implementations are thread-safe: Send may be called from many threads.
class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Performs the request. Any HTTP status (including 4xx/5xx and an unfollowed 3xx) is a
  // response; only transport failures are errors (see HttpErrorKind).
  virtual core::Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

struct CurlHttpClientOptions {
  SsrfPolicy ssrf;                   // which destination addresses are allowed
  std::string ca_file;               // extra CA bundle (PEM); empty: the system store
  std::size_t max_idle_handles = 8;  // easy handles kept for keep-alive reuse
};

// libcurl implementation. Resolves each hop itself, vets every address with the SSRF guard,
// pins curl to the vetted addresses (no second lookup, so DNS rebinding cannot swap them), and
// follows redirects by hand. Accepts gzip, deflate and br. Only http and https. Thread-safe;
// easy handles are pooled so connections are kept alive between requests.
class CurlHttpClient final : public HttpClient {
 public:
  explicit CurlHttpClient(CurlHttpClientOptions options = {});
  ~CurlHttpClient() override;
  CurlHttpClient(const CurlHttpClient&) = delete;
  CurlHttpClient& operator=(const CurlHttpClient&) = delete;

  core::Result<HttpResponse> Send(const HttpRequest& request) override;

 private:
  struct Pool;
  CurlHttpClientOptions options_;
  std::unique_ptr<Pool> pool_;
};

// Scripted client for unit tests: answers queued responses or errors in order per URL (or any
// URL), records every request. Thread-safe.
class FakeHttpClient final : public HttpClient {
 public:
  using Handler = std::function<core::Result<HttpResponse>(const HttpRequest&)>;

  // Queues an answer for requests to exactly `url` ("" matches any URL). Answers are used in
  // order; the last one for a URL repeats.
  void Enqueue(std::string url, core::Result<HttpResponse> answer);
  // Convenience: a response with status, body and headers.
  void EnqueueResponse(std::string url, int status, std::string body, HttpHeaders headers = {});
  // A handler consulted when no queued answer matches.
  void SetHandler(Handler handler);

  core::Result<HttpResponse> Send(const HttpRequest& request) override;

  // Every request received, in order.
  std::vector<HttpRequest> requests() const;

 private:
  mutable std::mutex mu_;
  std::vector<std::pair<std::string, std::deque<core::Result<HttpResponse>>>> script_;  // mu_
  Handler handler_;                                                                     // mu_
  std::vector<HttpRequest> requests_;                                                   // mu_
};

}  // namespace leados::ingest
