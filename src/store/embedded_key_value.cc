#include "store/embedded_key_value.h"

#include <algorithm>
#include <charconv>
#include <limits>

#include "store/migrations_internal.h"
#include "store/token_bucket.h"

namespace leados::store {
namespace {

SqlValue ExpiresAt(const core::Clock& clock, std::optional<int64_t> ttl_ms) {
  if (!ttl_ms) return std::monostate{};
  return clock.NowUnixMillis() + *ttl_ms;
}

core::Result<std::optional<int64_t>> TtlArg(std::optional<core::Duration> ttl) {
  if (!ttl) return std::optional<int64_t>();
  auto ms = internal::TtlMillis(*ttl);
  if (!ms) return core::Fail(ms.error());
  return std::optional<int64_t>(*ms);
}

// The smallest string greater than every string that starts with `prefix`, or nullopt.
std::optional<std::string> PrefixEnd(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty()) {
    auto& last = reinterpret_cast<unsigned char&>(end.back());
    if (last != 0xff) {
      ++last;
      return end;
    }
    end.pop_back();
  }
  return std::nullopt;
}

}  // namespace

namespace internal {
core::Result<std::unique_ptr<Database>> OpenKvFile(const std::filesystem::path& path,
                                                   const core::Clock& clock) {
  // Payloads, fingerprints and queued messages: Redis-like durability (SqliteSync::kNormal).
  auto db = OpenSqliteDatabase(path, 4, SqliteSync::kNormal);
  if (!db) return core::Fail(db.error());
  auto set = EmbeddedKvMigrations();
  if (!set) return core::Fail(set.error());
  auto applied = ApplyMigrations(**db, clock, *set);
  if (!applied) return core::Fail(applied.error());
  return std::move(*db);
}
}  // namespace internal

EmbeddedKeyValue::EmbeddedKeyValue(std::unique_ptr<Database> db, const core::Clock& clock)
    : db_(std::move(db)), clock_(clock) {}

core::Result<std::optional<std::string>> EmbeddedKeyValue::Get(std::string_view key) {
  if (auto st = internal::CheckKey(key); !st) return core::Fail(st.error());
  auto rows = db_->Query(
      "SELECT value FROM kv_entries WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)",
      {std::string(key), clock_.NowUnixMillis()});
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return std::optional<std::string>();
  return std::optional<std::string>((*rows)[0].Text(0));
}

core::Status EmbeddedKeyValue::Put(std::string_view key, std::string_view value,
                                   std::optional<core::Duration> ttl) {
  if (auto st = internal::CheckKey(key); !st) return st;
  auto ttl_ms = TtlArg(ttl);
  if (!ttl_ms) return core::Fail(ttl_ms.error());
  auto r = db_->Exec(
      "INSERT INTO kv_entries (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO "
      "UPDATE SET value = excluded.value, expires_at = excluded.expires_at",
      {std::string(key), std::string(value), ExpiresAt(clock_, *ttl_ms)});
  if (!r) return core::Fail(r.error());
  return core::Ok();
}

core::Result<bool> EmbeddedKeyValue::PutIfAbsent(std::string_view key, std::string_view value,
                                                 std::optional<core::Duration> ttl) {
  if (auto st = internal::CheckKey(key); !st) return core::Fail(st.error());
  auto ttl_ms = TtlArg(ttl);
  if (!ttl_ms) return core::Fail(ttl_ms.error());
  // Inserts, or replaces an expired row; a live row makes the WHERE false and changes nothing.
  int64_t now = clock_.NowUnixMillis();
  auto r = db_->Exec(
      "INSERT INTO kv_entries (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO "
      "UPDATE SET value = excluded.value, expires_at = excluded.expires_at "
      "WHERE kv_entries.expires_at IS NOT NULL AND kv_entries.expires_at <= ?",
      {std::string(key), std::string(value), ExpiresAt(clock_, *ttl_ms), now});
  if (!r) return core::Fail(r.error());
  return *r == 1;
}

core::Result<bool> EmbeddedKeyValue::Delete(std::string_view key) {
  if (auto st = internal::CheckKey(key); !st) return core::Fail(st.error());
  bool existed = false;
  auto st = db_->Transact([&](SqlSession& s) -> core::Status {
    auto rows =
        s.Query("DELETE FROM kv_entries WHERE key = ? RETURNING expires_at", {std::string(key)});
    if (!rows) return core::Fail(rows.error());
    existed =
        !rows->empty() && ((*rows)[0].IsNull(0) || (*rows)[0].Int(0) > clock_.NowUnixMillis());
    return core::Ok();
  });
  if (!st) return core::Fail(st.error());
  return existed;
}

core::Result<std::vector<std::pair<std::string, std::string>>> EmbeddedKeyValue::ScanPrefix(
    std::string_view prefix, size_t limit) {
  std::vector<std::pair<std::string, std::string>> out;
  if (limit == 0) return out;
  std::string sql =
      "SELECT key, value FROM kv_entries WHERE key >= ? AND (expires_at IS NULL OR expires_at > ?)";
  std::vector<SqlValue> params{std::string(prefix), clock_.NowUnixMillis()};
  if (auto end = PrefixEnd(prefix)) {
    sql += " AND key < ?";
    params.emplace_back(*end);
  }
  sql += " ORDER BY key LIMIT ?";
  params.emplace_back(
      static_cast<int64_t>(std::min<size_t>(limit, std::numeric_limits<int64_t>::max())));
  auto rows = db_->Query(sql, params);
  if (!rows) return core::Fail(rows.error());
  for (const Row& r : *rows) out.emplace_back(r.Text(0), r.Text(1));
  return out;
}

core::Result<int64_t> EmbeddedKeyValue::Increment(std::string_view key, int64_t by,
                                                  std::optional<core::Duration> ttl_if_created) {
  if (auto st = internal::CheckKey(key); !st) return core::Fail(st.error());
  auto ttl_ms = TtlArg(ttl_if_created);
  if (!ttl_ms) return core::Fail(ttl_ms.error());
  int64_t result = 0;
  auto st = db_->Transact([&](SqlSession& s) -> core::Status {
    int64_t now = clock_.NowUnixMillis();
    auto rows = s.Query(
        "SELECT value, expires_at FROM kv_entries WHERE key = ? AND "
        "(expires_at IS NULL OR expires_at > ?)",
        {std::string(key), now});
    if (!rows) return core::Fail(rows.error());
    int64_t current = 0;
    SqlValue expires = ExpiresAt(clock_, *ttl_ms);
    if (!rows->empty()) {
      std::string text = (*rows)[0].Text(0);
      auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), current);
      if (ec != std::errc() || ptr != text.data() + text.size()) {
        return core::Fail(core::ErrorCode::kFailedPrecondition,
                          "the value at this key is not an integer, so it cannot be incremented");
      }
      expires = (*rows)[0].Value(1);
    }
    if (__builtin_add_overflow(current, by, &result)) {
      return core::Fail(core::ErrorCode::kFailedPrecondition, "the increment would overflow");
    }
    auto w = s.Exec(
        "INSERT INTO kv_entries (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO "
        "UPDATE SET value = excluded.value, expires_at = excluded.expires_at",
        {std::string(key), std::to_string(result), expires});
    if (!w) return core::Fail(w.error());
    return core::Ok();
  });
  if (!st) return core::Fail(st.error());
  return result;
}

core::Result<TokenBucketResult> EmbeddedKeyValue::TakeTokens(std::string_view key, int64_t cost,
                                                             double rate_per_second, int64_t burst,
                                                             core::TimePoint now) {
  auto now_ms = internal::TakeTokensArgs(key, cost, rate_per_second, burst, now);
  if (!now_ms) return core::Fail(now_ms.error());
  TokenBucketResult result;
  // One BEGIN IMMEDIATE transaction: read, decide, write — no other writer in between, in this
  // process or another one on the same file.
  auto st = db_->Transact([&](SqlSession& s) -> core::Status {
    const int64_t clock_now = clock_.NowUnixMillis();
    auto rows = s.Query(
        "SELECT value FROM kv_entries WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)",
        {std::string(key), clock_now});
    if (!rows) return core::Fail(rows.error());
    std::optional<std::string> state;
    if (!rows->empty()) state = (*rows)[0].Text(0);
    auto step = internal::StepTokenBucket(state, cost, rate_per_second, burst, *now_ms);
    if (!step) return core::Fail(step.error());
    auto w = s.Exec(
        "INSERT INTO kv_entries (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO "
        "UPDATE SET value = excluded.value, expires_at = excluded.expires_at",
        {std::string(key), step->state, clock_now + step->ttl_ms});
    if (!w) return core::Fail(w.error());
    result = step->result;
    return core::Ok();
  });
  if (!st) return core::Fail(st.error());
  return result;
}

core::Result<std::optional<core::Duration>> EmbeddedKeyValue::Ttl(std::string_view key) {
  if (auto st = internal::CheckKey(key); !st) return core::Fail(st.error());
  int64_t now = clock_.NowUnixMillis();
  auto rows = db_->Query(
      "SELECT expires_at FROM kv_entries WHERE key = ? AND expires_at IS NOT NULL AND "
      "expires_at > ?",
      {std::string(key), now});
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return std::optional<core::Duration>();
  return std::optional<core::Duration>(std::chrono::milliseconds((*rows)[0].Int(0) - now));
}

core::Status EmbeddedKeyValue::Ping() {
  return db_->Ping();
}

core::Result<int64_t> EmbeddedKeyValue::SweepExpired(size_t batch) {
  if (batch == 0) batch = 1;
  int64_t total = 0;
  while (true) {
    auto n = db_->Exec(
        "DELETE FROM kv_entries WHERE key IN (SELECT key FROM kv_entries WHERE expires_at <= ? "
        "LIMIT ?)",
        {clock_.NowUnixMillis(), static_cast<int64_t>(batch)});
    if (!n) return core::Fail(n.error());
    total += *n;
    if (*n < static_cast<int64_t>(batch)) return total;
  }
}

core::Result<std::unique_ptr<EmbeddedKeyValue>> OpenEmbeddedKeyValue(
    const std::filesystem::path& path, const core::Clock& clock) {
  auto db = internal::OpenKvFile(path, clock);
  if (!db) return core::Fail(db.error());
  return std::make_unique<EmbeddedKeyValue>(std::move(*db), clock);
}

}  // namespace leados::store
