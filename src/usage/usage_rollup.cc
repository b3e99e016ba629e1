#include "usage/usage_rollup.h"

#include <fmt/format.h>

#include "usage/usage_event.h"

namespace leados::usage {

UsageRollup::UsageRollup(store::Database& db, const core::Clock& clock, std::chrono::minutes grace)
    : db_(db), clock_(clock), grace_(grace) {}

core::Result<RollupReport> UsageRollup::Run() {
  const int64_t now = clock_.NowUnixMillis();
  const std::string before = UtcDay(now - grace_.count() * 60'000);
  auto days = db_.Query(
      "SELECT DISTINCT day FROM usage_events WHERE day < ? AND day NOT IN (SELECT day FROM "
      "usage_rollups) ORDER BY day",
      {before});
  if (!days) return core::Fail(days.error());
  RollupReport report;
  for (const auto& row : *days) {
    const std::string day = row.Text(0);
    const auto start = ParseUtcDay(day);
    if (!start) continue;  // not written by UsageRecorder
    int64_t events = -1;
    auto st = db_.Transact([&](store::SqlSession& tx) -> core::Status {
      events = -1;
      auto claimed = tx.Exec(
          "INSERT INTO usage_rollups (day, day_start_ms, rolled_at, events) VALUES (?, ?, ?, 0) "
          "ON CONFLICT (day) DO NOTHING",
          {day, *start, now});
      if (!claimed) return core::Fail(claimed.error());
      if (*claimed == 0) return core::Ok();  // another run has it
      if (auto d = tx.Exec("DELETE FROM usage_daily WHERE day = ?", {day}); !d) {
        return core::Fail(d.error());
      }
      // day_start_ms is our own integer: inlined so PostgreSQL need not type a select-list
      // parameter.
      auto ins =
          tx.Exec(fmt::format("INSERT INTO usage_daily (account_id, day, day_start_ms, kind, name, "
                              "status_class, count, quantity, latency_sum_ms, latency_max_ms) "
                              "SELECT account_id, day, {}, kind, name, status_class, COUNT(*), "
                              "SUM(quantity), SUM(latency_ms), MAX(latency_ms) FROM usage_events "
                              "WHERE day = ? GROUP BY account_id, day, kind, name, status_class",
                              *start),
                  {day});
      if (!ins) return core::Fail(ins.error());
      auto n = tx.Query("SELECT COUNT(*) FROM usage_events WHERE day = ?", {day});
      if (!n) return core::Fail(n.error());
      events = n->empty() ? 0 : n->front().Int(0);
      auto upd = tx.Exec("UPDATE usage_rollups SET events = ? WHERE day = ?", {events, day});
      if (!upd) return core::Fail(upd.error());
      return core::Ok();
    });
    if (!st) return core::Fail(st.error());
    if (events >= 0) {
      report.days.push_back(day);
      report.events += events;
    }
  }
  return report;
}

}  // namespace leados::usage
