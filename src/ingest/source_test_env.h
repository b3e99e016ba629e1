#pragma once
// Test-only: a scheduler wired as `leados serve` wires it — SQLite database, SourceStore, the
// real CurlHttpClient and Fetcher against a local FixtureServer, the deduper on an in-memory KV —
// with a ManualClock, a fixed jitter seed, a sink that collects signals and an alert counter.

#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/metrics.h"
#include "fixture_server.h"
#include "ingest/fetcher.h"
#include "ingest/http_client.h"
#include "ingest/signal_deduper.h"
#include "ingest/signal_sink.h"
#include "ingest/source_runner.h"
#include "ingest/source_scheduler.h"
#include "ingest/source_store.h"
#include "ingest/test_paths.h"
#include "store/memory_key_value.h"
#include "store/test_support.h"

namespace leados::ingest::testing {

// Collects what the scheduler hands on. Thread-safe. `fail` makes Accept fail.
class CollectingSink final : public SignalSink {
 public:
  core::Status Accept(const Signal& s) override {
    std::lock_guard lock(mu_);
    if (fail_) return core::Unavailable("queue down");
    signals_.push_back(s);
    return core::Ok();
  }
  std::vector<Signal> Take() {
    std::lock_guard lock(mu_);
    return std::exchange(signals_, {});
  }
  void SetFail(bool fail) {
    std::lock_guard lock(mu_);
    fail_ = fail;
  }

 private:
  std::mutex mu_;
  std::vector<Signal> signals_;  // guarded by mu_
  bool fail_ = false;            // guarded by mu_
};

// The Signal keys of `signals`, in order.
inline std::vector<std::string> Keys(const std::vector<Signal>& signals) {
  std::vector<std::string> out;
  for (const auto& s : signals) out.push_back(s.Key());
  return out;
}

class SchedulerEnv {
 public:
  // `db` is shared when given (a "restart" builds a new env over the same database).
  explicit SchedulerEnv(core::ManualClock& clock, store::Database& db,
                        test_support::FixtureServer& server, store::KeyValue& kv,
                        core::Duration timeout = std::chrono::seconds(2),
                        test_support::FixtureServer* second_server = nullptr)
      : clock_(clock),
        store_(db, clock),
        client_(Policy(server, second_server)),
        fetcher_(client_, clock, Options(timeout),
                 [&clock](core::Duration d) { clock.Advance(d); }),
        deduper_(kv, sink_),
        runners_(RunnerSet::Default({"test-client", "test-secret-do-not-log"})),
        scheduler_(
            store_, runners_, fetcher_, client_, deduper_, clock, metrics_,
            [this](const Source& s) {
              std::lock_guard lock(mu_);
              alerts_.push_back(s);
              return core::Ok();
            },
            SchedOptions()) {}

  static CurlHttpClientOptions Policy(test_support::FixtureServer& server,
                                      test_support::FixtureServer* second) {
    CurlHttpClientOptions o;
    // Only the fixture servers' exact endpoints are allowed: a redirect to any private address
    // is still refused, as in production.
    o.ssrf.allowed_endpoints = {"127.0.0.1:" + std::to_string(server.port())};
    if (second) o.ssrf.allowed_endpoints.push_back("127.0.0.1:" + std::to_string(second->port()));
    return o;
  }
  static FetcherOptions Options(core::Duration timeout) {
    FetcherOptions o;
    o.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(timeout);
    o.host_rate_per_second = 1000;
    o.host_burst = 1000;
    return o;
  }
  static SchedulerOptions SchedOptions() {
    SchedulerOptions o;
    o.schedule.seed = 42;
    o.alert_after_failures = 3;
    o.owner = "test";
    return o;
  }

  std::vector<Source> Alerts() {
    std::lock_guard lock(mu_);
    return alerts_;
  }

  core::ManualClock& clock_;
  core::Metrics metrics_;
  SourceStore store_;
  CurlHttpClient client_;
  Fetcher fetcher_;
  CollectingSink sink_;
  SignalDeduper deduper_;
  RunnerSet runners_;
  std::mutex mu_;
  std::vector<Source> alerts_;  // guarded by mu_
  SourceScheduler scheduler_;
};

// A fresh SQLite database for one test (fails the test when it cannot be made).
inline std::unique_ptr<store::testing::FreshDatabase> FreshSqlite(const core::Clock& clock) {
  auto db = store::testing::FreshDatabase::Open(store::Dialect::kSqlite, clock);
  EXPECT_TRUE(db) << db.error().message;
  return db ? std::move(*db) : nullptr;
}

// A spec from its parts.
inline SourceSpec Spec(SourceType type, std::string name, core::json::object settings,
                       int64_t interval = 60) {
  SourceSpec s;
  s.type = type;
  s.name = std::move(name);
  s.settings = std::move(settings);
  s.interval_seconds = interval;
  return s;
}

}  // namespace leados::ingest::testing
