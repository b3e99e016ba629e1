#pragma once
// WebhookTransport: the seam between the dispatcher and the network. The dispatcher starts many
// requests and drives them from ONE thread by calling Poll, which reports each finished request
// through its callback. CurlMultiTransport (curl_multi_transport.h) is the real one: one libcurl
// multi handle, keep-alive connections, pinned addresses. HttpClientTransport
// (http_client_transport.h) runs requests through an ingest::HttpClient, so unit tests can use
// FakeHttpClient with a manual clock.

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "ingest/http_client.h"

namespace leados::deliver {

// One webhook POST.
struct WebhookRequest {
  std::string url;  // http(s)://host[:port]/path, already checked by EndpointService
  // The addresses the SSRF guard vetted for the URL's host right before sending. The transport
  // connects only to these (no DNS lookup of its own); empty only with HttpClientTransport.
  std::vector<std::string> addresses;
  ingest::HttpHeaders headers;
  std::string body;
  std::chrono::milliseconds timeout{15000};  // the whole exchange, connection included
};

// The most of a response body a transport keeps: the attempt row stores an excerpt only.
inline constexpr std::size_t kKeptResponseBytes = 256;

class WebhookTransport {
 public:
  // Called once per request from inside Poll, on the polling thread. A response is any HTTP
  // status (3xx included: redirects are never followed) with at most kKeptResponseBytes of its
  // body; an error carries an ingest::HttpErrorKind tag (timeout, refused, blocked_private, …).
  using Done = std::function<void(core::Result<ingest::HttpResponse>)>;

  virtual ~WebhookTransport() = default;

  // Queues `request`; `done` runs from a later Poll. Call only from the polling thread.
  virtual void Start(WebhookRequest request, Done done) = 0;
  // Moves the requests on for at most `wait` (returns earlier when one finishes or on Wakeup)
  // and runs the callbacks of the finished ones; returns how many finished.
  virtual std::size_t Poll(std::chrono::milliseconds wait) = 0;
  // Requests started and not yet reported.
  virtual std::size_t in_flight() const = 0;
  // Abandons every request in flight without running its callback.
  virtual void CancelAll() = 0;
  // Makes a Poll that is waiting return now. The only method callable from any thread.
  virtual void Wakeup() = 0;
};

}  // namespace leados::deliver
