#pragma once
// Versioned schema migrations, embedded in the binary from src/store/migrations (see README.md
// for the naming convention). Each migration runs in its own transaction and is recorded in
// schema_migrations(version, name, applied_at). On PostgreSQL each transaction first takes
// pg_advisory_xact_lock, so instances that start at the same time apply every migration once.

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "store/database.h"

namespace leados::store {

// One schema change in both dialects. An empty script means "nothing to do in this dialect".
struct Migration {
  int version = 0;
  std::string name;  // the file name without number and extension, e.g. "accounts_clients"
  std::string sqlite_sql;
  std::string postgres_sql;
};

struct MigrationInfo {
  int version = 0;
  std::string name;
  bool applied = false;
  std::optional<core::TimePoint> applied_at;
  bool known =
      true;  // false: recorded in the database but not in this binary (a newer release ran)
};

// Builds migrations from (file name, contents) pairs: "NNNN_name.sql" for both dialects, or
// "NNNN_name.sqlite.sql" + "NNNN_name.postgres.sql". kInvalidArgument on a malformed name, a
// version used by two names, a dialect given twice, or a per-dialect file without its partner.
core::Result<std::vector<Migration>> ParseMigrations(
    const std::vector<std::pair<std::string, std::string>>& files);

// The application migrations embedded from src/store/migrations, sorted by version.
core::Result<std::vector<Migration>> EmbeddedMigrations();

// Applies the embedded application migrations that `db` lacks, in version order.
core::Status Migrate(Database& db, const core::Clock& clock);

// Applies the missing migrations of `set` in version order; returns how many it applied
// (0 when the database was already up to date). Stops at the first failing migration, leaving
// the earlier ones applied and that one rolled back.
core::Result<size_t> ApplyMigrations(Database& db, const core::Clock& clock,
                                     const std::vector<Migration>& set);

// Every known and every recorded migration with its state, by version (`leados migrate --status`).
core::Result<std::vector<MigrationInfo>> MigrationStatus(Database& db);
core::Result<std::vector<MigrationInfo>> MigrationStatusOf(Database& db,
                                                           const std::vector<Migration>& set);

}  // namespace leados::store
