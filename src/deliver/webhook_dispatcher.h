#pragma once
// WebhookDispatcher: sends due deliveries. Each round it asks the store which endpoints have due
// deliveries, claims for each at most as many as the endpoint's concurrency limit and rate limit
// allow (a lease in SQL, so several processes can run dispatchers without sending one delivery
// twice at the same time), sends them on a pool of worker threads through the HttpClient, and
// records every attempt (AttemptRecorder).
//
// FIRST STEP, documented in README.md: the transport is a thread pool over the blocking
// ingest::HttpClient (CurlHttpClient pools its easy handles, so connections are kept alive and
// reused; each request has its own 15 s timeout) rather than one libcurl multi handle. Limits
// are per process: N processes allow N × the per-endpoint concurrency and rate.
//
// A request: POST with content-type: application/json, webhook-id (the delivery id),
// webhook-timestamp (Unix seconds of this attempt), webhook-signature (one entry per active
// secret), user-agent LeadOS-Webhooks/1; redirects are not followed (a 3xx is a failure). The
// URL is vetted by the SSRF guard again right before sending.
// Thread-safe: RunOnce may be called from one thread at a time; Start/Stop run it in a loop.

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "core/clock.h"
#include "core/result.h"
#include "deliver/attempt_recorder.h"
#include "deliver/delivery_store.h"
#include "deliver/endpoint_service.h"
#include "ingest/http_client.h"
#include "store/key_value.h"

namespace leados::deliver {

struct DispatcherOptions {
  std::chrono::milliseconds request_timeout{15000};  // deliver.webhook_timeout_ms
  int endpoint_concurrency = 4;                      // deliver.endpoint_concurrency
  double endpoint_rate_per_second = 10;              // deliver.endpoint_rate_per_second
  int worker_threads = 16;                           // requests in flight in this process
  size_t max_endpoints_per_round = 256;
  core::Duration lease = std::chrono::seconds(60);  // > request_timeout + recording time
  std::chrono::milliseconds poll_interval{500};     // idle wait between rounds (Start)
  std::string owner = "dispatcher";                 // lease owner name (host:pid in src/app)
  std::string user_agent = "LeadOS-Webhooks/1";
};

// The first 256 bytes of a response body, with bytes outside printable ASCII, tab and newline
// replaced by '?', so the excerpt is valid text on every backend and cannot carry control bytes.
std::string ResponseExcerpt(std::string_view body);

class WebhookDispatcher {
 public:
  // Every reference must outlive the dispatcher.
  WebhookDispatcher(DeliveryStore& deliveries, EndpointService& endpoints, store::KeyValue& kv,
                    ingest::HttpClient& http, AttemptRecorder& recorder, const core::Clock& clock,
                    DispatcherOptions options = {});
  ~WebhookDispatcher();
  WebhookDispatcher(const WebhookDispatcher&) = delete;
  WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;

  // One round: claims what is due and allowed, sends it, records the attempts, and returns the
  // number of deliveries handled (sent or killed). Errors: the store's (nothing is lost: claimed
  // deliveries whose result could not be recorded are retried after their lease).
  core::Result<int> RunOnce();

  // Runs rounds on a background thread until Stop (immediately again after a busy round, after
  // poll_interval after an idle one). Wake() shortens the wait (after an Enqueue).
  void Start();
  void Stop();
  void Wake();

 private:
  // How many more requests the endpoint's token bucket allows now (consumes them).
  size_t TakeTokens(const std::string& endpoint_id, size_t wanted);
  // Sends one claimed delivery and records the outcome.
  void Handle(const Delivery& d);

  DeliveryStore& deliveries_;
  EndpointService& endpoints_;
  store::KeyValue& kv_;
  ingest::HttpClient& http_;
  AttemptRecorder& recorder_;
  const core::Clock& clock_;
  DispatcherOptions options_;

  struct Bucket {
    double tokens = 0;
    core::TimePoint refilled;
  };
  std::mutex buckets_mu_;
  std::map<std::string, Bucket> buckets_;  // guarded by buckets_mu_

  std::mutex loop_mu_;
  std::condition_variable loop_cv_;
  bool stop_ = false;  // guarded by loop_mu_
  bool wake_ = false;  // guarded by loop_mu_
  std::thread loop_;
};

}  // namespace leados::deliver
