// SQLite backend. SOCI opens and owns each connection; statements run through the sqlite3 handle
// SOCI opened, because SOCI 4.0.3's dynamic rows map INTEGER columns to 32-bit int and silently
// truncate 64-bit values (9e18 reads back as -494665728), which ids and money cannot afford.

#include <fmt/format.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <exception>
#include <mutex>

#include "store/connection_pool.h"
#include "store/database.h"

namespace leados::store {
namespace {

using namespace ::sqlite_api;  // NOLINT: sqlite3.h as SOCI includes it

std::string Snippet(std::string_view sql) {
  std::string s(sql.substr(0, 80));
  for (char& c : s) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  return sql.size() > 80 ? s + "…" : s;
}

core::Error SqliteError(sqlite3* db, int rc, std::string_view sql) {
  int ext = sqlite3_extended_errcode(db);
  std::string msg = fmt::format("sqlite: {} (in: {})", sqlite3_errmsg(db), Snippet(sql));
  if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return {core::ErrorCode::kAlreadyExists,
            fmt::format("a row with the same unique key already exists ({})", sqlite3_errmsg(db))};
  }
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return {core::ErrorCode::kUnavailable,
              "sqlite: the database stayed locked by another writer for 5 s; retry later"};
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY: return {core::ErrorCode::kUnavailable, msg};
    default: return {core::ErrorCode::kInternal, msg};
  }
}

bool OnlyWhitespace(const char* p) {
  for (; *p != '\0'; ++p) {
    if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r' && *p != ';') return false;
  }
  return true;
}

struct StatementCloser {
  void operator()(sqlite3_stmt* st) const { sqlite3_finalize(st); }
};

// Runs one statement; appends rows to `out` when it is non-null. Returns rows changed.
core::Result<int64_t> Run(sqlite3* db, std::string_view sql, const std::vector<SqlValue>& params,
                          std::vector<Row>* out) {
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &raw, &tail);
  std::unique_ptr<sqlite3_stmt, StatementCloser> st(raw);
  if (rc != SQLITE_OK) return core::Fail(SqliteError(db, rc, sql));
  if (st == nullptr) return core::InvalidArgument("empty SQL statement");
  std::string rest(tail, sql.data() + sql.size() - tail);
  if (!OnlyWhitespace(rest.c_str())) {
    return core::InvalidArgument("one statement per Exec/Query call; use ExecScript for scripts: " +
                                 Snippet(sql));
  }
  int expected = sqlite3_bind_parameter_count(st.get());
  if (expected != static_cast<int>(params.size())) {
    return core::InvalidArgument(fmt::format("statement has {} placeholders but {} parameters: {}",
                                             expected, params.size(), Snippet(sql)));
  }
  for (size_t i = 0; i < params.size(); ++i) {
    int idx = static_cast<int>(i) + 1;
    const SqlValue& p = params[i];
    if (auto* n = std::get_if<int64_t>(&p)) {
      rc = sqlite3_bind_int64(st.get(), idx, *n);
    } else if (auto* d = std::get_if<double>(&p)) {
      rc = sqlite3_bind_double(st.get(), idx, *d);
    } else if (auto* s = std::get_if<std::string>(&p)) {
      rc = sqlite3_bind_text64(st.get(), idx, s->data(), s->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    } else {
      rc = sqlite3_bind_null(st.get(), idx);
    }
    if (rc != SQLITE_OK) return core::Fail(SqliteError(db, rc, sql));
  }
  std::shared_ptr<std::vector<std::string>> names;
  int ncol = sqlite3_column_count(st.get());
  if (out != nullptr && ncol > 0) {
    names = std::make_shared<std::vector<std::string>>();
    for (int c = 0; c < ncol; ++c) {
      const char* n = sqlite3_column_name(st.get(), c);
      names->push_back(n != nullptr ? n : "");
    }
  }
  while (true) {
    rc = sqlite3_step(st.get());
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return core::Fail(SqliteError(db, rc, sql));
    if (out == nullptr) continue;
    std::vector<SqlValue> values;
    values.reserve(ncol);
    for (int c = 0; c < ncol; ++c) {
      switch (sqlite3_column_type(st.get(), c)) {
        case SQLITE_INTEGER: values.emplace_back(int64_t{sqlite3_column_int64(st.get(), c)}); break;
        case SQLITE_FLOAT: values.emplace_back(sqlite3_column_double(st.get(), c)); break;
        case SQLITE_NULL: values.emplace_back(std::monostate{}); break;
        default: {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st.get(), c));
          int len = sqlite3_column_bytes(st.get(), c);
          values.emplace_back(std::string(text != nullptr ? text : "", len));
        }
      }
    }
    out->emplace_back(std::move(values), names);
  }
  return sqlite3_stmt_readonly(st.get()) ? 0 : sqlite3_changes64(db);
}

// One SOCI-opened connection.
struct SqliteConn {
  std::unique_ptr<soci::session> session;
  sqlite3* db = nullptr;
};

class SqliteSession final : public SqlSession {
 public:
  explicit SqliteSession(sqlite3* db) : db_(db) {}
  Dialect dialect() const override { return Dialect::kSqlite; }
  core::Result<int64_t> Exec(std::string_view sql, const std::vector<SqlValue>& params) override {
    return Run(db_, sql, params, nullptr);
  }
  core::Result<std::vector<Row>> Query(std::string_view sql,
                                       const std::vector<SqlValue>& params) override {
    std::vector<Row> rows;
    auto r = Run(db_, sql, params, &rows);
    if (!r) return core::Fail(r.error());
    return rows;
  }
  core::Status ExecScript(std::string_view sql) override {
    std::string text(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      core::Error e = SqliteError(db_, rc, sql);
      sqlite3_free(err);
      return core::Fail(std::move(e));
    }
    return core::Ok();
  }

 private:
  sqlite3* db_;
};

// SOCI does not export the backend's typeinfo, so UBSan's vptr check cannot verify this
// (correct) downcast and would fail to link; the backend type is fixed by factory_sqlite3().
__attribute__((no_sanitize("vptr"))) sqlite3* NativeHandle(soci::session& session) {
  return static_cast<soci::sqlite3_session_backend*>(session.get_backend())->conn_;
}

core::Result<std::unique_ptr<SqliteConn>> Connect(const std::filesystem::path& file,
                                                  SqliteSync sync) {
  auto conn = std::make_unique<SqliteConn>();
  try {
    // SOCI's connect-string parser splits on spaces; quote the path.
    std::string path = file.string();
    std::string quoted;
    for (char c : path) {
      if (c == '"') quoted += '\\';
      quoted += c;
    }
    conn->session = std::make_unique<soci::session>(*soci::factory_sqlite3(),
                                                    "db=\"" + quoted + "\" timeout=5");
    conn->db = NativeHandle(*conn->session);
  } catch (const std::exception& e) {
    return core::Unavailable(
        fmt::format("cannot open SQLite database {}: {}", file.string(), e.what()));
  }
  sqlite3_busy_timeout(conn->db, 5000);
  SqliteSession s(conn->db);
  auto st = s.ExecScript(
      sync == SqliteSync::kFull
          ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
          : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
  if (!st) return core::Fail(st.error());
  return conn;
}

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::filesystem::path file, size_t pool_size, SqliteSync sync)
      : pool_(pool_size, [file, sync] { return Connect(file, sync); }) {}

  core::Status Open() { return pool_.Fill(); }

  Dialect dialect() const override { return Dialect::kSqlite; }

  core::Status Transact(const std::function<core::Status(SqlSession&)>& fn) override {
    std::lock_guard write(write_mu_);
    auto lease = pool_.Acquire();
    if (!lease) return core::Fail(lease.error());
    SqliteSession session((*lease)->db);
    if (auto st = session.Exec("BEGIN IMMEDIATE", {}); !st) return core::Fail(st.error());
    core::Status result;
    try {
      result = fn(session);
    } catch (const std::exception& e) {
      result = core::Internal(std::string("transaction aborted by an exception: ") + e.what());
    } catch (...) {
      result = core::Internal("transaction aborted by an unknown exception");
    }
    if (result) {
      auto commit = session.Exec("COMMIT", {});
      if (commit) return core::Ok();
      result = core::Fail(commit.error());
    }
    if (sqlite3_get_autocommit((*lease)->db) == 0) {
      if (auto rb = session.Exec("ROLLBACK", {}); !rb) lease->MarkBroken();
    }
    return result;
  }

  core::Result<int64_t> Exec(std::string_view sql, const std::vector<SqlValue>& params) override {
    std::lock_guard write(write_mu_);
    auto lease = pool_.Acquire();
    if (!lease) return core::Fail(lease.error());
    return SqliteSession((*lease)->db).Exec(sql, params);
  }

  core::Result<std::vector<Row>> Query(std::string_view sql,
                                       const std::vector<SqlValue>& params) override {
    auto lease = pool_.Acquire();
    if (!lease) return core::Fail(lease.error());
    return SqliteSession((*lease)->db).Query(sql, params);
  }

  core::Status Ping() override {
    auto r = Query("SELECT 1", {});
    if (!r) return core::Unavailable("sqlite: " + r.error().message);
    return core::Ok();
  }

 private:
  std::mutex write_mu_;  // serialises writers of this process; held for a whole transaction
  internal::ConnectionPool<SqliteConn> pool_;
};

}  // namespace

core::Result<std::unique_ptr<Database>> OpenSqliteDatabase(const std::filesystem::path& file,
                                                           size_t pool_size, SqliteSync sync) {
  std::error_code ec;
  if (file.has_parent_path()) {
    std::filesystem::create_directories(file.parent_path(), ec);
    if (ec) {
      return core::Unavailable(fmt::format("cannot create the data folder {}: {}",
                                           file.parent_path().string(), ec.message()));
    }
  }
  auto db = std::make_unique<SqliteDatabase>(file, pool_size, sync);
  if (auto st = db->Open(); !st) return core::Fail(st.error());
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace leados::store
