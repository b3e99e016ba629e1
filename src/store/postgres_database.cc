// PostgreSQL backend over SOCI: a pool of soci::session, `?` rewritten to SOCI's `:pN`, SOCI
// exceptions turned into core::Error here and nowhere else.

#include <fmt/format.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <cctype>
#include <ctime>
#include <deque>
#include <exception>
#include <string_view>

#include "store/connection_pool.h"
#include "store/database.h"
#include "store/sql_placeholders.h"

namespace leados::store {
namespace {

constexpr int kMaxTransactionAttempts = 5;

std::string Snippet(std::string_view sql) {
  std::string s(sql.substr(0, 80));
  for (char& c : s) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  return sql.size() > 80 ? s + "…" : s;
}

// A serialization failure or deadlock: the transaction may succeed when run again.
bool IsRetryable(std::string_view sqlstate) {
  return sqlstate == "40001" || sqlstate == "40P01";
}

core::Error ErrorFromSqlState(std::string_view sqlstate, std::string_view message,
                              std::string_view sql) {
  std::string msg(message);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  if (sqlstate == "23505") {
    return {core::ErrorCode::kAlreadyExists,
            fmt::format("a row with the same unique key already exists ({})", msg)};
  }
  if (sqlstate.starts_with("08") || sqlstate == "57P01" || sqlstate == "57P02" ||
      sqlstate == "57P03" || sqlstate == "53300") {
    return {core::ErrorCode::kUnavailable, "postgres unavailable: " + msg};
  }
  if (IsRetryable(sqlstate)) {
    return {core::ErrorCode::kConflict,
            fmt::format("postgres: concurrent update, retry ({}; SQLSTATE {})", msg, sqlstate)};
  }
  return {core::ErrorCode::kInternal,
          fmt::format("postgres: {} (SQLSTATE {}; in: {})", msg, sqlstate, Snippet(sql))};
}

// SOCI does not export the backend's typeinfo, so UBSan's vptr check cannot verify this
// (correct) downcast and would fail to link; the backend type is fixed by factory_postgresql().
__attribute__((no_sanitize("vptr"))) PGconn* NativeHandle(soci::session& session) {
  return static_cast<soci::postgresql_session_backend*>(session.get_backend())->conn_;
}

struct PgConn {
  std::unique_ptr<soci::session> session;
  PGconn* native() const { return NativeHandle(*session); }
  bool Broken() const { return PQstatus(native()) != CONNECTION_OK; }
};

class PgSession final : public SqlSession {
 public:
  explicit PgSession(PgConn& conn) : conn_(conn) {}
  Dialect dialect() const override { return Dialect::kPostgres; }

  core::Result<int64_t> Exec(std::string_view sql, const std::vector<SqlValue>& params) override {
    return Run(sql, params, nullptr);
  }
  core::Result<std::vector<Row>> Query(std::string_view sql,
                                       const std::vector<SqlValue>& params) override {
    std::vector<Row> rows;
    auto r = Run(sql, params, &rows);
    if (!r) return core::Fail(r.error());
    return rows;
  }
  core::Status ExecScript(std::string_view sql) override {
    std::string text(sql);
    PGresult* res = PQexec(conn_.native(), text.c_str());
    ExecStatusType status = res != nullptr ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    core::Status out;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      const char* state = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
      std::string_view sqlstate = state != nullptr ? state : (conn_.Broken() ? "08006" : "XX000");
      retryable_failure_ = retryable_failure_ || IsRetryable(sqlstate);
      out = core::Fail(ErrorFromSqlState(sqlstate, PQerrorMessage(conn_.native()), sql));
    }
    PQclear(res);
    return out;
  }

  bool retryable_failure() const { return retryable_failure_; }

 private:
  core::Result<int64_t> Run(std::string_view sql, const std::vector<SqlValue>& params,
                            std::vector<Row>* out) {
    internal::RewrittenSql rewritten = internal::RewritePlaceholders(sql);
    if (rewritten.placeholders != params.size()) {
      return core::InvalidArgument(
          fmt::format("statement has {} placeholders but {} parameters: {}", rewritten.placeholders,
                      params.size(), Snippet(sql)));
    }
    try {
      // SOCI binds by reference: keep every bound value alive until the statement is done.
      std::deque<long long> ints;
      std::deque<double> reals;
      std::deque<std::string> texts;
      std::deque<soci::indicator> inds;
      soci::statement st(*conn_.session);
      st.alloc();
      st.prepare(rewritten.sql, soci::details::st_one_time_query);
      soci::row row;
      if (out != nullptr) st.exchange(soci::into(row));
      for (const SqlValue& p : params) {
        if (auto* n = std::get_if<int64_t>(&p)) {
          st.exchange(soci::use(ints.emplace_back(*n), inds.emplace_back(soci::i_ok)));
        } else if (auto* d = std::get_if<double>(&p)) {
          st.exchange(soci::use(reals.emplace_back(*d), inds.emplace_back(soci::i_ok)));
        } else if (auto* s = std::get_if<std::string>(&p)) {
          st.exchange(soci::use(texts.emplace_back(*s), inds.emplace_back(soci::i_ok)));
        } else {
          st.exchange(soci::use(texts.emplace_back(), inds.emplace_back(soci::i_null)));
        }
      }
      st.define_and_bind();
      bool got = st.execute(true);
      if (out != nullptr) {
        std::shared_ptr<std::vector<std::string>> names;
        while (got) {
          if (!names) {
            names = std::make_shared<std::vector<std::string>>();
            for (size_t i = 0; i < row.size(); ++i)
              names->push_back(row.get_properties(i).get_name());
          }
          out->push_back(Convert(row, names));
          got = st.fetch();
        }
        return 0;
      }
      return st.get_affected_rows();
    } catch (const soci::postgresql_soci_error& e) {
      std::string state = e.sqlstate();
      if (conn_.Broken()) state = "08006";
      retryable_failure_ = retryable_failure_ || IsRetryable(state);
      return core::Fail(ErrorFromSqlState(state, e.get_error_message(), sql));
    } catch (const soci::soci_error& e) {
      if (conn_.Broken() || e.get_error_category() == soci::soci_error::connection_error) {
        return core::Unavailable("postgres unavailable: " + e.get_error_message());
      }
      return core::Internal(
          fmt::format("postgres: {} (in: {})", e.get_error_message(), Snippet(sql)));
    } catch (const std::exception& e) {
      return core::Internal(fmt::format("postgres: {} (in: {})", e.what(), Snippet(sql)));
    }
  }

  static Row Convert(const soci::row& row, const std::shared_ptr<std::vector<std::string>>& names) {
    std::vector<SqlValue> values;
    values.reserve(row.size());
    for (size_t i = 0; i < row.size(); ++i) {
      if (row.get_indicator(i) == soci::i_null) {
        values.emplace_back(std::monostate{});
        continue;
      }
      switch (row.get_properties(i).get_data_type()) {
        case soci::dt_integer: values.emplace_back(int64_t{row.get<int>(i)}); break;
        case soci::dt_long_long: values.emplace_back(int64_t{row.get<long long>(i)}); break;
        case soci::dt_unsigned_long_long:
          values.emplace_back(static_cast<int64_t>(row.get<unsigned long long>(i)));
          break;
        case soci::dt_double: values.emplace_back(row.get<double>(i)); break;
        case soci::dt_date: {
          std::tm tm = row.get<std::tm>(i);
          char buf[32];
          std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
          values.emplace_back(std::string(buf));
          break;
        }
        default: values.emplace_back(row.get<std::string>(i));
      }
    }
    return Row(std::move(values), names);
  }

  PgConn& conn_;
  bool retryable_failure_ = false;
};

core::Result<std::unique_ptr<PgConn>> Connect(const std::string& conninfo) {
  auto conn = std::make_unique<PgConn>();
  try {
    conn->session = std::make_unique<soci::session>(*soci::factory_postgresql(), conninfo);
  } catch (const std::exception& e) {
    std::string msg = e.what();
    while (!msg.empty() && msg.back() == '\n') msg.pop_back();
    return core::Unavailable("cannot connect to PostgreSQL: " + msg);
  }
  return conn;
}

class PostgresDatabase final : public Database {
 public:
  PostgresDatabase(std::string conninfo, size_t pool_size)
      : pool_(pool_size, [conninfo] { return Connect(conninfo); }) {}

  core::Status Open() { return pool_.Fill(); }

  Dialect dialect() const override { return Dialect::kPostgres; }

  core::Status Transact(const std::function<core::Status(SqlSession&)>& fn) override {
    core::Status result;
    for (int attempt = 1; attempt <= kMaxTransactionAttempts; ++attempt) {
      auto lease = pool_.Acquire();
      if (!lease) return core::Fail(lease.error());
      PgSession session(**lease);
      if (auto st = session.ExecScript("BEGIN ISOLATION LEVEL READ COMMITTED"); !st) {
        // A pooled connection the server closed while idle: replace it and start again.
        if ((*lease)->Broken()) {
          lease->MarkBroken();
          if (attempt < kMaxTransactionAttempts) continue;
        }
        return st;
      }
      try {
        result = fn(session);
      } catch (const std::exception& e) {
        result = core::Internal(std::string("transaction aborted by an exception: ") + e.what());
      } catch (...) {
        result = core::Internal("transaction aborted by an unknown exception");
      }
      if (result) {
        result = session.ExecScript("COMMIT");
        if (result) return result;
      }
      if (!(*lease)->Broken()) (void)session.ExecScript("ROLLBACK");
      if ((*lease)->Broken()) lease->MarkBroken();
      if (!session.retryable_failure()) return result;
    }
    return result;
  }

  core::Result<int64_t> Exec(std::string_view sql, const std::vector<SqlValue>& params) override {
    auto lease = pool_.Acquire();
    if (!lease) return core::Fail(lease.error());
    auto r = PgSession(**lease).Exec(sql, params);
    if ((*lease)->Broken()) lease->MarkBroken();
    return r;
  }

  core::Result<std::vector<Row>> Query(std::string_view sql,
                                       const std::vector<SqlValue>& params) override {
    auto lease = pool_.Acquire();
    if (!lease) return core::Fail(lease.error());
    auto r = PgSession(**lease).Query(sql, params);
    if ((*lease)->Broken()) lease->MarkBroken();
    return r;
  }

  core::Status Ping() override {
    auto r = Query("SELECT 1", {});
    if (!r) return core::Unavailable(r.error().message);
    return core::Ok();
  }

 private:
  internal::ConnectionPool<PgConn> pool_;
};

// SOCI rewrites its connect string token by token ("k=v" pairs, to pick out its own options)
// and turns a bare URI into "<uri>=", which libpq then reads as a database name ending in '='.
// So a postgresql:// URI is handed over as the keyword form libpq would read it as:
// postgresql://[user[:password]@][host][:port][/dbname][?key=value&…], percent-decoded.
std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string KeywordValue(std::string_view key, std::string_view raw) {
  std::string v = "'";
  for (char c : PercentDecode(raw)) {
    if (c == '\\' || c == '\'') v += '\\';
    v += c;
  }
  return std::string(key) + "=" + v + "' ";
}

std::string UriToConninfo(const std::string& conninfo) {
  std::string_view rest = conninfo;
  for (std::string_view scheme : {"postgresql://", "postgres://"}) {
    if (rest.starts_with(scheme)) {
      rest.remove_prefix(scheme.size());
      std::string out;
      std::string_view query;
      if (auto q = rest.find('?'); q != std::string_view::npos) {
        query = rest.substr(q + 1);
        rest = rest.substr(0, q);
      }
      std::string_view path;
      if (auto slash = rest.find('/'); slash != std::string_view::npos) {
        path = rest.substr(slash + 1);
        rest = rest.substr(0, slash);
      }
      if (auto at = rest.rfind('@'); at != std::string_view::npos) {
        std::string_view user = rest.substr(0, at);
        rest = rest.substr(at + 1);
        if (auto colon = user.find(':'); colon != std::string_view::npos) {
          out += KeywordValue("password", user.substr(colon + 1));
          user = user.substr(0, colon);
        }
        if (!user.empty()) out += KeywordValue("user", user);
      }
      std::string_view host = rest, port;
      if (auto colon = rest.rfind(':');
          colon != std::string_view::npos && rest.find(']', colon) == std::string_view::npos) {
        host = rest.substr(0, colon);
        port = rest.substr(colon + 1);
      }
      if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
      }
      if (!host.empty()) out += KeywordValue("host", host);
      if (!port.empty()) out += KeywordValue("port", port);
      if (!path.empty()) out += KeywordValue("dbname", path);
      while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        if (auto eq = pair.find('='); eq != std::string_view::npos) {
          out += KeywordValue(pair.substr(0, eq), pair.substr(eq + 1));
        }
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
      }
      if (!out.empty()) out.pop_back();
      return out;
    }
  }
  return conninfo;
}

}  // namespace

core::Result<std::unique_ptr<Database>> OpenPostgresDatabase(const std::string& conninfo,
                                                             size_t pool_size) {
  auto db = std::make_unique<PostgresDatabase>(UriToConninfo(conninfo), pool_size);
  if (auto st = db->Open(); !st) return core::Fail(st.error());
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace leados::store
