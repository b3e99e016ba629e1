#pragma once
// HttpClientTransport: a WebhookTransport over an ingest::HttpClient, one request after another
// inside Poll. Meant for unit tests with ingest::FakeHttpClient and a manual clock (no real
// waiting, scripted answers); production uses CurlMultiTransport. The vetted addresses of a
// request are not used: the HttpClient does its own resolution.
// Not thread-safe except Wakeup: one thread calls Start, Poll and CancelAll.

#include <condition_variable>
#include <deque>
#include <mutex>
#include <utility>

#include "deliver/webhook_transport.h"
#include "ingest/http_client.h"

namespace leados::deliver {

class HttpClientTransport final : public WebhookTransport {
 public:
  // `http` must outlive the transport.
  explicit HttpClientTransport(ingest::HttpClient& http) : http_(http) {}

  void Start(WebhookRequest request, Done done) override;
  // Sends every queued request (whatever `wait`); waits only when none is queued.
  std::size_t Poll(std::chrono::milliseconds wait) override;
  std::size_t in_flight() const override { return queued_.size(); }
  void CancelAll() override { queued_.clear(); }
  void Wakeup() override;

 private:
  ingest::HttpClient& http_;
  std::deque<std::pair<WebhookRequest, Done>> queued_;
  std::mutex wake_mu_;
  std::condition_variable wake_cv_;
  bool woken_ = false;  // guarded by wake_mu_
};

}  // namespace leados::deliver
