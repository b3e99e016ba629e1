#pragma once
// PipelineRunner: worker threads that take signals from the queue topic "signals" (ingest puts
// them there as ingest::SignalToJson) and run each through the LeadProcessor.
//
// Back-pressure: each worker claims at most `batch` messages and processes them before claiming
// more, so at most workers × batch signals are in flight; the rest wait in the queue (Redis
// stream or the embedded queue), which is durable. The stages of one signal run inline in its
// worker (they share the per-signal prediction and enrichment, and a signal costs well under a
// millisecond), so there is no unbounded buffer between stages to overflow.
// Transactions: with a store::BatchingDatabase the leads of one claimed batch commit together
// (see the constructor); the figures that led to it are in docs/benchmarks.md.
// At-least-once: a message is acked only after Process succeeded; a failure (database, KV, sink)
// gives it back with a delay (RetryLater, dead-lettered after the queue's max attempts), and a
// worker that dies leaves its messages to reappear after the visibility timeout. Process is
// idempotent, so a redelivery never makes a second lead or charge. A message that is not a
// signal is acked and counted (leados_pipeline_bad_messages_total), since no retry can fix it.

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "core/metrics.h"
#include "core/result.h"
#include "pipeline/lead_processor.h"
#include "store/batching_database.h"
#include "store/queue.h"

namespace leados::pipeline {

struct RunnerOptions {
  std::string topic = "signals";
  std::string consumer = "pipeline";  // worker i claims as "<consumer>-<i>"
  int workers = 2;
  size_t batch = 32;
  std::chrono::seconds visibility{120};
  std::chrono::milliseconds poll_wait{500};
  std::chrono::seconds retry_delay{10};
};

class PipelineRunner {
 public:
  // `queue` and `processor` must outlive the runner. With `batch_db` (the database every store
  // the processor writes to uses), a claimed batch is prepared signal by signal and then its
  // leads are committed in one transaction of it, each signal under its own savepoint (a signal
  // that fails is rolled back alone and given back to the queue); the messages are acked only
  // after that commit. Without it each signal commits on its own (one transaction per write).
  PipelineRunner(store::Queue& queue, LeadProcessor& processor, core::Metrics& metrics,
                 RunnerOptions options = {}, store::BatchingDatabase* batch_db = nullptr);
  ~PipelineRunner();  // Stop()

  // Starts the worker threads (once).
  void Start();
  // Asks the workers to stop after their current batch and joins them.
  void Stop();

  // Claims one batch as `consumer` and processes it; returns how many messages it handled.
  // For tests and `leados worker` loops that drive it themselves.
  core::Result<size_t> RunOnce(const std::string& consumer);

 private:
  void WorkerLoop(int index);
  // Gives a message back to the queue after `error` (logged and counted).
  core::Status Retry(const store::Message& m, const ingest::Signal& signal,
                     const core::Error& error);

  store::Queue& queue_;
  LeadProcessor& processor_;
  store::BatchingDatabase* batch_db_;
  RunnerOptions options_;
  core::Counter& bad_messages_;
  core::Counter& retries_;
  std::atomic<bool> stop_{false};
  std::vector<std::thread> workers_;
};

}  // namespace leados::pipeline
