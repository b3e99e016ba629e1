#pragma once
// OversightStack: the anomaly flags (src/oversight) in `leados serve`: the flag store, the
// detector with the anomaly.* thresholds, the hourly job (when anomaly.hourly_job is true) and
// the admin routes adminListAnomalies / adminDismissAnomaly.

#include <memory>

#include "accounts/audit_log.h"
#include "api/accounts_api.h"
#include "app/runtime.h"
#include "core/config.h"
#include "http/router.h"
#include "oversight/anomaly_detector.h"
#include "oversight/anomaly_flag_store.h"
#include "oversight/anomaly_job.h"

namespace leados::app {

// The anomaly.* thresholds of `config`.
oversight::AnomalyThresholds AnomalyThresholdsFrom(const core::Config& config);

class OversightStack {
 public:
  // `runtime` and `audit` must outlive the stack.
  OversightStack(Runtime& runtime, accounts::AuditLog& audit);
  ~OversightStack();

  void RegisterRoutes(api::AccountsApi& api, http::Router& router);
  // Starts / stops the hourly scan (when anomaly.hourly_job is true).
  void Start();
  void Stop();

 private:
  bool hourly_job_ = true;
  std::unique_ptr<oversight::AnomalyFlagStore> flags_;
  std::unique_ptr<oversight::AnomalyDetector> detector_;
  std::unique_ptr<oversight::AnomalyJob> job_;
};

}  // namespace leados::app
