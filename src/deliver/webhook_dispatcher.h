#pragma once
// WebhookDispatcher: sends due deliveries. It asks the store which endpoints have due
// deliveries, claims for each at most what the endpoint's concurrency limit (counting its
// requests already in flight) and rate limit allow, up to max_in_flight requests in all (a lease
// in SQL, so several processes can run dispatchers without sending one delivery twice at the same
// time), starts them on a WebhookTransport (CurlMultiTransport in production: one libcurl multi
// handle, keep-alive connections, 15 s timeouts) and records every attempt (AttemptRecorder) as
// it finishes. Limits are per process: N processes allow N × the per-endpoint concurrency and
// rate.
//
// A request: POST with content-type: application/json, webhook-id (the delivery id),
// webhook-timestamp (Unix seconds of this attempt), webhook-signature (one entry per active
// secret), user-agent LeadOS-Webhooks/1; redirects are not followed (a 3xx is a failure). The
// URL is vetted by the SSRF guard again right before sending (once per endpoint and claim) and the
// connection is pinned to the addresses it vetted.
//
// Threads: the dispatcher drives its transport from one thread. Either call RunOnce (tests, one
// thread at a time) or Start/Stop (a background loop); not both. Wake may be called from any
// thread.

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "deliver/attempt_recorder.h"
#include "deliver/delivery_store.h"
#include "deliver/endpoint_service.h"
#include "deliver/webhook_transport.h"
#include "store/key_value.h"

namespace leados::deliver {

struct DispatcherOptions {
  std::chrono::milliseconds request_timeout{15000};  // deliver.webhook_timeout_ms
  int endpoint_concurrency = 4;                      // deliver.endpoint_concurrency
  double endpoint_rate_per_second = 10;              // deliver.endpoint_rate_per_second (0: none)
  int max_in_flight = 64;                            // deliver.max_in_flight, all endpoints
  size_t max_endpoints_per_round = 256;
  core::Duration lease = std::chrono::seconds(60);  // > request_timeout + recording time
  std::chrono::milliseconds poll_interval{500};     // idle wait between claims (Start)
  std::chrono::milliseconds stop_grace{5000};       // Stop lets requests in flight finish so long
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
                    WebhookTransport& transport, AttemptRecorder& recorder,
                    const core::Clock& clock, DispatcherOptions options = {});
  // Stops the loop (see Stop).
  ~WebhookDispatcher();
  WebhookDispatcher(const WebhookDispatcher&) = delete;
  WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;

  // One round: claims what is due and allowed, sends it, waits until every request finished,
  // records the attempts, and returns the number of deliveries handled (sent or killed). Errors:
  // the store's (nothing is lost: claimed deliveries whose result could not be recorded are
  // retried after their lease). Not while Start runs.
  core::Result<int> RunOnce();

  // Runs the loop on a background thread until Stop: claims whenever requests finish (or Wake is
  // called, or poll_interval passed), so a slow endpoint never holds up the others.
  void Start();
  // Ends the loop: requests in flight get up to stop_grace to finish and be recorded; the rest
  // are abandoned (their leases run out and another round sends them again, same webhook-id).
  void Stop();
  // Makes the loop look for due deliveries now (after an Enqueue or a replay). Any thread.
  void Wake();

 private:
  // What one claim needs of its endpoint, read once per claim.
  struct EndpointContext;
  // A finished request waiting to be recorded.
  struct Finished {
    Delivery delivery;
    AttemptResult result;
  };

  // Claims what is allowed and starts it; returns how many deliveries were claimed.
  core::Result<int> Fill();
  // Starts one claimed delivery, or ends it at once (endpoint gone or disabled, payload expired,
  // address refused).
  void Begin(const Delivery& d, const EndpointContext& ctx);
  // Records what finished since the last call.
  void RecordFinished();
  // How many more requests the endpoint's token bucket allows now (consumes them).
  size_t TakeTokens(const std::string& endpoint_id, size_t wanted);
  void GiveBackTokens(const std::string& endpoint_id, size_t unused);
  void Loop();

  DeliveryStore& deliveries_;
  EndpointService& endpoints_;
  store::KeyValue& kv_;
  WebhookTransport& transport_;
  AttemptRecorder& recorder_;
  const core::Clock& clock_;
  DispatcherOptions options_;

  // Touched only by the thread driving the transport.
  std::map<std::string, int> in_flight_;  // requests on the wire per endpoint
  std::vector<Finished> finished_;

  std::mutex buckets_mu_;
  struct Bucket {
    double tokens = 0;
    core::TimePoint refilled;
  };
  std::map<std::string, Bucket> buckets_;  // guarded by buckets_mu_

  std::mutex loop_mu_;
  bool stop_ = false;  // guarded by loop_mu_
  bool wake_ = false;  // guarded by loop_mu_
  std::thread loop_;
};

}  // namespace leados::deliver
