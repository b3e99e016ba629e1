#pragma once
// SourceStore: the `sources` table (migration 0040_sources.sql) — the admins' source
// definitions and the scheduler's run state of each. No personal data is written here.
//
// Two origins: sources created over the API (changeable over the API) and sources from the
// configuration file (SyncConfig at start; the API refuses to change or delete them with
// kFailedPrecondition, because the next start would undo the change).
//
// Runs are serialised per source with a lease (lease_owner, lease_until) taken by a conditional
// UPDATE, so two schedulers — threads of one process or several `leados serve` instances on one
// PostgreSQL — never run the same source at the same time.
//
// Thread-safe: no mutable state beyond the id generator.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/ids.h"
#include "core/result.h"
#include "ingest/source.h"
#include "store/database.h"

namespace leados::ingest {

// A partial change over the API: absent fields stay. A change of settings starts the source
// over (cursor and validators cleared), because they may now name another feed or board.
struct SourcePatch {
  std::optional<std::string> name;
  std::optional<core::json::object> settings;
  std::optional<int64_t> interval_seconds;
  std::optional<bool> enabled;
};

// What one run left behind, written by RecordRun. On failure only the error fields, the
// attempt time, the failure count, next_run_at and alerted_at change; cursor, validators and
// last_success_at stay as they were. On success the cursor and validators are written only if
// the source's settings are still `settings_json` (those the run used): an edit during the run
// has started the source over, and the old cursor must not come back.
struct RunRecord {
  bool success = false;
  std::string settings_json;  // success: core::ToJson of the settings the run used
  int64_t attempt_at_ms = 0;
  int64_t next_run_at_ms = 0;
  core::json::object cursor;             // success: the new cursor
  CacheValidators validators;            // success: the new validators
  int64_t new_signals = 0;               // success: added to signals_total
  std::string error_kind;                // failure
  std::string error_message;             // failure
  std::optional<int64_t> alerted_at_ms;  // failure: set when this run raised the streak's alert
};

// What SyncConfig changed.
struct SyncReport {
  int created = 0;
  int updated = 0;
  int removed = 0;
};

class SourceStore {
 public:
  // `db` and `clock` must outlive the store.
  SourceStore(store::Database& db, const core::Clock& clock);

  // Validates `spec` (ValidateSourceSpec) and stores it, due at once. kInvalidArgument
  // "FIELD: …"; kAlreadyExists when the name is taken.
  core::Result<Source> Create(SourceSpec spec, SourceOrigin origin);
  // kNotFound "no source ID".
  core::Result<Source> Get(std::string_view id);
  // Every source, oldest first.
  core::Result<std::vector<Source>> List();
  // Applies `patch` to an API source. kInvalidArgument, kAlreadyExists (name), kNotFound,
  // kFailedPrecondition for a configuration-file source.
  core::Result<Source> Update(std::string_view id, const SourcePatch& patch);
  // Deletes an API source with its state. kNotFound, kFailedPrecondition (configuration file).
  core::Status Delete(std::string_view id);

  // Makes the configuration-file sources equal `specs` (matched by name): creates the new,
  // updates the changed (settings changes reset cursor and validators), deletes those no longer
  // listed. kInvalidArgument "source NAME: FIELD: …" for an invalid spec or a duplicate name;
  // kAlreadyExists when an API source already has the name. Nothing is written on error.
  core::Result<SyncReport> SyncConfig(const std::vector<SourceSpec>& specs);

  // Enabled sources with next_run_at <= now_ms and no live lease, soonest first, at most `limit`.
  core::Result<std::vector<Source>> Due(int64_t now_ms, int limit);
  // Takes the run lease of a source until `until_ms` when nobody holds a live one. True when
  // this call took it; kNotFound for an unknown id.
  core::Result<bool> TryLease(std::string_view id, std::string_view owner, int64_t now_ms,
                              int64_t until_ms);
  // Writes the outcome of a run and releases `owner`'s lease. kNotFound when the source was
  // deleted meanwhile.
  core::Status RecordRun(std::string_view id, std::string_view owner, const RunRecord& record);
  // Makes the source due now (runSourceNow). kNotFound.
  core::Status MakeDue(std::string_view id);

 private:
  // A configuration-file source of `spec`, new and due at `now_ms`.
  Source NewConfigSource(const SourceSpec& spec, int64_t now_ms);
  core::Result<std::vector<Source>> Select(std::string_view where,
                                           const std::vector<store::SqlValue>& params);

  store::Database& db_;
  const core::Clock& clock_;
  core::IdGenerator ids_;
};

}  // namespace leados::ingest
