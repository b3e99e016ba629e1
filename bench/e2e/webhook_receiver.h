#pragma once
// WebhookReceiver: the local keep-alive HTTP receiver the benchmark's webhook endpoints point at
// (LeadOS's own http::Server on 127.0.0.1, port 0). It answers every POST /hook/{account} with
// 204 and records, per webhook, the time it arrived (steady clock) and which signal it came from
// (the index in the lead payload's source_id, see SignalCorpus). It does not verify signatures:
// that is the e2e test's job (tests/e2e), and verifying would charge the receiver's CPU to
// LeadOS on this 2-core machine. Thread-safe.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/metrics.h"
#include "core/result.h"
#include "http/router.h"
#include "http/server.h"

namespace leados::bench::e2e {

// One received webhook.
struct Arrival {
  char tag = 0;        // the run ('t' throughput, 'l' latency)
  uint64_t index = 0;  // the signal index within the run
  std::chrono::steady_clock::time_point at;
};

class WebhookReceiver {
 public:
  // Listens on 127.0.0.1 with `threads` server threads. Errors: the server's (cannot listen).
  static core::Result<std::unique_ptr<WebhookReceiver>> Start(int threads);
  ~WebhookReceiver();

  uint16_t port() const;
  // Webhooks received so far (every POST, including ones without a signal index).
  uint64_t received() const { return received_.load(std::memory_order_relaxed); }
  // Webhooks whose body carried no e2e signal index (expected 0).
  uint64_t unmatched() const { return unmatched_.load(std::memory_order_relaxed); }
  // The arrivals recorded so far, in arrival order (a copy).
  std::vector<Arrival> Arrivals() const;

 private:
  WebhookReceiver() = default;
  http::Response Handle(http::Request& req);

  core::SystemClock clock_;
  core::Metrics metrics_;  // the server's own, apart from the benchmarked process's registry
  http::Router router_;
  std::unique_ptr<http::Server> server_;
  std::atomic<uint64_t> received_{0};
  std::atomic<uint64_t> unmatched_{0};
  mutable std::mutex mu_;  // guards arrivals_
  std::vector<Arrival> arrivals_;
};

}  // namespace leados::bench::e2e
