#pragma once
// LeadReconciler: finishes what a process killed at the wrong moment left half done between a
// delivery and its consequences. The dispatcher records a webhook as delivered in one
// transaction and only then closes the lead's webhook channel (WebhookLeadSink's completion
// hook), which deletes the payload and commits the lead's credits (LeadService → BillingOutcomes);
// a SIGKILL between the two leaves a delivered lead with its channel "pending" and its credits
// "reserved" for good. Found by the crash test (tests/app/crash_test.cc): 3 of 9,500 leads once.
//
// Every minute (PipelineStack's sweeper, in every process that runs one; all steps are
// idempotent, so several processes may reconcile at once), with a grace period so that it never
// races the hook it stands in for:
//  1. leads whose webhook channel is pending although every lead.created delivery is final
//     (succeeded or dead) since `grace`: the channel is closed as the hook would have ("done" when
//     one endpoint got it, else "failed");
//  2. with billing, leads whose credits are still reserved since `grace` although their channels
//     have decided (some channel delivered it, or all are finished): the channel change is told
//     again, so billing commits or refunds.
// Thread-safe when its parts are.

#include <chrono>

#include "core/clock.h"
#include "core/result.h"
#include "pipeline/lead_service.h"
#include "store/database.h"

namespace leados::app {

struct ReconcileCounts {
  int channels_closed = 0;  // step 1
  int outcomes_told = 0;    // step 2
};

class LeadReconciler {
 public:
  // Every reference must outlive the reconciler. `billing`: step 2 runs (credits are metered).
  LeadReconciler(store::Database& db, pipeline::LeadService& leads, const core::Clock& clock,
                 bool billing, std::chrono::milliseconds grace = std::chrono::seconds(60));

  // One pass over at most `limit` leads per step.
  core::Result<ReconcileCounts> RunOnce(int limit = 500);

 private:
  store::Database& db_;
  pipeline::LeadService& leads_;
  const core::Clock& clock_;
  bool billing_;
  std::chrono::milliseconds grace_;
};

}  // namespace leados::app
