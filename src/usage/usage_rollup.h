#pragma once
// UsageRollup: aggregates raw usage_events into usage_daily, one finished UTC day at a time.
// A day is rolled up once it ended at least `grace` ago (so events still in a recorder's buffer
// at midnight are written first) and has no row in usage_rollups yet. Each day is ONE
// transaction: claim the day in usage_rollups (INSERT … ON CONFLICT DO NOTHING: a concurrent or
// repeated run that finds it claimed skips it), replace the day's usage_daily rows with the
// totals recomputed from its events. Re-running never double-counts. Events written for a day
// after it was rolled up (a recorder stalled longer than `grace`) stay in usage_events and are
// not counted in usage_daily (logged by nobody; the grace makes it rare).
// Thread-safe; safe to run from several processes at once.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "store/database.h"

namespace leados::usage {

struct RollupReport {
  std::vector<std::string> days;  // the days this run rolled up, oldest first
  int64_t events = 0;             // the raw events they held
};

class UsageRollup {
 public:
  // `db` and `clock` must outlive the roll-up.
  UsageRollup(store::Database& db, const core::Clock& clock,
              std::chrono::minutes grace = std::chrono::minutes(15));

  // Rolls up every finished day not rolled up yet. Errors: the database's (days committed before
  // the error stay rolled up).
  core::Result<RollupReport> Run();

 private:
  store::Database& db_;
  const core::Clock& clock_;
  std::chrono::minutes grace_;
};

}  // namespace leados::usage
