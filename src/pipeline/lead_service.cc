#include "pipeline/lead_service.h"

namespace leados::pipeline {
namespace {

core::Error NotFound(std::string_view id) {
  return core::Error{core::ErrorCode::kNotFound, "lead " + std::string(id) + " not found"};
}

}  // namespace

core::Status LeadService::TellOutcome(const LeadRecord& l) {
  if (outcomes_ == nullptr) return core::Ok();
  const auto& c = l.channels;
  if (c.webhook == "done" || c.api == "done" || c.digest == "done" || c.portal == "dismissed") {
    return outcomes_->LeadDelivered(l);
  }
  if (l.AllChannelsCompleted()) return outcomes_->LeadUndeliverable(l);
  return core::Ok();
}

core::Result<LeadPage> LeadService::List(std::string_view account_id, const LeadFilter& filter) {
  return leads_.List(account_id, filter);
}

core::Result<LeadView> LeadService::Get(std::string_view account_id, std::string_view id) {
  auto lead = leads_.Get(account_id, id);
  if (!lead) return core::Fail(lead.error());
  if (!lead->has_value() || (*lead)->held) return core::Fail(NotFound(id));
  LeadView view{std::move(**lead), std::nullopt};
  auto payload = PayloadOf(view.record);
  if (!payload) return core::Fail(payload.error());
  view.payload_json = std::move(*payload);
  return view;
}

core::Result<std::optional<std::string>> LeadService::PayloadOf(const LeadRecord& lead) {
  if (lead.payload_deleted_at_ms) return std::optional<std::string>();
  return payloads_.Get(lead.id);
}

core::Result<LeadRecord> LeadService::ReleaseIfDone(std::string_view account_id,
                                                    std::string_view id) {
  auto lead = leads_.Get(account_id, id);
  if (!lead) return core::Fail(lead.error());
  if (!lead->has_value()) return core::Fail(NotFound(id));
  LeadRecord& l = **lead;
  if (l.AllChannelsCompleted() && !l.payload_deleted_at_ms) {
    if (auto gone = payloads_.Delete(id); !gone) return core::Fail(gone.error());
    const int64_t now = clock_.NowUnixMillis();
    if (auto st = leads_.MarkPayloadDeleted(id, now); !st) return core::Fail(st.error());
    l.payload_deleted_at_ms = now;
  }
  return std::move(l);
}

core::Result<LeadRecord> LeadService::Acknowledge(std::string_view account_id,
                                                  std::string_view id) {
  auto lead = leads_.Get(account_id, id);
  if (!lead) return core::Fail(lead.error());
  if (!lead->has_value()) return core::Fail(NotFound(id));
  if ((*lead)->channels.api != "done") {
    if (auto st = leads_.SetChannel(id, Channel::kApi, "done", clock_.NowUnixMillis()); !st) {
      return core::Fail(st.error());
    }
  }
  auto released = ReleaseIfDone(account_id, id);
  if (!released) return released;
  if (auto st = TellOutcome(*released); !st) return core::Fail(st.error());
  return released;
}

core::Result<LeadRecord> LeadService::Dismiss(std::string_view account_id, std::string_view id) {
  auto lead = leads_.Get(account_id, id);
  if (!lead) return core::Fail(lead.error());
  if (!lead->has_value()) return core::Fail(NotFound(id));
  if ((*lead)->channels.portal != "dismissed") {
    if (auto st = leads_.SetChannel(id, Channel::kPortal, "dismissed", clock_.NowUnixMillis());
        !st) {
      return core::Fail(st.error());
    }
  }
  auto released = ReleaseIfDone(account_id, id);
  if (!released) return released;
  if (auto st = TellOutcome(*released); !st) return core::Fail(st.error());
  return released;
}

core::Result<LeadRecord> LeadService::SetFeedback(std::string_view account_id,
                                                  std::string_view id, std::string_view feedback) {
  if (auto st = leads_.SetFeedback(account_id, id, feedback, clock_.NowUnixMillis()); !st) {
    return core::Fail(st.error());
  }
  auto lead = leads_.Get(account_id, id);
  if (!lead) return core::Fail(lead.error());
  if (!lead->has_value()) return core::Fail(NotFound(id));
  return std::move(**lead);
}

core::Status LeadService::CompleteChannel(std::string_view id, Channel channel,
                                          std::string_view status) {
  if (auto st = leads_.SetChannel(id, channel, status, clock_.NowUnixMillis()); !st) return st;
  auto account = leads_.AccountOf(id);
  if (!account) return core::Fail(account.error());
  auto released = ReleaseIfDone(*account, id);
  if (!released) return core::Fail(released.error());
  return TellOutcome(*released);
}

core::Result<int> LeadService::SweepExpired(int limit) {
  auto due = leads_.PayloadsDue(clock_.NowUnixMillis(), limit);
  if (!due) return core::Fail(due.error());
  for (const auto& id : *due) {
    if (auto gone = payloads_.Delete(id); !gone) return core::Fail(gone.error());
    if (auto st = leads_.MarkPayloadDeleted(id, clock_.NowUnixMillis()); !st) {
      return core::Fail(st.error());
    }
  }
  return static_cast<int>(due->size());
}

}  // namespace leados::pipeline
