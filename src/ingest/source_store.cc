#include "ingest/source_store.h"

#include <fmt/format.h>

#include <map>
#include <set>

namespace leados::ingest {
namespace {

namespace json = core::json;
using store::Row;
using store::SqlValue;

constexpr std::string_view kColumns =
    "id, kind, name, settings_json, interval_seconds, enabled, origin, created_at, updated_at, "
    "cursor_json, etag, last_modified, last_attempt_at, last_success_at, last_error_kind, "
    "last_error_message, last_error_at, consecutive_failures, alerted_at, next_run_at, "
    "signals_total";

SqlValue OptValue(const std::optional<int64_t>& v) {
  return v ? SqlValue(*v) : SqlValue(std::monostate{});
}

json::object ParseObjectOrEmpty(const std::string& text) {
  auto o = core::ParseJsonObject(text);
  return o ? std::move(*o) : json::object{};
}

Source FromRow(const Row& r) {
  Source s;
  s.id = r.Text(0);
  s.spec.type = ParseSourceType(r.Text(1)).value_or(SourceType::kFeed);
  s.spec.name = r.Text(2);
  s.spec.settings = ParseObjectOrEmpty(r.Text(3));
  s.spec.interval_seconds = r.Int(4);
  s.spec.enabled = r.Int(5) != 0;
  s.origin = r.Text(6) == "config" ? SourceOrigin::kConfig : SourceOrigin::kApi;
  s.created_at_ms = r.Int(7);
  s.updated_at_ms = r.Int(8);
  s.state.cursor = ParseObjectOrEmpty(r.Text(9));
  s.state.validators = {r.Text(10), r.Text(11)};
  s.state.last_attempt_at_ms = r.OptInt(12);
  s.state.last_success_at_ms = r.OptInt(13);
  s.state.last_error_kind = r.OptText(14);
  s.state.last_error_message = r.OptText(15);
  s.state.last_error_at_ms = r.OptInt(16);
  s.state.consecutive_failures = r.Int(17);
  s.state.alerted_at_ms = r.OptInt(18);
  s.state.next_run_at_ms = r.Int(19);
  s.state.signals_total = r.Int(20);
  return s;
}

std::unexpected<core::Error> NoSuchSource(std::string_view id) {
  return core::NotFound(fmt::format("no source {}", id));
}

std::unexpected<core::Error> NameTaken(std::string_view name) {
  return core::Fail(
      core::ErrorCode::kAlreadyExists,
      fmt::format("name: a source called '{}' exists already; choose another name", name));
}

std::unexpected<core::Error> ReadOnly(const Source& s) {
  return core::Fail(core::ErrorCode::kFailedPrecondition,
                    fmt::format("source {} ('{}') is defined in the configuration file "
                                "(ingest.sources_file); change it there and restart",
                                s.id, s.spec.name));
}

core::Status Insert(store::SqlSession& tx, const Source& s) {
  auto r = tx.Exec(
      "INSERT INTO sources (id, kind, name, settings_json, interval_seconds, enabled, origin, "
      "created_at, updated_at, cursor_json, etag, last_modified, consecutive_failures, "
      "next_run_at, signals_total) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', '', '', 0, ?, 0)",
      {s.id, std::string(SourceTypeName(s.spec.type)), s.spec.name, core::ToJson(s.spec.settings),
       s.spec.interval_seconds, int64_t{s.spec.enabled ? 1 : 0},
       std::string(SourceOriginName(s.origin)), s.created_at_ms, s.updated_at_ms,
       s.state.next_run_at_ms});
  if (!r) {
    if (r.error().code == core::ErrorCode::kAlreadyExists) return NameTaken(s.spec.name);
    return core::Fail(r.error());
  }
  return core::Ok();
}

// Writes the definition columns of `s`; `reset` also clears the cursor and validators.
core::Status WriteSpec(store::SqlSession& tx, const Source& s, bool reset) {
  auto r =
      tx.Exec(fmt::format("UPDATE sources SET name = ?, settings_json = ?, interval_seconds = ?, "
                          "enabled = ?, updated_at = ?{} WHERE id = ?",
                          reset ? ", cursor_json = '{}', etag = '', last_modified = ''" : ""),
              {s.spec.name, core::ToJson(s.spec.settings), s.spec.interval_seconds,
               int64_t{s.spec.enabled ? 1 : 0}, s.updated_at_ms, s.id});
  if (!r) {
    if (r.error().code == core::ErrorCode::kAlreadyExists) return NameTaken(s.spec.name);
    return core::Fail(r.error());
  }
  if (*r == 0) return NoSuchSource(s.id);
  return core::Ok();
}

}  // namespace

SourceStore::SourceStore(store::Database& db, const core::Clock& clock)
    : db_(db), clock_(clock), ids_(clock) {}

core::Result<std::vector<Source>> SourceStore::Select(std::string_view where,
                                                      const std::vector<SqlValue>& params) {
  auto rows = db_.Query(fmt::format("SELECT {} FROM sources {}", kColumns, where), params);
  if (!rows) return core::Fail(rows.error());
  std::vector<Source> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(FromRow(r));
  return out;
}

core::Result<Source> SourceStore::Create(SourceSpec spec, SourceOrigin origin) {
  auto valid = ValidateSourceSpec(std::move(spec), origin);
  if (!valid) return core::Fail(valid.error());
  Source s;
  s.id = ids_.NewId("src");
  s.spec = std::move(*valid);
  s.origin = origin;
  s.created_at_ms = s.updated_at_ms = clock_.NowUnixMillis();
  s.state.next_run_at_ms = s.created_at_ms;
  auto st = db_.Transact([&](store::SqlSession& tx) { return Insert(tx, s); });
  if (!st) return core::Fail(st.error());
  return s;
}

core::Result<Source> SourceStore::Get(std::string_view id) {
  auto found = Select("WHERE id = ?", {std::string(id)});
  if (!found) return core::Fail(found.error());
  if (found->empty()) return NoSuchSource(id);
  return std::move(found->front());
}

core::Result<std::vector<Source>> SourceStore::List() {
  return Select("ORDER BY id", {});
}

core::Result<Source> SourceStore::Update(std::string_view id, const SourcePatch& patch) {
  auto current = Get(id);
  if (!current) return core::Fail(current.error());
  Source s = std::move(*current);
  if (s.origin == SourceOrigin::kConfig) return ReadOnly(s);
  SourceSpec spec = s.spec;
  if (patch.name) spec.name = *patch.name;
  if (patch.settings) spec.settings = *patch.settings;
  if (patch.interval_seconds) spec.interval_seconds = *patch.interval_seconds;
  if (patch.enabled) spec.enabled = *patch.enabled;
  if (patch.interval_seconds && *patch.interval_seconds == 0) {
    return core::InvalidArgument(fmt::format("interval_seconds: must be from {} to {}, got 0",
                                             kMinIntervalSeconds, kMaxIntervalSeconds));
  }
  auto valid = ValidateSourceSpec(std::move(spec), s.origin);
  if (!valid) return core::Fail(valid.error());
  const bool reset = patch.settings && *patch.settings != s.spec.settings;
  s.spec = std::move(*valid);
  s.updated_at_ms = clock_.NowUnixMillis();
  auto st = db_.Transact([&](store::SqlSession& tx) { return WriteSpec(tx, s, reset); });
  if (!st) return core::Fail(st.error());
  return Get(id);
}

core::Status SourceStore::Delete(std::string_view id) {
  auto current = Get(id);
  if (!current) return core::Fail(current.error());
  if (current->origin == SourceOrigin::kConfig) return ReadOnly(*current);
  auto r = db_.Exec("DELETE FROM sources WHERE id = ? AND origin = 'api'", {std::string(id)});
  if (!r) return core::Fail(r.error());
  if (*r == 0) return NoSuchSource(id);
  return core::Ok();
}

Source SourceStore::NewConfigSource(const SourceSpec& spec, int64_t now_ms) {
  Source s;
  s.id = ids_.NewId("src");
  s.spec = spec;
  s.origin = SourceOrigin::kConfig;
  s.created_at_ms = s.updated_at_ms = s.state.next_run_at_ms = now_ms;
  return s;
}

core::Result<SyncReport> SourceStore::SyncConfig(const std::vector<SourceSpec>& specs) {
  std::vector<SourceSpec> valid;
  std::set<std::string> names;
  for (const auto& spec : specs) {
    auto v = ValidateSourceSpec(spec, SourceOrigin::kConfig);
    if (!v) {
      return core::InvalidArgument(fmt::format("source '{}': {}", spec.name, v.error().message));
    }
    if (!names.insert(v->name).second) {
      return core::InvalidArgument(
          fmt::format("source '{}': the name is used twice in the file", spec.name));
    }
    valid.push_back(std::move(*v));
  }
  SyncReport report;
  const int64_t now = clock_.NowUnixMillis();
  auto st = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto rows = tx.Query(fmt::format("SELECT {} FROM sources", kColumns));
    if (!rows) return core::Fail(rows.error());
    std::map<std::string, Source> by_name;
    for (const auto& r : *rows) {
      Source s = FromRow(r);
      by_name.emplace(s.spec.name, std::move(s));
    }
    for (auto& spec : valid) {
      auto it = by_name.find(spec.name);
      if (it == by_name.end()) {
        if (auto ins = Insert(tx, NewConfigSource(spec, now)); !ins) return ins;
        ++report.created;
        continue;
      }
      Source& s = it->second;
      if (s.origin != SourceOrigin::kConfig) {
        return core::Fail(core::ErrorCode::kAlreadyExists,
                          fmt::format("source '{}': a source created over the API has this name; "
                                      "rename one of them",
                                      spec.name));
      }
      if (s.spec.type != spec.type) {
        // Another kind under the same name is another source: start it over.
        auto del = tx.Exec("DELETE FROM sources WHERE id = ?", {s.id});
        if (!del) return core::Fail(del.error());
        if (auto ins = Insert(tx, NewConfigSource(spec, now)); !ins) return ins;
        ++report.updated;
      } else if (s.spec.settings != spec.settings ||
                 s.spec.interval_seconds != spec.interval_seconds ||
                 s.spec.enabled != spec.enabled) {
        const bool reset = s.spec.settings != spec.settings;
        s.spec = spec;
        s.updated_at_ms = now;
        if (auto w = WriteSpec(tx, s, reset); !w) return w;
        ++report.updated;
      }
      by_name.erase(it);
    }
    for (const auto& [name, s] : by_name) {
      if (s.origin != SourceOrigin::kConfig) continue;
      auto del = tx.Exec("DELETE FROM sources WHERE id = ?", {s.id});
      if (!del) return core::Fail(del.error());
      ++report.removed;
    }
    return core::Ok();
  });
  if (!st) return core::Fail(st.error());
  return report;
}

core::Result<std::vector<Source>> SourceStore::Due(int64_t now_ms, int limit) {
  return Select(fmt::format("WHERE enabled = 1 AND next_run_at <= ? AND (lease_until IS NULL OR "
                            "lease_until <= ?) ORDER BY next_run_at, id LIMIT {}",
                            limit),
                {now_ms, now_ms});
}

core::Result<bool> SourceStore::TryLease(std::string_view id, std::string_view owner,
                                         int64_t now_ms, int64_t until_ms) {
  auto r = db_.Exec(
      "UPDATE sources SET lease_owner = ?, lease_until = ? WHERE id = ? AND "
      "(lease_until IS NULL OR lease_until <= ?)",
      {std::string(owner), until_ms, std::string(id), now_ms});
  if (!r) return core::Fail(r.error());
  if (*r == 1) return true;
  auto exists = db_.Query("SELECT 1 FROM sources WHERE id = ?", {std::string(id)});
  if (!exists) return core::Fail(exists.error());
  if (exists->empty()) return NoSuchSource(id);
  return false;
}

core::Status SourceStore::RecordRun(std::string_view id, std::string_view owner,
                                    const RunRecord& rec) {
  core::Result<int64_t> r;
  if (rec.success) {
    r = db_.Exec(
        "UPDATE sources SET "
        "cursor_json = CASE WHEN settings_json = ? THEN ? ELSE cursor_json END, "
        "etag = CASE WHEN settings_json = ? THEN ? ELSE etag END, "
        "last_modified = CASE WHEN settings_json = ? THEN ? ELSE last_modified END, "
        "last_attempt_at = ?, last_success_at = ?, consecutive_failures = 0, alerted_at = NULL, "
        "next_run_at = ?, signals_total = signals_total + ?, lease_owner = NULL, "
        "lease_until = NULL WHERE id = ? AND lease_owner = ?",
        {rec.settings_json, core::ToJson(rec.cursor), rec.settings_json, rec.validators.etag,
         rec.settings_json, rec.validators.last_modified, rec.attempt_at_ms, rec.attempt_at_ms,
         rec.next_run_at_ms, rec.new_signals, std::string(id), std::string(owner)});
  } else {
    r = db_.Exec(
        "UPDATE sources SET last_attempt_at = ?, last_error_kind = ?, last_error_message = ?, "
        "last_error_at = ?, consecutive_failures = consecutive_failures + 1, "
        "alerted_at = COALESCE(alerted_at, ?), next_run_at = ?, lease_owner = NULL, "
        "lease_until = NULL WHERE id = ? AND lease_owner = ?",
        {rec.attempt_at_ms, rec.error_kind, rec.error_message, rec.attempt_at_ms,
         OptValue(rec.alerted_at_ms), rec.next_run_at_ms, std::string(id), std::string(owner)});
  }
  if (!r) return core::Fail(r.error());
  if (*r == 0) return NoSuchSource(id);
  return core::Ok();
}

core::Status SourceStore::MakeDue(std::string_view id) {
  auto r = db_.Exec("UPDATE sources SET next_run_at = ? WHERE id = ?",
                    {clock_.NowUnixMillis(), std::string(id)});
  if (!r) return core::Fail(r.error());
  if (*r == 0) return NoSuchSource(id);
  return core::Ok();
}

}  // namespace leados::ingest
