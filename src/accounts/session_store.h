#pragma once
// SessionStore: portal and admin-console sessions in the `sessions` table. The cookie carries a
// 256-bit random token; only its SHA-256 is stored, so a database dump cannot be replayed.
//
// Timeouts (decision): user sessions end after 7 days without a request or 30 days after sign-in,
// whichever is first; admin sessions after 15 minutes idle or 12 hours. last_seen_at is written at
// most once a minute per session, so reads do not turn into writes. A new token is made at every
// sign-in (never reusing one the browser sent: no session fixation); sign-out deletes the row;
// a password change or reset deletes every session of that user.

#include <chrono>
#include <optional>
#include <string>

#include "accounts/session_token.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/database.h"

namespace leados::accounts {

struct SessionPolicy {
  std::chrono::seconds idle;
  std::chrono::seconds absolute;
};
// The timeouts above for `kind`.
SessionPolicy SessionPolicyFor(SessionKind kind);

struct Session {
  std::string token_hash;
  SessionKind kind = SessionKind::kUser;
  std::string principal_id;               // usr_… or adm_…
  std::optional<std::string> account_id;  // user sessions
  int64_t created_at_ms = 0;
  int64_t last_seen_at_ms = 0;
  int64_t expires_at_ms = 0;  // absolute end
  std::string ip;
  std::string user_agent;
};

struct NewSession {
  std::string token;  // for the cookie only; never stored
  Session session;
  int64_t max_age_seconds = 0;  // for the cookie's Max-Age
};

class SessionStore {
 public:
  // `db` and `clock` must outlive the store. Thread-safe.
  SessionStore(store::Database& db, const core::Clock& clock) : db_(db), clock_(clock) {}

  // Makes a session inside the caller's transaction (with the sign-in's audit event).
  core::Result<NewSession> Create(store::SqlSession& tx, SessionKind kind,
                                  std::string_view principal_id,
                                  std::optional<std::string> account_id, std::string_view ip,
                                  std::string_view user_agent);
  // The live session of that kind for `token`, or nullopt when the token is malformed, unknown,
  // of the other kind, idle too long or past its absolute end (such rows are deleted). Refreshes
  // last_seen_at at most once a minute. Errors are database errors only.
  core::Result<std::optional<Session>> Validate(SessionKind kind, std::string_view token);
  // Deletes the session with that token hash (sign-out). Ok when there was none.
  core::Status Revoke(std::string_view token_hash);
  // Deletes every session of `principal_id` inside `tx`; returns how many.
  core::Result<int64_t> RevokeAll(store::SqlSession& tx, std::string_view principal_id);
  // Deletes expired rows (absolute end passed); returns how many. For a periodic sweep.
  core::Result<int64_t> DeleteExpired();

 private:
  store::Database& db_;
  const core::Clock& clock_;
};

}  // namespace leados::accounts
