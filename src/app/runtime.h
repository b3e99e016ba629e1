#pragma once
// The composition root: the only place where concrete backends are chosen. From the effective
// configuration it opens the database (SQLite or PostgreSQL), the key-value store and the queue
// (embedded or Redis), and owns the process-wide clock and metrics registry, and the one outgoing
// HTTP client and Fetcher (fetch.*) every module shares, so a host's politeness budget (token
// bucket, back-off, robots.txt cache) is one per process, not one per module.

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>

#include "core/clock.h"
#include "core/config.h"
#include "core/metrics.h"
#include "core/result.h"
#include "ingest/fetcher.h"
#include "ingest/http_client.h"
#include "store/batching_database.h"
#include "store/database.h"
#include "store/embedded_key_value.h"
#include "store/key_value.h"
#include "store/queue.h"

namespace leados::app {

class Runtime {
 public:
  // Opens every backend named by `config` and applies pending migrations.
  static core::Result<std::unique_ptr<Runtime>> Open(const core::Config& config);
  ~Runtime();

  const core::Config& config() const { return config_; }
  const core::Clock& clock() const { return clock_; }
  core::Metrics& metrics() { return metrics_; }
  // Every module's database: the backend behind a store::BatchingDatabase, so that a worker can
  // join its transactions (the pipeline commits a claimed batch at once); other callers see a
  // plain Database.
  store::Database& database() { return *database_; }
  store::BatchingDatabase& batching_database() { return *database_; }
  store::KeyValue& key_value() { return *key_value_; }
  store::Queue& queue() { return *queue_; }
  // The shared outgoing HTTP client (SSRF policy from fetch.*) and Fetcher, made on first use
  // (commands that never fetch pay nothing). Thread-safe.
  ingest::HttpClient& http_client();
  ingest::Fetcher& fetcher();
  // "sqlite" or "postgres", "embedded" or "redis": for logs and /readyz.
  std::string Describe() const;
  // Database and KV reachable (for /readyz).
  core::Status Ready();

 private:
  explicit Runtime(const core::Config& config) : config_(config) {}
  void StartSweeper();
  void OpenOutbound();  // makes http_client_ and fetcher_ once

  core::Config config_;
  core::SystemClock clock_;
  core::Metrics metrics_;
  std::unique_ptr<store::BatchingDatabase> database_;
  std::unique_ptr<store::KeyValue> key_value_;
  std::unique_ptr<store::Queue> queue_;
  store::EmbeddedKeyValue* embedded_kv_ = nullptr;  // key_value_ when it is the embedded store
  std::once_flag outbound_once_;
  std::unique_ptr<ingest::CurlHttpClient> http_client_;
  std::unique_ptr<ingest::Fetcher> fetcher_;
  std::atomic<bool> stopping_{false};
  std::thread sweeper_;  // sweeps expired embedded KV entries; joined in the destructor
};

}  // namespace leados::app
