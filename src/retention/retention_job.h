#pragma once
// RetentionJob: runs RetentionEngine once per UTC day across every process. Each check (hourly by
// default) tries to claim the day with KV PutIfAbsent("retention:day:<YYYY-MM-DD>", owner, 48 h):
// exactly one process in the installation wins a given day (the KV store is shared: Redis, or the
// embedded store of a single-process install) and runs the engine; the others do nothing. A run
// that fails is logged and not retried that day (the next day's run catches up: every rule is
// "older than", so nothing is missed). Thread-safe; RunIfDue may be called from tests with a
// ManualClock.

#include <chrono>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/periodic_task.h"
#include "retention/retention_engine.h"
#include "retention/retention_status.h"
#include "store/key_value.h"

namespace leados::retention {

struct RetentionJobOptions {
  std::chrono::seconds check_interval{3600};
  std::string owner = "retention";  // host:pid in src/app (the claim's value, for operators)
};

class RetentionJob {
 public:
  // Every reference must outlive the job. With a `log`, each run is recorded there (the
  // console's retention page); without, it is only logged.
  RetentionJob(RetentionEngine& engine, store::KeyValue& kv, const core::Clock& clock,
               RetentionJobOptions options = {}, RetentionRunLog* log = nullptr);
  ~RetentionJob();

  // Claims today (UTC) and runs the engine; nullopt when another process (or an earlier call)
  // already has today. Errors: the KV store's or the engine's.
  core::Result<std::optional<RetentionReport>> RunIfDue();

  // Starts / stops the hourly check thread. Stop waits for a run in progress.
  void Start();
  void Stop();

 private:
  RetentionEngine& engine_;
  store::KeyValue& kv_;
  const core::Clock& clock_;
  RetentionJobOptions options_;
  RetentionRunLog* log_;
  core::PeriodicTask task_;
};

}  // namespace leados::retention
