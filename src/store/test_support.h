#pragma once
// Helpers shared by the store tests: unique names, temporary folders, service URLs, waiting on a
// condition with a deadline.

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "store/database.h"
#include "store/key_value.h"

namespace leados::store::testing {

// A name no other test process uses at the same time: base + pid + counter + random hex.
// Lowercase letters, digits and '_' only, so it is a valid SQL identifier and queue topic.
std::string UniqueName(std::string_view base);

// A fresh folder under the system temp dir, removed on destruction.
class ScopedTempDir {
 public:
  ScopedTempDir();
  ~ScopedTempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The throwaway servers of scripts/test-services.sh; empty when unset.
std::string PgUrl();
std::string RedisUrl();

// A Redis key-value store of its own for one test (a fresh random key prefix on the server of
// scripts/test-services.sh). kUnavailable "LEADOS_TEST_REDIS_URL is not set" outside it: tests
// GTEST_SKIP on that code.
core::Result<std::unique_ptr<KeyValue>> FreshRedisKeyValue();

// A migrated database of its own for one test: a new SQLite file in a temporary folder, or a new
// PostgreSQL schema (selected through search_path, dropped with everything in it on destruction),
// so tests never see each other's rows. `Open` returns kUnavailable "LEADOS_TEST_PG_URL is not
// set" for PostgreSQL outside scripts/test-services.sh: tests GTEST_SKIP on that code.
class FreshDatabase {
 public:
  static core::Result<std::unique_ptr<FreshDatabase>> Open(Dialect dialect,
                                                           const core::Clock& clock,
                                                           size_t pool_size = 4);
  ~FreshDatabase();
  Database& db() { return *db_; }
  // The SQLite file (empty for PostgreSQL) and the PostgreSQL schema (empty for SQLite).
  const std::filesystem::path& sqlite_file() const { return sqlite_file_; }
  const std::string& pg_schema() const { return schema_; }

 private:
  FreshDatabase() = default;
  ScopedTempDir dir_;
  std::filesystem::path sqlite_file_;
  std::string schema_;
  std::unique_ptr<Database> admin_;
  std::unique_ptr<Database> db_;
};

// Polls `done` every 10 ms until it returns true or `timeout` passes; returns its last answer.
bool WaitFor(const std::function<bool()>& done, std::chrono::milliseconds timeout);

}  // namespace leados::store::testing
