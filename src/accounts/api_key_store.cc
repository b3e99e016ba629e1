#include "accounts/api_key_store.h"

#include <mutex>

#include "accounts/account_closed.h"

namespace leados::accounts {
namespace {

constexpr int64_t kCacheMillis = 10'000;
constexpr size_t kCacheMax = 100'000;

std::optional<core::TimePoint> ToTime(std::optional<int64_t> ms) {
  if (!ms) return std::nullopt;
  return core::TimePoint(std::chrono::milliseconds(*ms));
}

ApiKeyInfo InfoFromRow(const store::Row& r) {
  ApiKeyInfo k;
  k.id = r.Text(0);
  k.account_id = r.Text(1);
  k.name = r.Text(2);
  k.display_prefix = r.Text(3);
  auto scopes = ApiScopes::Parse(r.Text(4));
  k.scopes = scopes ? *scopes : ApiScopes();
  k.created_by = r.Text(5);
  k.created_at_ms = r.Int(6);
  k.expires_at_ms = r.OptInt(7);
  k.revoked_at_ms = r.OptInt(8);
  k.last_used_at_ms = r.OptInt(9);
  return k;
}

constexpr std::string_view kColumns =
    "id, account_id, name, display_prefix, scopes, created_by, created_at, expires_at, "
    "revoked_at, last_used_at";

}  // namespace

ApiKeyStore::ApiKeyStore(store::Database& db, const core::Clock& clock, AuditLog& audit)
    : db_(db), clock_(clock), audit_(audit), ids_(clock) {}

core::Result<CreatedApiKey> ApiKeyStore::Create(std::string_view account_id, std::string_view name,
                                                ApiScopes scopes,
                                                std::optional<int64_t> expires_at_ms,
                                                const Actor& actor, ApiKeyEnv env) {
  if (name.empty() || name.size() > 100) {
    return core::InvalidArgument("name must be 1 to 100 characters (it tells your keys apart)");
  }
  if (scopes.empty()) {
    return core::InvalidArgument(
        "scopes must name at least one of leads:read, campaigns:write, webhooks:write, "
        "billing:read");
  }
  const int64_t now = clock_.NowUnixMillis();
  if (expires_at_ms && *expires_at_ms <= now) {
    return core::InvalidArgument("expires_at must be in the future");
  }
  GeneratedApiKey key = GenerateApiKey(env);
  CreatedApiKey out;
  out.plaintext = key.plaintext;
  ApiKeyInfo& info = out.info;
  info.id = ids_.NewId("key");
  info.account_id = std::string(account_id);
  info.name = std::string(name);
  info.display_prefix = key.display_prefix;
  info.scopes = scopes;
  info.created_by = actor.id;
  info.created_at_ms = now;
  info.expires_at_ms = expires_at_ms;
  auto status = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto live =
        tx.Query("SELECT COUNT(*) FROM api_keys WHERE account_id = ? AND revoked_at IS NULL",
                 {info.account_id});
    if (!live) return core::Fail(live.error());
    if (static_cast<size_t>(live->front().Int(0)) >= kMaxKeysPerAccount) {
      return core::Fail(
          core::ErrorCode::kResourceExhausted,
          "an account can have at most 50 live API keys; revoke one you no longer use");
    }
    auto done = tx.Exec(
        "INSERT INTO api_keys (id, account_id, name, key_hash, display_prefix, scopes, "
        "created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {info.id, info.account_id, info.name, key.sha256_hex, info.display_prefix, scopes.Format(),
         info.created_by, now,
         expires_at_ms ? store::SqlValue(*expires_at_ms) : store::SqlValue()});
    if (!done) return core::Fail(done.error());
    auto audited =
        audit_.Record(tx, {actor.kind, actor.id, info.account_id, "api_key.create", info.id,
                           actor.ip, AuditOutcome::kSuccess,
                           "prefix " + info.display_prefix + ", scopes " + scopes.Format()});
    if (!audited) return core::Fail(audited.error());
    return core::Ok();
  });
  if (!status) return core::Fail(status.error());
  {
    std::unique_lock lock(mu_);
    cache_.erase(key.sha256_hex);  // drop a negative entry
  }
  return out;
}

core::Result<std::vector<ApiKeyInfo>> ApiKeyStore::List(std::string_view account_id) {
  auto rows = db_.Query(
      "SELECT " + std::string(kColumns) + " FROM api_keys WHERE account_id = ? ORDER BY id DESC",
      {std::string(account_id)});
  if (!rows) return core::Fail(rows.error());
  std::vector<ApiKeyInfo> out;
  for (const auto& r : *rows) out.push_back(InfoFromRow(r));
  return out;
}

core::Status ApiKeyStore::Revoke(std::string_view account_id, std::string_view key_id,
                                 const Actor& actor) {
  const int64_t now = clock_.NowUnixMillis();
  auto status = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto rows = tx.Query("SELECT revoked_at FROM api_keys WHERE id = ? AND account_id = ?",
                         {std::string(key_id), std::string(account_id)});
    if (!rows) return core::Fail(rows.error());
    if (rows->empty()) {
      return core::NotFound("no such API key in this account (list them with GET /v1/api-keys)");
    }
    if (!rows->front().IsNull(0)) return core::Ok();
    auto done = tx.Exec("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND account_id = ?",
                        {now, std::string(key_id), std::string(account_id)});
    if (!done) return core::Fail(done.error());
    auto audited =
        audit_.Record(tx, {actor.kind, actor.id, std::string(account_id), "api_key.revoke",
                           std::string(key_id), actor.ip, AuditOutcome::kSuccess, ""});
    if (!audited) return core::Fail(audited.error());
    return core::Ok();
  });
  if (!status) return status;
  Forget(std::string(key_id));
  return core::Ok();
}

void ApiKeyStore::Forget(const std::string& key_id) {
  std::unique_lock lock(mu_);
  for (auto it = cache_.begin(); it != cache_.end();) {
    if (it->second.record && it->second.record->id == key_id) {
      it = cache_.erase(it);
    } else {
      ++it;
    }
  }
}

void ApiKeyStore::ForgetAccount(const std::string& account_id) {
  std::unique_lock lock(mu_);
  std::erase_if(cache_, [&](const auto& kv) { return kv.second.account_id == account_id; });
}

core::Result<ApiKeyStore::CacheEntry> ApiKeyStore::Load(const std::string& hash) {
  auto rows = db_.Query(
      "SELECT k.id, k.account_id, k.display_prefix, k.scopes, k.expires_at, k.revoked_at, "
      "k.last_used_at, a.status, a.closed_at FROM api_keys k JOIN accounts a "
      "ON a.id = k.account_id "
      "WHERE k.key_hash = ?",
      {hash});
  if (!rows) return core::Fail(rows.error());
  CacheEntry entry;
  entry.loaded_at_ms = clock_.NowUnixMillis();
  if (!rows->empty() && rows->front().Text(7) == "closed") {
    // A key of a closed account answers 403 account_closed, not 401 (account_closed.h).
    entry.closed = CheckAccountNotClosed("closed", rows->front().OptInt(8), closure_grace_days_,
                                         entry.loaded_at_ms)
                       .error();
  }
  if (!rows->empty() && rows->front().Text(7) == "active") {
    const store::Row& r = rows->front();
    ApiKeyRecord rec;
    rec.id = r.Text(0);
    rec.client_id = r.Text(1);
    rec.display_prefix = r.Text(2);
    auto scopes = ApiScopes::Parse(r.Text(3));
    rec.scopes = scopes ? *scopes : ApiScopes();
    rec.expires_at = ToTime(r.OptInt(4));
    rec.revoked_at = ToTime(r.OptInt(5));
    rec.last_used_at = ToTime(r.OptInt(6));
    entry.account_id = rec.client_id;
    entry.record = std::move(rec);
  }
  return entry;
}

core::Result<ApiKeyPrincipal> ApiKeyStore::Authenticate(std::string_view bearer,
                                                        std::optional<ApiScope> needed) {
  if (auto format = ValidateApiKeyFormat(bearer); !format) return core::Fail(format.error());
  const std::string hash = HashApiKey(bearer);
  const int64_t now_ms = clock_.NowUnixMillis();
  std::optional<CacheEntry> entry;
  {
    std::shared_lock lock(mu_);
    auto it = cache_.find(hash);
    if (it != cache_.end() && now_ms - it->second.loaded_at_ms < kCacheMillis) entry = it->second;
  }
  if (!entry) {
    auto loaded = Load(hash);
    if (!loaded) return core::Fail(loaded.error());
    entry = std::move(*loaded);
    std::unique_lock lock(mu_);
    if (cache_.size() >= kCacheMax) cache_.clear();
    cache_[hash] = *entry;
  }
  if (entry->closed) return core::Fail(*entry->closed);
  if (!entry->record) {
    return core::Fail(core::ErrorCode::kUnauthenticated,
                      "this API key is not known; create one in the portal under API keys");
  }
  const core::TimePoint now = clock_.Now();
  // A scope check happens below with the real scope; AuthorizeApiKey needs one, so pass any the
  // key has when none is needed.
  const ApiScope check = needed.value_or(ApiScope::kLeadsRead);
  ApiKeyRecord record = *entry->record;
  if (!needed) record.scopes = record.scopes.With(check);
  if (auto ok = AuthorizeApiKey(record, check, now); !ok) return core::Fail(ok.error());
  if (ShouldTouchLastUsed(*entry->record, now)) {
    // Best effort: a failed write must not fail the request.
    (void)db_.Exec("UPDATE api_keys SET last_used_at = ? WHERE id = ?", {now_ms, record.id});
    std::unique_lock lock(mu_);
    if (auto it = cache_.find(hash); it != cache_.end() && it->second.record) {
      it->second.record->last_used_at = now;
    }
  }
  return ApiKeyPrincipal{record.id, entry->account_id, record.display_prefix,
                         entry->record->scopes};
}

}  // namespace leados::accounts
