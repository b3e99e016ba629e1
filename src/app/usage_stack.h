#pragma once
// UsageStack: usage tracking in a process (issue 9; src/usage/README.md): the recorder (its
// flush thread), the hourly roll-up in `leados serve` (usage.rollup_job), the usage routes, and
// the hooks that feed it: API calls and campaigns created (api::AccountsApi::SetUsageSink),
// webhook delivery outcomes (deliver::AttemptRecorder::SetOnFinal) and credits consumed
// (PipelineStack::SetUsageSink). Config: usage.flush_interval_seconds, usage.buffer_size,
// usage.rollup_job; usage.raw_retention_days is read by the retention engine (RetentionStack).

#include <memory>

#include "api/accounts_api.h"
#include "app/runtime.h"
#include "core/periodic_task.h"
#include "deliver/attempt_recorder.h"
#include "http/router.h"
#include "usage/usage_recorder.h"
#include "usage/usage_report.h"
#include "usage/usage_rollup.h"

namespace leados::app {

class UsageStack {
 public:
  // `runtime` must outlive the stack. `rollup_job` false: no roll-up thread whatever
  // usage.rollup_job says (`leados worker`).
  static core::Result<std::unique_ptr<UsageStack>> Open(Runtime& runtime, bool rollup_job = true);
  // Stops the threads and flushes the buffered events.
  ~UsageStack();

  // Counts `api`'s calls and adds sendUsageBeacon, getUsage and adminGetUsage.
  void RegisterRoutes(api::AccountsApi& api, http::Router& router);
  // Counts each webhook delivery's final outcome (succeeded → delivered, dead → failed).
  void ConnectDeliveries(deliver::AttemptRecorder& recorder);
  // Starts the flush thread and (usage.rollup_job) the hourly roll-up; Stop ends both and
  // flushes.
  void Start();
  void Stop();

  usage::UsageRecorder& recorder() { return *recorder_; }
  usage::UsageRollup& rollup() { return *rollup_; }

 private:
  UsageStack() = default;
  Runtime* rt_ = nullptr;
  bool rollup_job_ = true;
  std::unique_ptr<usage::UsageRecorder> recorder_;
  std::unique_ptr<usage::UsageRollup> rollup_;
  std::unique_ptr<usage::UsageReader> reader_;
  core::PeriodicTask rollup_task_;
};

}  // namespace leados::app
