#pragma once
// LeadService: what clients do with their leads after the pipeline made them — read them (the
// metadata from SQL, the payload from the KV while it lives), acknowledge them (API channel),
// dismiss them (portal), give feedback — and the payload's end of life: a payload is deleted as
// soon as no channel needs it any more (LeadRecord::AllChannelsCompleted), and a sweep marks the
// payloads the KV TTL removed. Thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "pipeline/lead_store.h"
#include "pipeline/payload_store.h"
#include "pipeline/ports.h"

namespace leados::pipeline {

struct LeadView {
  LeadRecord record;
  std::optional<std::string> payload_json;  // nullopt once deleted or expired
};

class LeadService {
 public:
  LeadService(LeadStore& leads, PayloadStore& payloads, const core::Clock& clock)
      : leads_(leads), payloads_(payloads), clock_(clock) {}

  // Installs the listener told when a lead's delivery is decided (see ports.h); null: none. Call
  // before the service is shared between threads; `listener` must outlive the service.
  void SetOutcomeListener(LeadOutcomeListener* listener) { outcomes_ = listener; }

  core::Result<LeadPage> List(std::string_view account_id, const LeadFilter& filter);
  // kNotFound "lead <id> not found" for an unknown id, another account's lead or a held lead.
  core::Result<LeadView> Get(std::string_view account_id, std::string_view id);

  // The payload of a lead already read (no SQL): nullopt once deleted or expired.
  core::Result<std::optional<std::string>> PayloadOf(const LeadRecord& lead);

  // The API channel is done (the client has the lead): api = done. Idempotent.
  core::Result<LeadRecord> Acknowledge(std::string_view account_id, std::string_view id);
  // The client dismissed it in the portal: portal = dismissed. Idempotent.
  core::Result<LeadRecord> Dismiss(std::string_view account_id, std::string_view id);
  // "contacted", "not_relevant" or "" (kept as feedback for scoring).
  core::Result<LeadRecord> SetFeedback(std::string_view account_id, std::string_view id,
                                       std::string_view feedback);

  // A delivery channel finished for a lead (webhook done/failed, digest done); no account check
  // (called by the dispatchers, not by clients). kNotFound for an unknown lead.
  core::Status CompleteChannel(std::string_view id, Channel channel, std::string_view status);

  // Marks up to `limit` payloads whose 30 days ran out as deleted (the KV TTL removed them; a
  // delete is issued anyway in case the KV kept one). Returns how many were marked.
  core::Result<int> SweepExpired(int limit = 1000);

 private:
  // Deletes the payload when no channel needs it; returns the lead as stored.
  core::Result<LeadRecord> ReleaseIfDone(std::string_view account_id, std::string_view id);

  // Tells outcomes_ what the lead's channels now say (delivered / undeliverable / nothing yet).
  core::Status TellOutcome(const LeadRecord& lead);

  LeadStore& leads_;
  PayloadStore& payloads_;
  const core::Clock& clock_;
  LeadOutcomeListener* outcomes_ = nullptr;
};

}  // namespace leados::pipeline
