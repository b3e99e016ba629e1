#include "deliver/delivery_health.h"

#include <fmt/format.h>

#include <chrono>

namespace leados::deliver {

core::Result<DeliveryHealth> ReadDeliveryHealth(store::Database& db, const core::Clock& clock,
                                                core::Duration window) {
  DeliveryHealth out;
  out.since_ms =
      clock.NowUnixMillis() - std::chrono::duration_cast<std::chrono::milliseconds>(window).count();
  auto rows = db.Query(
      "SELECT status, COUNT(*) FROM webhook_deliveries WHERE created_at >= ? GROUP BY status",
      {out.since_ms});
  if (!rows) return core::Fail(rows.error());
  for (const char* status : {"pending", "delivering", "succeeded", "failed", "dead"}) {
    int64_t n = 0;
    for (const auto& r : *rows) {
      if (r.Text(0) == status) n = r.Int(1);
    }
    out.by_status.emplace_back(status, n);
  }
  auto endpoints = db.Query(
      "SELECT COUNT(*), COALESCE(SUM(CASE WHEN enabled = 0 THEN 1 ELSE 0 END), 0), "
      "COALESCE(SUM(CASE WHEN enabled = 1 AND failing_since IS NOT NULL THEN 1 ELSE 0 END), 0) "
      "FROM webhook_endpoints");
  if (!endpoints) return core::Fail(endpoints.error());
  out.endpoints_total = endpoints->front().Int(0);
  out.endpoints_disabled = endpoints->front().Int(1);
  out.endpoints_failing = endpoints->front().Int(2);
  auto disabled = db.Query(fmt::format(
      "SELECT id, account_id, COALESCE(disabled_reason, ''), COALESCE(disabled_at, updated_at) "
      "FROM webhook_endpoints WHERE enabled = 0 ORDER BY COALESCE(disabled_at, updated_at) DESC, "
      "id DESC LIMIT {}",
      kMaxListedDisabled));
  if (!disabled) return core::Fail(disabled.error());
  for (const auto& r : *disabled) {
    out.disabled.push_back({r.Text(0), r.Text(1), r.Text(2), r.Int(3)});
  }
  return out;
}

}  // namespace leados::deliver
