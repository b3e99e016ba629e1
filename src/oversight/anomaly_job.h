#pragma once
// AnomalyJob: runs AnomalyDetector once per UTC hour across every process of an installation.
// Each check (every 5 minutes by default) tries to claim the hour with KV
// PutIfAbsent("anomaly:hour:<YYYY-MM-DDTHH>", owner, 3 h); the process that wins scans, the
// others do nothing (the same scheme as retention::RetentionJob). A failed scan is logged and
// retried the next hour. Thread-safe; RunIfDue may be called from tests with a ManualClock.

#include <chrono>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/periodic_task.h"
#include "oversight/anomaly_detector.h"
#include "store/key_value.h"

namespace leados::oversight {

struct AnomalyJobOptions {
  std::chrono::seconds check_interval{300};
  std::string owner = "anomaly";  // host:pid in src/app (the claim's value, for operators)
};

class AnomalyJob {
 public:
  // Every reference must outlive the job.
  AnomalyJob(AnomalyDetector& detector, store::KeyValue& kv, const core::Clock& clock,
             AnomalyJobOptions options = {});
  ~AnomalyJob();

  // Claims this hour (UTC) and scans; nullopt when another process (or an earlier call) already
  // has it. Errors: the KV store's or the detector's.
  core::Result<std::optional<ScanReport>> RunIfDue();

  // Starts / stops the check thread. Stop waits for a scan in progress.
  void Start();
  void Stop();

 private:
  AnomalyDetector& detector_;
  store::KeyValue& kv_;
  const core::Clock& clock_;
  AnomalyJobOptions options_;
  core::PeriodicTask task_;
};

}  // namespace leados::oversight
