#include "store/migrations.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "store/migration_files.h"
#include "store/migrations_internal.h"

namespace leados::store {
namespace {

// Key of the PostgreSQL advisory lock that serialises migrations ("LEADOS-M" in ASCII).
constexpr int64_t kMigrationLockKey = 0x4C4541444F532D4D;

std::string_view CreateTableSql(Dialect d) {
  return d == Dialect::kSqlite
             ? "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
               "name TEXT NOT NULL, applied_at INTEGER NOT NULL)"
             : "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, "
               "name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
}

core::Status LockForMigrations(SqlSession& s) {
  if (s.dialect() != Dialect::kPostgres) return core::Ok();  // BEGIN IMMEDIATE already serialises
  // Through ExecScript: the function returns void, which SOCI rows cannot describe.
  return s.ExecScript(fmt::format("SELECT pg_advisory_xact_lock({})", kMigrationLockKey));
}

core::Status EnsureTable(Database& db) {
  return db.Transact([&](SqlSession& s) -> core::Status {
    if (auto st = LockForMigrations(s); !st) return st;
    auto r = s.Exec(CreateTableSql(s.dialect()));
    if (!r) return core::Fail(r.error());
    return core::Ok();
  });
}

core::Result<std::map<int, std::pair<std::string, int64_t>>> AppliedVersions(Database& db) {
  auto rows = db.Query("SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
  if (!rows) return core::Fail(rows.error());
  std::map<int, std::pair<std::string, int64_t>> out;
  for (const Row& r : *rows) out[static_cast<int>(r.Int(0))] = {r.Text(1), r.Int(2)};
  return out;
}

core::Result<std::vector<Migration>> FromFiles(const std::vector<internal::MigrationFile>& files) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& f : files) pairs.emplace_back(std::string(f.file_name), std::string(f.sql));
  return ParseMigrations(pairs);
}

}  // namespace

core::Result<std::vector<Migration>> ParseMigrations(
    const std::vector<std::pair<std::string, std::string>>& files) {
  struct Parts {
    std::string name;
    std::optional<std::string> both, sqlite, postgres;
  };
  std::map<int, Parts> by_version;
  for (const auto& [file, sql] : files) {
    std::string_view f = file;
    int version = 0;
    auto [ptr, ec] = std::from_chars(f.data(), f.data() + f.size(), version);
    size_t digits = ptr - f.data();
    if (ec != std::errc() || digits != 4 || version <= 0 || f.size() <= 5 || f[4] != '_' ||
        !f.ends_with(".sql")) {
      return core::InvalidArgument(fmt::format(
          "migration file {} must be named NNNN_<module>_<what>.sql (or .sqlite.sql/.postgres.sql)",
          file));
    }
    std::string_view rest = f.substr(5, f.size() - 5 - 4);
    std::optional<std::string>* slot = nullptr;
    Parts& parts = by_version[version];
    if (rest.ends_with(".sqlite")) {
      rest.remove_suffix(7);
      slot = &parts.sqlite;
    } else if (rest.ends_with(".postgres")) {
      rest.remove_suffix(9);
      slot = &parts.postgres;
    } else {
      slot = &parts.both;
    }
    if (rest.empty() ||
        rest.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string_view::npos) {
      return core::InvalidArgument(fmt::format(
          "migration file {}: the name after the number must be lowercase letters, digits and _",
          file));
    }
    if (!parts.name.empty() && parts.name != rest) {
      return core::InvalidArgument(fmt::format(
          "migration version {:04d} is used by both {} and {}: pick the next free number", version,
          parts.name, rest));
    }
    if (slot->has_value()) {
      return core::InvalidArgument(fmt::format("migration file {} is given twice", file));
    }
    parts.name = std::string(rest);
    *slot = sql;
  }
  std::vector<Migration> out;
  for (auto& [version, parts] : by_version) {
    Migration m{version, parts.name, "", ""};
    if (parts.both) {
      if (parts.sqlite || parts.postgres) {
        return core::InvalidArgument(
            fmt::format("migration {:04d}_{} has both a shared .sql file and per-dialect files",
                        version, parts.name));
      }
      m.sqlite_sql = m.postgres_sql = *parts.both;
    } else {
      if (!parts.sqlite || !parts.postgres) {
        return core::InvalidArgument(fmt::format(
            "migration {:04d}_{} needs both .sqlite.sql and .postgres.sql (an empty file is fine)",
            version, parts.name));
      }
      m.sqlite_sql = *parts.sqlite;
      m.postgres_sql = *parts.postgres;
    }
    out.push_back(std::move(m));
  }
  return out;
}

core::Result<std::vector<Migration>> EmbeddedMigrations() {
  return FromFiles(internal::AppMigrationFiles());
}

namespace internal {
core::Result<std::vector<Migration>> EmbeddedKvMigrations() {
  return FromFiles(KvMigrationFiles());
}
}  // namespace internal

core::Status Migrate(Database& db, const core::Clock& clock) {
  auto set = EmbeddedMigrations();
  if (!set) return core::Fail(set.error());
  auto applied = ApplyMigrations(db, clock, *set);
  if (!applied) return core::Fail(applied.error());
  return core::Ok();
}

core::Result<size_t> ApplyMigrations(Database& db, const core::Clock& clock,
                                     const std::vector<Migration>& set) {
  if (auto st = EnsureTable(db); !st) return core::Fail(st.error());
  auto done = AppliedVersions(db);
  if (!done) return core::Fail(done.error());
  std::vector<const Migration*> pending;
  for (const Migration& m : set) {
    if (!done->contains(m.version)) pending.push_back(&m);
  }
  std::sort(pending.begin(), pending.end(),
            [](const Migration* a, const Migration* b) { return a->version < b->version; });
  size_t count = 0;
  for (const Migration* m : pending) {
    bool applied = false;
    auto st = db.Transact([&](SqlSession& s) -> core::Status {
      applied = false;
      if (auto lock = LockForMigrations(s); !lock) return lock;
      // Another instance may have applied it while we waited for the lock.
      auto seen =
          s.Query("SELECT 1 FROM schema_migrations WHERE version = ?", {int64_t{m->version}});
      if (!seen) return core::Fail(seen.error());
      if (!seen->empty()) return core::Ok();
      const std::string& sql = s.dialect() == Dialect::kSqlite ? m->sqlite_sql : m->postgres_sql;
      if (sql.find_first_not_of(" \t\r\n") != std::string::npos) {
        if (auto run = s.ExecScript(sql); !run) {
          return core::Fail(run.error().code,
                            fmt::format("migration {:04d}_{} failed: {}", m->version, m->name,
                                        run.error().message));
        }
      }
      auto rec =
          s.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                 {int64_t{m->version}, m->name, clock.NowUnixMillis()});
      if (!rec) return core::Fail(rec.error());
      applied = true;
      return core::Ok();
    });
    if (!st) return core::Fail(st.error());
    if (applied) ++count;
  }
  return count;
}

core::Result<std::vector<MigrationInfo>> MigrationStatus(Database& db) {
  auto set = EmbeddedMigrations();
  if (!set) return core::Fail(set.error());
  return MigrationStatusOf(db, *set);
}

core::Result<std::vector<MigrationInfo>> MigrationStatusOf(Database& db,
                                                           const std::vector<Migration>& set) {
  if (auto st = EnsureTable(db); !st) return core::Fail(st.error());
  auto done = AppliedVersions(db);
  if (!done) return core::Fail(done.error());
  std::map<int, MigrationInfo> out;
  for (const Migration& m : set) out[m.version] = MigrationInfo{m.version, m.name, false, {}, true};
  for (const auto& [version, rec] : *done) {
    MigrationInfo& info = out[version];
    if (info.version == 0) info = MigrationInfo{version, rec.first, false, {}, false};
    info.applied = true;
    info.applied_at = core::TimePoint(std::chrono::milliseconds(rec.second));
  }
  std::vector<MigrationInfo> list;
  for (auto& [v, info] : out) list.push_back(std::move(info));
  return list;
}

}  // namespace leados::store
