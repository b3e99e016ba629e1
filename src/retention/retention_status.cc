#include "retention/retention_status.h"

#include "core/json.h"

namespace leados::retention {
namespace {

namespace json = core::json;

constexpr int64_t kDayMs = 86'400'000;
constexpr int kRecentRuns = 10;

// The tables whose oldest row is one indexed MIN(): (table, column, extra condition).
struct OldestQuery {
  const char* table;
  const char* column;
  const char* where;  // "" or "AND …"
};

std::vector<OldestQuery> OldestQueries(Category c) {
  switch (c) {
    case Category::kAccountData:
      return {{"accounts", "closed_at", "AND status = 'closed' AND purged_at IS NULL"}};
    case Category::kBilling: return {{"ledger_entries", "created_at", ""}};
    case Category::kAuditLogs:
      return {{"audit_events", "at", ""},
              {"privacy_requests", "closed_at", ""},
              {"anomaly_flags", "updated_at_ms", ""},
              {"retention_runs", "started_at_ms", ""}};
    case Category::kDeliveryMetadata: return {{"leads", "created_at", ""}};
    case Category::kFingerprints:
    case Category::kPayloads: return {};
  }
  return {};
}

RetentionRun RunFromRow(const store::Row& r) {
  return {r.Text(0), r.Int(1), r.Int(2), r.Int(3) != 0, r.Text(4), r.OptText(5)};
}

}  // namespace

int64_t RetentionRun::Rows(std::string_view category_key) const {
  auto parsed = core::ParseJsonObject(deleted_json);
  if (!parsed) return 0;
  const json::value* c = parsed->if_contains(category_key);
  if (!c || !c->is_object()) return 0;
  int64_t n = 0;
  for (const auto& [table, rows] : c->as_object()) {
    if (rows.is_int64()) n += rows.as_int64();
  }
  return n;
}

RetentionRunLog::RetentionRunLog(store::Database& db, const core::Clock& clock)
    : db_(db), clock_(clock), ids_(clock) {}

core::Result<RetentionReport> RetentionRunLog::RunAndRecord(RetentionEngine& engine, bool dry_run) {
  const int64_t started = clock_.NowUnixMillis();
  auto report = engine.Run(dry_run);
  json::object deleted;
  if (report) {
    for (const auto& c : report->categories) {
      json::object tables;
      for (const auto& t : c.tables) tables[t.table] = t.rows;
      deleted[RuleFor(c.category).key] = std::move(tables);
    }
  }
  auto rec = db_.Exec(
      "INSERT INTO retention_runs (id, started_at_ms, finished_at_ms, dry_run, deleted_json, "
      "error) VALUES (?, ?, ?, ?, ?, ?)",
      {ids_.NewId("rrn"), started, clock_.NowUnixMillis(), int64_t{dry_run ? 1 : 0},
       core::ToJson(deleted),
       report ? store::SqlValue() : store::SqlValue(report.error().message)});
  if (!report) return report;
  if (!rec) return core::Fail(rec.error());
  return report;
}

core::Result<std::vector<RetentionRun>> RetentionRunLog::Recent(int limit) const {
  auto rows = db_.Query(
      "SELECT id, started_at_ms, finished_at_ms, dry_run, deleted_json, error FROM retention_runs "
      "ORDER BY started_at_ms DESC, id DESC LIMIT ?",
      {int64_t{limit}});
  if (!rows) return core::Fail(rows.error());
  std::vector<RetentionRun> out;
  for (const auto& r : *rows) out.push_back(RunFromRow(r));
  return out;
}

core::Result<RetentionStatus> ReadRetentionStatus(store::Database& db, const core::Clock& clock,
                                                  const RetentionPeriods& periods) {
  RetentionStatus status;
  status.now_ms = clock.NowUnixMillis();
  RetentionRunLog log(db, clock);
  auto recent = log.Recent(kRecentRuns);
  if (!recent) return core::Fail(recent.error());
  status.recent_runs = std::move(*recent);
  auto last = db.Query(
      "SELECT id, started_at_ms, finished_at_ms, dry_run, deleted_json, error FROM retention_runs "
      "WHERE dry_run = 0 AND error IS NULL ORDER BY started_at_ms DESC, id DESC LIMIT 1");
  if (!last) return core::Fail(last.error());
  std::optional<RetentionRun> last_run;
  if (!last->empty()) last_run = RunFromRow(last->front());
  for (const auto& rule : RetentionPolicy()) {
    CategoryStatus c;
    c.rule = &rule;
    c.configured_days = periods.Days(rule.category);
    c.last_run = last_run;
    if (last_run) c.last_run_rows = last_run->Rows(rule.key);
    const int64_t allowed = periods.Millis(rule.category) + kDayMs;
    for (const auto& q : OldestQueries(rule.category)) {
      auto min = db.Query(std::string("SELECT MIN(") + q.column + ") FROM " + q.table + " WHERE " +
                          q.column + " IS NOT NULL " + q.where);
      if (!min) return core::Fail(min.error());
      OldestRow o{q.table, q.column, std::nullopt, std::nullopt, true};
      if (!min->empty() && !min->front().IsNull(0)) {
        o.oldest_ms = min->front().Int(0);
        o.age_ms = status.now_ms - *o.oldest_ms;
        o.within = *o.age_ms <= allowed;
      }
      c.within = c.within && o.within;
      c.oldest.push_back(std::move(o));
    }
    status.categories.push_back(std::move(c));
  }
  return status;
}

}  // namespace leados::retention
