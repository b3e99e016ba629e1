#pragma once
// The pipeline's seams to the modules that come after it or beside it: credits (billing, issue 8),
// delivery (deliver) and the suppression list (privacy, issue 9). Each has a simple default so the
// pipeline runs before those exist; src/app picks the real ones.

#include <string>
#include <string_view>

#include "core/result.h"
#include "ingest/signal.h"
#include "pipeline/lead_record.h"

namespace leados::pipeline {

enum class ChargeOutcome {
  kCharged,  // credits reserved (or nothing to charge): deliver
  kHeld,     // not enough credits: keep the lead, deliver after a top-up (billing decides)
};

// Reserves a lead's credits. Must be idempotent on lead_id (a replayed signal asks again).
class CreditCharger {
 public:
  virtual ~CreditCharger() = default;
  virtual core::Result<ChargeOutcome> Reserve(const LeadRecord& lead) = 0;
};

// Charges nothing (until the credit ledger exists).
class UnmeteredCharger final : public CreditCharger {
 public:
  core::Result<ChargeOutcome> Reserve(const LeadRecord&) override { return ChargeOutcome::kCharged; }
};

// Receives every lead once it is stored. Called again for a replayed signal, so it must be
// idempotent on the lead id (the webhook dispatcher keys deliveries by lead and endpoint).
class LeadSink {
 public:
  virtual ~LeadSink() = default;
  virtual core::Status LeadCreated(const LeadRecord& lead, std::string_view payload_json) = 0;
};

// Told when a lead's delivery is decided, so billing can commit or refund its credits (src/app
// adapts it to billing::ChargeService; the pipeline does not know billing). Called by LeadService
// after a channel changed, possibly more than once per lead: implementations must be idempotent.
//  - LeadDelivered: some channel delivered it — webhook done (an endpoint got it), api done
//    (acknowledged), digest done (emailed), or portal dismissed (the client saw it).
//  - LeadUndeliverable: every channel is finished and none delivered it (e.g. the webhook failed
//    on every endpoint, or no endpoint is subscribed, and the campaign has no other channel).
// An error is returned to the caller of the channel change (which logs it).
class LeadOutcomeListener {
 public:
  virtual ~LeadOutcomeListener() = default;
  virtual core::Status LeadDelivered(const LeadRecord& lead) = 0;
  virtual core::Status LeadUndeliverable(const LeadRecord& lead) = 0;
};

// People and companies who asked not to be processed. True drops the signal for that account.
// An error (the list cannot be read) fails the signal, which is retried: a signal is never let
// through unchecked. Thread-safe.
class SuppressionList {
 public:
  virtual ~SuppressionList() = default;
  virtual core::Result<bool> Suppressed(std::string_view account_id,
                                        const ingest::Signal& signal) const = 0;
};

class NoSuppression final : public SuppressionList {
 public:
  core::Result<bool> Suppressed(std::string_view, const ingest::Signal&) const override {
    return false;
  }
};

}  // namespace leados::pipeline
