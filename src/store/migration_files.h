#pragma once
// Internal to src/store: the migration files embedded at build time (see embed_migrations.cmake).

#include <string_view>
#include <vector>

namespace leados::store::internal {

struct MigrationFile {
  std::string_view file_name;  // e.g. "0003_accounts_clients.sql"
  std::string_view sql;
};

// src/store/migrations/*.sql: the application database (leados.db or PostgreSQL).
const std::vector<MigrationFile>& AppMigrationFiles();
// src/store/migrations/kv/*.sql: the embedded KV/queue file (kv.db), SQLite only.
const std::vector<MigrationFile>& KvMigrationFiles();

}  // namespace leados::store::internal
