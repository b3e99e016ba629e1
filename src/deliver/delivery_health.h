#pragma once
// The installation-wide delivery health the admin console shows (issue 10): deliveries by status
// over a recent window, and the webhook endpoints that are disabled or failing. Read-only; reads
// the deliver module's own tables (webhook_deliveries, webhook_endpoints). Thread-safe.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "store/database.h"

namespace leados::deliver {

struct DisabledEndpoint {
  std::string id;
  std::string account_id;
  std::string reason;
  int64_t disabled_at_ms = 0;
};

struct DeliveryHealth {
  int64_t since_ms = 0;  // the window's start
  // Deliveries created since `since_ms`, by status, every status listed (pending, delivering,
  // succeeded, failed, dead), zeros included.
  std::vector<std::pair<std::string, int64_t>> by_status;
  int64_t endpoints_total = 0;
  int64_t endpoints_disabled = 0;
  int64_t endpoints_failing = 0;           // enabled, in a failing streak
  std::vector<DisabledEndpoint> disabled;  // newest first, at most kMaxListed
};

inline constexpr int kMaxListedDisabled = 50;

// The health over the `window` before `clock`'s now (24 h by default).
core::Result<DeliveryHealth> ReadDeliveryHealth(store::Database& db, const core::Clock& clock,
                                                core::Duration window = std::chrono::hours(24));

}  // namespace leados::deliver
