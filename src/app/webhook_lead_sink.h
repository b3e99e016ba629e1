#pragma once
// WebhookLeadSink: the pipeline's LeadSink in `leados serve` — a lead whose campaign delivers by
// webhook becomes a "lead.created" event for the account's subscribed endpoints (idempotent per
// lead: a redelivered signal keeps its deliveries and webhook-ids), and the dispatcher is woken.
// No subscribed endpoint: the webhook channel is closed at once ("off"), so the payload is not
// kept for it. ConnectCompletion makes the end of the LAST delivery of the lead's event close the
// lead's webhook channel: "done" when at least one endpoint got it (2xx), "failed" when every
// delivery is dead; closing deletes the lead payload once no channel needs it.

#include "deliver/attempt_recorder.h"
#include "deliver/delivery_service.h"
#include "deliver/webhook_dispatcher.h"
#include "pipeline/lead_service.h"
#include "pipeline/ports.h"
#include "store/batching_database.h"

namespace leados::app {

inline constexpr std::string_view kLeadCreatedEvent = "lead.created";

class WebhookLeadSink final : public pipeline::LeadSink {
 public:
  // Every reference must outlive the sink. With `db` (the database the delivery rows go to), the
  // dispatcher is woken after the caller's batch commits (store::BatchingDatabase::AfterCommit),
  // not before its rows are visible.
  WebhookLeadSink(deliver::DeliveryService& deliveries, deliver::WebhookDispatcher& dispatcher,
                  pipeline::LeadService& leads, store::BatchingDatabase* db = nullptr)
      : deliveries_(deliveries), dispatcher_(dispatcher), leads_(leads), db_(db) {}

  core::Status LeadCreated(const pipeline::LeadRecord& lead, std::string_view payload) override;

  // Installs the recorder hook that closes the lead's webhook channel when every delivery of
  // its lead.created event is final.
  void ConnectCompletion(deliver::AttemptRecorder& recorder);

 private:
  deliver::DeliveryService& deliveries_;
  deliver::WebhookDispatcher& dispatcher_;
  pipeline::LeadService& leads_;
  store::BatchingDatabase* db_;
};

}  // namespace leados::app
