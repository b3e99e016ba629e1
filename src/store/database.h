#pragma once
// The SQL database seam: one interface, two backends (SQLite embedded, PostgreSQL pooled).
// No SOCI, sqlite or libpq header is visible here; errors come back as core::Error values.
//
// SQL conventions for every caller:
//  - `?` marks a positional parameter in both dialects (a `?` inside quotes or comments is text).
//  - Integers are BIGINT (64-bit), times are BIGINT Unix milliseconds, binary is base64 TEXT.
//  - A unique-constraint violation comes back as kAlreadyExists; a lost connection or a database
//    that stays locked as kUnavailable; anything else as kInternal.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/sql_value.h"

namespace leados::store {

// One connection, inside or outside a transaction. Not thread-safe; valid only for the duration of
// the call that handed it out (Database::Transact).
class SqlSession {
 public:
  virtual ~SqlSession() = default;
  virtual Dialect dialect() const = 0;
  // Runs one statement; returns the number of rows it inserted, updated or deleted (0 for reads).
  virtual core::Result<int64_t> Exec(std::string_view sql,
                                     const std::vector<SqlValue>& params = {}) = 0;
  // Runs one statement and returns every row it produced (SELECT, or DML with RETURNING).
  virtual core::Result<std::vector<Row>> Query(std::string_view sql,
                                               const std::vector<SqlValue>& params = {}) = 0;
  // Runs a script of several ';'-separated statements without parameters (migrations, fixtures).
  virtual core::Status ExecScript(std::string_view sql) = 0;
};

// A database: thread-safe, owns its connections. Use only through this interface outside
// src/store and src/app.
class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;

  // Runs `fn` in one transaction on one connection: commits when fn returns ok, rolls back when it
  // returns an error (that error is returned) or throws (kInternal). SQLite: BEGIN IMMEDIATE, so
  // writers take turns (in-process through a mutex, across processes through the 5 s busy
  // timeout). PostgreSQL: READ COMMITTED; fn may lock rows with SELECT ... FOR UPDATE; when a
  // statement fails with a serialization failure or deadlock (SQLSTATE 40001 / 40P01) the whole
  // transaction is rolled back and fn runs again (up to 5 times), so fn must not have side effects
  // outside the session. Do not call this Database from inside fn (use the session): with a
  // pool of one connection it would wait forever.
  virtual core::Status Transact(const std::function<core::Status(SqlSession&)>& fn) = 0;

  // Single statements in autocommit mode, on any pooled connection.
  virtual core::Result<int64_t> Exec(std::string_view sql,
                                     const std::vector<SqlValue>& params = {}) = 0;
  virtual core::Result<std::vector<Row>> Query(std::string_view sql,
                                               const std::vector<SqlValue>& params = {}) = 0;
  // Checks that a connection answers `SELECT 1` (for /readyz). kUnavailable when it does not.
  virtual core::Status Ping() = 0;
};

// How an SQLite commit reaches the disk. kFull (synchronous=FULL) fsyncs the WAL on every commit:
// a committed transaction survives power loss. kNormal (synchronous=NORMAL, the WAL mode SQLite
// recommends) fsyncs only at checkpoints: a commit survives a crash of the process but the last
// commits before a power loss may be rolled back (never corrupted). The embedded KV/queue file
// uses kNormal: it stands in for Redis, whose default persistence (snapshots) promises less.
enum class SqliteSync { kFull, kNormal };

// Opens (creating it and its folder when missing) an SQLite database file with WAL journaling,
// `sync` (above), a 5 s busy timeout and foreign keys on. A pool of `pool_size` connections
// serves readers concurrently; writers (Transact and Exec) take an in-process mutex first.
core::Result<std::unique_ptr<Database>> OpenSqliteDatabase(const std::filesystem::path& file,
                                                           size_t pool_size = 4,
                                                           SqliteSync sync = SqliteSync::kFull);

// Connects to PostgreSQL: `conninfo` is a libpq keyword string ("host=… dbname=…") or a
// postgresql:// URI. Opens `pool_size` connections up front (kUnavailable if the server cannot be
// reached); a connection that breaks is replaced on its next use.
core::Result<std::unique_ptr<Database>> OpenPostgresDatabase(const std::string& conninfo,
                                                             size_t pool_size);

}  // namespace leados::store
