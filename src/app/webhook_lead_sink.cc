#include "app/webhook_lead_sink.h"

#include "core/log.h"

namespace leados::app {

core::Status WebhookLeadSink::LeadCreated(const pipeline::LeadRecord& lead,
                                          std::string_view payload) {
  if (lead.channels.webhook != "pending") return core::Ok();
  auto ids = deliveries_.Enqueue(lead.account_id, kLeadCreatedEvent, lead.id, payload);
  if (!ids) return core::Fail(ids.error());
  if (ids->empty()) return leads_.CompleteChannel(lead.id, pipeline::Channel::kWebhook, "off");
  if (db_ != nullptr) {
    db_->AfterCommit([this] { dispatcher_.Wake(); });
  } else {
    dispatcher_.Wake();
  }
  return core::Ok();
}

void WebhookLeadSink::ConnectCompletion(deliver::AttemptRecorder& recorder) {
  // A lead's lead.created event goes to every subscribed endpoint: its channel closes only when
  // the last of those deliveries is final, "done" when at least one endpoint received the lead.
  recorder.SetOnEventFinal([this](const deliver::Delivery& d,
                                  const deliver::EventProgress& progress) {
    if (!d.lead_id || d.event_type != kLeadCreatedEvent) return;
    const std::string_view channel_status = progress.succeeded > 0 ? "done" : "failed";
    if (auto st = leads_.CompleteChannel(*d.lead_id, pipeline::Channel::kWebhook, channel_status);
        !st) {
      core::log::Error("pipeline.webhook_channel_not_closed",
                       {{"lead", *d.lead_id}, {"error", st.error().message}});
    }
  });
}

}  // namespace leados::app
