#include "app/lead_reconciler.h"

#include <string>

#include "app/webhook_lead_sink.h"

namespace leados::app {

LeadReconciler::LeadReconciler(store::Database& db, pipeline::LeadService& leads,
                               const core::Clock& clock, bool billing,
                               std::chrono::milliseconds grace)
    : db_(db), leads_(leads), clock_(clock), billing_(billing), grace_(grace) {}

core::Result<ReconcileCounts> LeadReconciler::RunOnce(int limit) {
  ReconcileCounts counts;
  const int64_t cutoff = clock_.NowUnixMillis() - grace_.count();

  // 1. Webhook channel still pending, every delivery of its lead.created event final.
  auto open = db_.Query(
      "SELECT l.id, SUM(CASE WHEN d.status = 'succeeded' THEN 1 ELSE 0 END) FROM leads l "
      "JOIN webhook_deliveries d ON d.lead_id = l.id AND d.event_type = ? "
      "WHERE l.webhook_status = 'pending' AND l.updated_at < ? GROUP BY l.id "
      "HAVING SUM(CASE WHEN d.status IN ('succeeded', 'dead') THEN 0 ELSE 1 END) = 0 "
      "AND MAX(d.updated_at) < ? ORDER BY l.id LIMIT ?",
      {std::string(kLeadCreatedEvent), cutoff, cutoff, int64_t{limit}});
  if (!open) return core::Fail(open.error());
  for (const auto& r : *open) {
    const std::string_view status = r.Int(1) > 0 ? "done" : "failed";
    if (auto st = leads_.CompleteChannel(r.Text(0), pipeline::Channel::kWebhook, status); !st) {
      return core::Fail(st.error());
    }
    ++counts.channels_closed;
  }
  if (!billing_) return counts;

  // 2. Credits still reserved although the channels have decided: delivered somewhere, or every
  //    channel finished without delivering.
  auto decided = db_.Query(
      "SELECT l.id, l.webhook_status, l.api_status, l.digest_status, l.portal_status "
      "FROM credit_reservations r JOIN leads l ON l.id = r.lead_id "
      "WHERE r.status = 'reserved' AND r.updated_at < ? AND l.updated_at < ? AND ("
      "l.webhook_status = 'done' OR l.api_status = 'done' OR l.digest_status = 'done' OR "
      "l.portal_status = 'dismissed' OR (l.webhook_status IN ('off', 'failed') AND "
      "l.api_status = 'off' AND l.digest_status = 'off' AND l.portal_status = 'off')) "
      "ORDER BY l.id LIMIT ?",
      {cutoff, cutoff, int64_t{limit}});
  if (!decided) return core::Fail(decided.error());
  for (const auto& r : *decided) {
    // Tell again the channel change that decided it (CompleteChannel re-sets the same status).
    pipeline::Channel channel = pipeline::Channel::kWebhook;
    std::string status = r.Text(1);
    if (status == "pending") {
      if (r.Text(2) == "done") {
        channel = pipeline::Channel::kApi;
        status = "done";
      } else if (r.Text(3) == "done") {
        channel = pipeline::Channel::kDigest;
        status = "done";
      } else {
        channel = pipeline::Channel::kPortal;
        status = "dismissed";
      }
    }
    if (auto st = leads_.CompleteChannel(r.Text(0), channel, status); !st) {
      return core::Fail(st.error());
    }
    ++counts.outcomes_told;
  }
  return counts;
}

}  // namespace leados::app
