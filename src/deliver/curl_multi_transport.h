#pragma once
// CurlMultiTransport: the real WebhookTransport. One libcurl multi handle drives every request
// of the dispatcher from one thread:
//  - keep-alive: finished easy handles are kept for reuse and every transfer shares the multi
//    handle's connection cache, so consecutive requests to one host reuse its connection;
//  - each request has its own whole-exchange timeout (WebhookRequest::timeout, 15 s in
//    production) and a connect timeout (the smaller of the two);
//  - redirects are never followed: a 3xx is returned as the response;
//  - no DNS lookup: the host is pinned (CURLOPT_RESOLVE) to the addresses the SSRF guard vetted
//    right before sending, and the socket callback refuses any other address;
//  - only the first kKeptResponseBytes of a body are kept; a body larger than
//    max_response_bytes ends the transfer (the status already received still counts).
// Not thread-safe except Wakeup: one thread calls Start, Poll and CancelAll.

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "deliver/webhook_transport.h"

namespace leados::deliver {

struct CurlMultiTransportOptions {
  std::chrono::milliseconds connect_timeout{10000};
  std::size_t max_response_bytes = 1024 * 1024;  // read (and dropped) before the cut
  std::size_t max_idle_handles = 256;            // easy handles kept for reuse
  std::size_t max_connections = 512;             // the multi handle's connection cache
  std::string ca_file;                           // extra CA bundle (PEM); empty: system store
};

class CurlMultiTransport final : public WebhookTransport {
 public:
  explicit CurlMultiTransport(CurlMultiTransportOptions options = {});
  // Abandons what is still in flight (no callbacks) and closes every connection.
  ~CurlMultiTransport() override;
  CurlMultiTransport(const CurlMultiTransport&) = delete;
  CurlMultiTransport& operator=(const CurlMultiTransport&) = delete;

  void Start(WebhookRequest request, Done done) override;
  std::size_t Poll(std::chrono::milliseconds wait) override;
  std::size_t in_flight() const override;
  void CancelAll() override;
  void Wakeup() override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace leados::deliver
