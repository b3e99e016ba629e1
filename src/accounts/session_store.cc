#include "accounts/session_store.h"

namespace leados::accounts {
namespace {

std::string_view KindName(SessionKind kind) {
  return kind == SessionKind::kAdmin ? "admin" : "user";
}

int64_t Millis(std::chrono::seconds s) {
  return s.count() * 1000;
}

}  // namespace

SessionPolicy SessionPolicyFor(SessionKind kind) {
  using std::chrono::hours;
  using std::chrono::minutes;
  if (kind == SessionKind::kAdmin) return {minutes(15), hours(12)};
  return {hours(24 * 7), hours(24 * 30)};
}

core::Result<NewSession> SessionStore::Create(store::SqlSession& tx, SessionKind kind,
                                              std::string_view principal_id,
                                              std::optional<std::string> account_id,
                                              std::string_view ip, std::string_view user_agent) {
  const SessionPolicy policy = SessionPolicyFor(kind);
  const int64_t now = clock_.NowUnixMillis();
  NewSession out;
  out.token = NewSessionToken();
  Session& s = out.session;
  s.token_hash = HashToken(out.token);
  s.kind = kind;
  s.principal_id = std::string(principal_id);
  s.account_id = std::move(account_id);
  s.created_at_ms = now;
  s.last_seen_at_ms = now;
  s.expires_at_ms = now + Millis(policy.absolute);
  s.ip = std::string(ip);
  s.user_agent = std::string(user_agent.substr(0, 512));
  out.max_age_seconds = policy.absolute.count();
  auto done = tx.Exec(
      "INSERT INTO sessions (token_hash, kind, principal_id, account_id, created_at, "
      "last_seen_at, expires_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {s.token_hash, std::string(KindName(kind)), s.principal_id,
       s.account_id ? store::SqlValue(*s.account_id) : store::SqlValue(), s.created_at_ms,
       s.last_seen_at_ms, s.expires_at_ms, s.ip, s.user_agent});
  if (!done) return core::Fail(done.error());
  return out;
}

core::Result<std::optional<Session>> SessionStore::Validate(SessionKind kind,
                                                            std::string_view token) {
  if (!IsWellFormedSessionToken(token)) return std::optional<Session>();
  const std::string hash = HashToken(token);
  auto rows = db_.Query(
      "SELECT kind, principal_id, account_id, created_at, last_seen_at, expires_at, ip, "
      "user_agent FROM sessions WHERE token_hash = ?",
      {hash});
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return std::optional<Session>();
  const store::Row& r = rows->front();
  if (r.Text(0) != KindName(kind)) return std::optional<Session>();
  Session s{hash,     kind,     r.Text(1), r.OptText(2), r.Int(3),
            r.Int(4), r.Int(5), r.Text(6), r.Text(7)};
  const int64_t now = clock_.NowUnixMillis();
  const SessionPolicy policy = SessionPolicyFor(kind);
  if (now >= s.expires_at_ms || now - s.last_seen_at_ms >= Millis(policy.idle)) {
    (void)db_.Exec("DELETE FROM sessions WHERE token_hash = ?", {hash});
    return std::optional<Session>();
  }
  if (now - s.last_seen_at_ms >= 60'000) {
    auto touched =
        db_.Exec("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", {now, hash});
    if (!touched) return core::Fail(touched.error());
    s.last_seen_at_ms = now;
  }
  return std::optional<Session>(std::move(s));
}

core::Status SessionStore::Revoke(std::string_view token_hash) {
  auto done = db_.Exec("DELETE FROM sessions WHERE token_hash = ?", {std::string(token_hash)});
  if (!done) return core::Fail(done.error());
  return core::Ok();
}

core::Result<int64_t> SessionStore::RevokeAll(store::SqlSession& tx,
                                              std::string_view principal_id) {
  return tx.Exec("DELETE FROM sessions WHERE principal_id = ?", {std::string(principal_id)});
}

core::Result<int64_t> SessionStore::DeleteExpired() {
  return db_.Exec("DELETE FROM sessions WHERE expires_at <= ?", {clock_.NowUnixMillis()});
}

}  // namespace leados::accounts
