#pragma once
// ApiKeyStore: the API keys of client accounts in the `api_keys` table, and the authentication of
// `Authorization: Bearer lk_live_…` requests.
//
// A key is shown once, at creation; the table holds its SHA-256 and a 12-character display prefix.
// Authenticate first checks the format offline (prefix, length, checksum: no lookup for a typo),
// then looks the hash up through a small in-process cache (decision: entries live 10 s, so a key
// revoked on another server instance stops working there within 10 s; on this instance at once).
// last_used_at is written at most once a minute per key.

#include <chrono>
#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "accounts/api_key.h"
#include "accounts/audit_log.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/database.h"

namespace leados::accounts {

struct ApiKeyInfo {
  std::string id;  // key_…
  std::string account_id;
  std::string name;
  std::string display_prefix;
  ApiScopes scopes;
  std::string created_by;
  int64_t created_at_ms = 0;
  std::optional<int64_t> expires_at_ms;
  std::optional<int64_t> revoked_at_ms;
  std::optional<int64_t> last_used_at_ms;
};

struct CreatedApiKey {
  ApiKeyInfo info;
  std::string plaintext;  // return to the caller once; never stored or logged
};

// Who an authenticated API request acts for.
struct ApiKeyPrincipal {
  std::string key_id;
  std::string account_id;
  std::string display_prefix;
  ApiScopes scopes;
};

// Who does something, for the audit log.
struct Actor {
  ActorKind kind = ActorKind::kSystem;
  std::string id;
  std::string ip;
};

class ApiKeyStore {
 public:
  static constexpr size_t kMaxKeysPerAccount = 50;
  // `db`, `clock` and `audit` must outlive the store. Thread-safe.
  ApiKeyStore(store::Database& db, const core::Clock& clock, AuditLog& audit);

  // Days a closed account can be reopened, for the deadline a key of a closed account's 403
  // names (default 30; src/app sets retention.account_data_days). Call before serving.
  void SetClosureGraceDays(int64_t days) { closure_grace_days_ = days; }
  // Drops this process's cached entries of the account's keys (after the account was closed, so
  // its keys answer account_closed at once here; other processes within their 10 s cache).
  void ForgetAccount(const std::string& account_id);

  // Creates a key for `account_id`. name: 1–100 characters; scopes non-empty; expires_at_ms, when
  // set, in the future. kInvalidArgument naming the field; kResourceExhausted past
  // kMaxKeysPerAccount live keys. Audited as api_key.create.
  core::Result<CreatedApiKey> Create(std::string_view account_id, std::string_view name,
                                     ApiScopes scopes, std::optional<int64_t> expires_at_ms,
                                     const Actor& actor, ApiKeyEnv env = ApiKeyEnv::kLive);
  // The account's keys, newest first, revoked ones included (they show as revoked).
  core::Result<std::vector<ApiKeyInfo>> List(std::string_view account_id);
  // Revokes key `key_id` of `account_id`. kNotFound when the account has no such key (also when
  // it belongs to another account: ids of other accounts are never confirmed). Revoking twice is
  // Ok. Audited as api_key.revoke.
  core::Status Revoke(std::string_view account_id, std::string_view key_id, const Actor& actor);

  // The principal for a bearer key. kUnauthenticated (→ 401) "…" for a malformed, unknown,
  // revoked or expired key, each with a message saying which; kPermissionDenied (→ 403) when the
  // key lacks `needed`. The owning account must be active.
  core::Result<ApiKeyPrincipal> Authenticate(std::string_view bearer,
                                             std::optional<ApiScope> needed);

 private:
  struct CacheEntry {
    std::optional<ApiKeyRecord> record;  // nullopt: no such key (negative cache)
    std::string account_id;
    int64_t loaded_at_ms = 0;
    std::optional<core::Error> closed;  // the account is closed (account_closed.h)
  };
  core::Result<CacheEntry> Load(const std::string& hash);
  void Forget(const std::string& key_id);

  store::Database& db_;
  int64_t closure_grace_days_ = 30;
  const core::Clock& clock_;
  AuditLog& audit_;
  core::IdGenerator ids_;
  std::shared_mutex mu_;
  std::map<std::string, CacheEntry, std::less<>> cache_;  // by key hash; guarded by mu_
};

}  // namespace leados::accounts
