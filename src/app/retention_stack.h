#pragma once
// RetentionStack: the retention engine, the daily job, account closure and the data export in
// `leados serve` (retention.*; src/retention/README.md). The periods come from retention.*_days
// (only shorter than the policy); the KV TTLs it reports and checks from
// pipeline.payload_ttl_days, deliver.payload_ttl_days and digest.body_ttl_hours (a TTL longer
// than retention.payloads_days is a configuration error at start).

#include <functional>
#include <memory>
#include <string>

#include "app/accounts_stack.h"
#include "app/runtime.h"
#include "core/config.h"
#include "http/router.h"
#include "notify/outbox.h"
#include "retention/account_closure.h"
#include "retention/account_export.h"
#include "retention/retention_engine.h"
#include "retention/retention_job.h"
#include "retention/retention_status.h"

namespace leados::app {

// The periods of retention.*_days. kInvalidArgument as RetentionPeriods::FromDays.
core::Result<retention::RetentionPeriods> RetentionPeriodsFrom(const core::Config& config);
// The engine's options: usage.raw_retention_days.
retention::RetentionOptions RetentionOptionsFrom(const core::Config& config);
// The KV TTLs the processes set with this configuration.
retention::KvTtls KvTtlsFrom(const core::Config& config);

class RetentionStack {
 public:
  // `runtime` and `accounts` must outlive the stack. Errors: a period or TTL the policy refuses.
  static core::Result<std::unique_ptr<RetentionStack>> Open(Runtime& runtime,
                                                            AccountsStack& accounts);
  ~RetentionStack();

  // Adds closeAccount, reopenAccount and exportAccountData. `on_change` runs after a closure (with
  // the account id) or a reopening (with ""): see api/account_closure_routes.h.
  void RegisterRoutes(api::AccountsApi& api, http::Router& router,
                      std::function<void(const std::string& account_id)> on_change);
  // Adds adminGetRetentionStatus (the console's retention page).
  void RegisterAdminRoutes(api::AccountsApi& api, http::Router& router);
  // Starts / stops the daily job (when retention.daily_job is true).
  void Start();
  void Stop();

  retention::RetentionEngine& engine() { return *engine_; }

 private:
  RetentionStack() = default;
  bool daily_job_ = true;
  store::Database* db_ = nullptr;
  const core::Clock* clock_ = nullptr;
  retention::RetentionPeriods periods_;
  std::unique_ptr<retention::RetentionRunLog> run_log_;
  std::unique_ptr<notify::Outbox> outbox_;
  std::unique_ptr<retention::RetentionEngine> engine_;
  std::unique_ptr<retention::RetentionJob> job_;
  std::unique_ptr<retention::AccountClosure> closure_;
  std::unique_ptr<retention::AccountExport> export_;
};

}  // namespace leados::app
