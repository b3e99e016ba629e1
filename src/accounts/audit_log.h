#pragma once
// AuditLog: the append-only record of security-relevant events (sign-ins and failed sign-ins, API
// keys created and revoked, password and email changes, admin actions, allow-list refusals).
// Table audit_events (migration 0020_accounts.sql). Rows are only ever inserted; the retention
// job (2 years, a later issue) is the one thing that deletes them.
//
// What a row never holds: a password, token, key or any other secret. `detail` is a short
// human-readable note written by code, never a copy of user input beyond ids and the email a
// sign-in was tried with.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/ids.h"
#include "core/result.h"
#include "store/database.h"

namespace leados::accounts {

// Who did it.
enum class ActorKind { kUser, kAdmin, kApiKey, kSystem, kAnonymous };
std::string_view ActorKindName(ActorKind kind);

enum class AuditOutcome { kSuccess, kFailure, kDenied };
std::string_view AuditOutcomeName(AuditOutcome outcome);

struct AuditEvent {
  ActorKind actor_kind = ActorKind::kSystem;
  std::string actor_id;                   // usr_…, adm_…, an API key's display prefix, or ""
  std::optional<std::string> account_id;  // the client account concerned
  std::string action;                     // dotted, e.g. "session.sign_in", "api_key.revoke"
  std::string target;                     // what it acted on: an id, an email, a route
  std::string ip;
  AuditOutcome outcome = AuditOutcome::kSuccess;
  std::string detail;
};

// A stored event, as listed.
struct AuditRecord {
  std::string id;  // aud_… (sorts by time)
  int64_t at_ms = 0;
  std::string actor_kind;
  std::string actor_id;
  std::optional<std::string> account_id;
  std::string action;
  std::string target;
  std::string ip;
  std::string outcome;
  std::string detail;
};

// Filters for List; every set field must match. Newest first; `before_id` pages backwards.
struct AuditQuery {
  std::optional<std::string> account_id;
  std::optional<std::string> actor_id;
  std::optional<std::string> action_prefix;  // "session." matches session.sign_in, …
  std::optional<std::string> outcome;        // success | failure | denied
  std::optional<int64_t> since_ms;
  std::optional<int64_t> until_ms;
  std::optional<std::string> before_id;
  int limit = 50;  // 1..500
};

class AuditLog {
 public:
  // `clock` must outlive the log. Thread-safe.
  explicit AuditLog(const core::Clock& clock) : clock_(clock), ids_(clock) {}

  // Appends inside the caller's transaction, so the event is kept exactly when the change is.
  core::Result<std::string> Record(store::SqlSession& tx, const AuditEvent& event);
  // Appends on its own (failed sign-ins and refusals, which change nothing else).
  core::Result<std::string> Record(store::Database& db, const AuditEvent& event);
  // kInvalidArgument for a limit outside 1..500 or an unknown outcome.
  core::Result<std::vector<AuditRecord>> List(store::Database& db, const AuditQuery& query) const;

 private:
  std::vector<store::SqlValue> Params(const std::string& id, const AuditEvent& event);

  const core::Clock& clock_;
  core::IdGenerator ids_;
};

}  // namespace leados::accounts
