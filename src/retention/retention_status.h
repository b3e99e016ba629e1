#pragma once
// What the admin console's retention page shows (issue 10; adminGetRetentionStatus):
//  - RetentionRunLog: each run of the engine (the daily job and `leados retention run`, dry runs
//    too) as a row of retention_runs (migration 0150): when it started and finished, whether it
//    was a dry run, the rows deleted per category and table, or the error that stopped it. The
//    engine itself does not write it (a dry run must change nothing the engine governs), its
//    callers do.
//  - ReadRetentionStatus: per row of the policy table, the policy's and the configured period,
//    what it governs, the last real run's time and rows deleted, and for the tables where it is
//    one indexed MIN() the oldest row still held, its age and whether that is within the period.
//    "Within" allows one day past the period: the job runs once per UTC day, so a row may wait up
//    to a day for it; older than period + 1 day is "overdue" (the job is off or failing).
// Thread-safe; every reference must outlive the objects.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/ids.h"
#include "core/result.h"
#include "retention/retention_engine.h"
#include "retention/retention_policy.h"
#include "store/database.h"

namespace leados::retention {

// One recorded run.
struct RetentionRun {
  std::string id;  // rrn_…
  int64_t started_at_ms = 0;
  int64_t finished_at_ms = 0;
  bool dry_run = false;
  std::string deleted_json;  // {"<category key>": {"<table>": rows, …}, …}
  std::optional<std::string> error;
  // Rows of one category in deleted_json (0 when absent).
  int64_t Rows(std::string_view category_key) const;
};

class RetentionRunLog {
 public:
  RetentionRunLog(store::Database& db, const core::Clock& clock);

  // Runs `engine` (dry or not) and records the run, also when it fails. Returns the engine's
  // result; an error recording the run is returned only when the run itself succeeded.
  core::Result<RetentionReport> RunAndRecord(RetentionEngine& engine, bool dry_run);
  // The newest `limit` runs, newest first.
  core::Result<std::vector<RetentionRun>> Recent(int limit) const;

 private:
  store::Database& db_;
  const core::Clock& clock_;
  core::IdGenerator ids_;
};

// The oldest row of one table still held.
struct OldestRow {
  std::string table;
  std::string column;
  std::optional<int64_t> oldest_ms;  // nullopt: the table holds no such row
  std::optional<int64_t> age_ms;
  bool within = true;  // age ≤ period + 1 day (also true for an empty table)
};

struct CategoryStatus {
  const RetentionRule* rule = nullptr;
  int64_t configured_days = 0;
  std::optional<RetentionRun> last_run;  // the newest finished non-dry run
  int64_t last_run_rows = 0;             // its rows for this category
  std::vector<OldestRow> oldest;         // empty for the KV categories (their TTL expires rows)
  bool within = true;                    // every table within
};

struct RetentionStatus {
  int64_t now_ms = 0;
  std::vector<CategoryStatus> categories;  // in the policy's order
  std::vector<RetentionRun> recent_runs;   // the 10 newest, newest first
};

// Reads the status at the clock's now with the periods in force. Errors: the database's.
core::Result<RetentionStatus> ReadRetentionStatus(store::Database& db, const core::Clock& clock,
                                                  const RetentionPeriods& periods);

}  // namespace leados::retention
