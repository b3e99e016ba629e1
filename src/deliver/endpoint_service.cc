#include "deliver/endpoint_service.h"

#include <fmt/format.h>

#include "core/json.h"
#include "deliver/standard_webhooks.h"

namespace leados::deliver {
namespace {

namespace json = core::json;

constexpr std::string_view kTable = "webhook_endpoints";
constexpr std::string_view kColumns =
    "id, account_id, url, description, event_types_json, enabled, previous_secret_expires_at, "
    "failing_since, last_error, disabled_reason, created_at, updated_at";

std::string EventTypesJson(const std::vector<std::string>& types) {
  json::array a;
  for (const auto& t : types) a.emplace_back(t);
  return core::ToJson(a);
}

std::vector<std::string> EventTypesFromJson(const std::string& text) {
  std::vector<std::string> out;
  auto v = core::ParseJson(text);
  if (!v || !v->is_array()) return out;
  for (const auto& e : v->as_array()) {
    if (e.is_string()) out.emplace_back(e.as_string());
  }
  return out;
}

WebhookEndpoint FromRow(const store::Row& r) {
  WebhookEndpoint e;
  e.id = r.Text(0);
  e.account_id = r.Text(1);
  e.url = r.Text(2);
  e.description = r.Text(3);
  e.event_types = EventTypesFromJson(r.Text(4));
  e.enabled = r.Bool(5);
  e.previous_secret_expires_at_ms = r.OptInt(6);
  e.failing_since_ms = r.OptInt(7);
  e.last_error = r.OptText(8);
  e.disabled_reason = r.OptText(9);
  e.created_at_ms = r.Int(10);
  e.updated_at_ms = r.Int(11);
  return e;
}

// The account's endpoints, oldest first; `conn` is the Database or a transaction's session.
template <typename Conn>
core::Result<std::vector<WebhookEndpoint>> ListWith(Conn& conn, std::string_view account_id) {
  auto rows = conn.Query(fmt::format("SELECT {} FROM webhook_endpoints WHERE account_id = ? "
                                     "ORDER BY id",
                                     kColumns),
                         {std::string(account_id)});
  if (!rows) return core::Fail(rows.error());
  std::vector<WebhookEndpoint> out;
  for (const auto& r : *rows) out.push_back(FromRow(r));
  return out;
}

std::vector<WebhookEndpoint> OnlySubscribers(std::vector<WebhookEndpoint> all,
                                             std::string_view event_type) {
  std::vector<WebhookEndpoint> out;
  for (auto& e : all) {
    if (e.enabled && e.Subscribes(event_type)) out.push_back(std::move(e));
  }
  return out;
}

core::Status Check(const NewEndpoint& e) {
  if (auto st = CheckEventTypes(e.event_types); !st) return st;
  return CheckDescription(e.description);
}

}  // namespace

EndpointService::EndpointService(store::Database& db, const core::Clock& clock,
                                 const privacy::FieldCipher& cipher, const ingest::SsrfGuard& guard,
                                 EndpointServiceOptions options)
    : db_(db), clock_(clock), cipher_(cipher), guard_(guard), options_(options), ids_(clock) {}

core::Status EndpointService::CheckUrl(std::string_view url) const {
  if (auto vetted = VetUrl(url); !vetted) return core::Fail(vetted.error());
  return core::Ok();
}

core::Result<std::vector<std::string>> EndpointService::VetUrl(std::string_view url) const {
  auto parsed = ParseEndpointUrl(url, options_.allow_http_loopback);
  if (!parsed) return core::Fail(parsed.error());
  // A loopback literal passed ParseEndpointUrl only because the operator allowed it.
  if (parsed->loopback_literal && options_.allow_http_loopback) {
    if (ingest::ClassifyAddress(parsed->host)) return std::vector<std::string>{parsed->host};
    return std::vector<std::string>{"127.0.0.1", "::1"};  // localhost, never looked up
  }
  auto vetted = guard_.Vet(parsed->host, parsed->port);
  if (!vetted) {
    if (vetted.error().code == core::ErrorCode::kNotFound) {
      return core::InvalidArgument(
          fmt::format("url: the host '{}' does not resolve", parsed->host));
    }
    // The guard's hint names the fetcher's setting, which does not apply to webhooks.
    std::string why = vetted.error().message;
    why = why.substr(0, why.find("; set fetch."));
    return core::InvalidArgument(
        fmt::format("url: {}; webhooks are only sent to public addresses", why));
  }
  return std::move(*vetted);
}

core::Result<EndpointWithSecret> EndpointService::Create(std::string_view account_id,
                                                         const NewEndpoint& e) {
  if (auto st = Check(e); !st) return core::Fail(st.error());
  if (auto st = CheckUrl(e.url); !st) return core::Fail(st.error());
  EndpointWithSecret out;
  out.secret = GenerateWebhookSecret();
  const std::string id = ids_.NewId("we");
  auto enc = cipher_.Encrypt(out.secret, {kTable, "secret", id});
  if (!enc) return core::Fail(enc.error());
  const int64_t now = clock_.NowUnixMillis();
  auto st = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto count = tx.Query("SELECT COUNT(*) FROM webhook_endpoints WHERE account_id = ?",
                          {std::string(account_id)});
    if (!count) return core::Fail(count.error());
    if (static_cast<size_t>((*count)[0].Int(0)) >= options_.max_endpoints_per_account) {
      return core::Fail(core::ErrorCode::kFailedPrecondition,
                        fmt::format("the account already has {} webhook endpoints, the maximum: "
                                    "delete one first",
                                    options_.max_endpoints_per_account));
    }
    auto n = tx.Exec(
        "INSERT INTO webhook_endpoints (id, account_id, url, description, event_types_json, "
        "enabled, secret_enc, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {id, std::string(account_id), e.url, e.description, EventTypesJson(e.event_types),
         int64_t{e.enabled ? 1 : 0}, *enc, now, now});
    if (!n) return core::Fail(n.error());
    return core::Ok();
  });
  if (!st) return core::Fail(st.error());
  auto loaded = Load(id);
  if (!loaded) return core::Fail(loaded.error());
  out.endpoint = std::move(*loaded);
  return out;
}

core::Result<std::vector<WebhookEndpoint>> EndpointService::List(std::string_view account_id) {
  return ListWith(db_, account_id);
}

core::Result<WebhookEndpoint> EndpointService::LoadWhere(std::string_view account_id,
                                                         std::string_view id) {
  std::string sql = fmt::format("SELECT {} FROM webhook_endpoints WHERE id = ?", kColumns);
  std::vector<store::SqlValue> params{std::string(id)};
  if (!account_id.empty()) {
    sql += " AND account_id = ?";
    params.emplace_back(std::string(account_id));
  }
  auto rows = db_.Query(sql, params);
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return core::NotFound(fmt::format("no webhook endpoint {}", id));
  return FromRow(rows->front());
}

core::Result<WebhookEndpoint> EndpointService::Get(std::string_view account_id,
                                                   std::string_view id) {
  if (account_id.empty()) return core::NotFound(fmt::format("no webhook endpoint {}", id));
  return LoadWhere(account_id, id);
}

core::Result<WebhookEndpoint> EndpointService::Load(std::string_view id) {
  return LoadWhere("", id);
}

core::Result<WebhookEndpoint> EndpointService::Update(std::string_view account_id,
                                                      std::string_view id,
                                                      const EndpointPatch& patch) {
  auto current = Get(account_id, id);
  if (!current) return current;
  NewEndpoint next{
      patch.url.value_or(current->url), patch.description.value_or(current->description),
      patch.event_types.value_or(current->event_types), patch.enabled.value_or(current->enabled)};
  if (auto st = Check(next); !st) return core::Fail(st.error());
  if (patch.url && *patch.url != current->url) {
    if (auto st = CheckUrl(next.url); !st) return core::Fail(st.error());
  }
  const bool reenabled = next.enabled && !current->enabled;
  std::string sql =
      "UPDATE webhook_endpoints SET url = ?, description = ?, event_types_json = ?, enabled = ?, "
      "updated_at = ?";
  if (reenabled) {
    sql += ", failing_since = NULL, last_error = NULL, disabled_reason = NULL, disabled_at = NULL";
  }
  sql += " WHERE id = ? AND account_id = ?";
  auto n = db_.Exec(sql, {next.url, next.description, EventTypesJson(next.event_types),
                          int64_t{next.enabled ? 1 : 0}, clock_.NowUnixMillis(), std::string(id),
                          std::string(account_id)});
  if (!n) return core::Fail(n.error());
  return Get(account_id, id);
}

core::Status EndpointService::Delete(std::string_view account_id, std::string_view id) {
  auto n = db_.Exec("DELETE FROM webhook_endpoints WHERE id = ? AND account_id = ?",
                    {std::string(id), std::string(account_id)});
  if (!n) return core::Fail(n.error());
  if (*n == 0) return core::NotFound(fmt::format("no webhook endpoint {}", id));
  return core::Ok();
}

core::Result<EndpointWithSecret> EndpointService::RotateSecret(std::string_view account_id,
                                                               std::string_view id) {
  const std::string eid(id);
  EndpointWithSecret out;
  out.secret = GenerateWebhookSecret();
  auto enc = cipher_.Encrypt(out.secret, {kTable, "secret", eid});
  if (!enc) return core::Fail(enc.error());
  const int64_t now = clock_.NowUnixMillis();
  const int64_t overlap_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(options_.rotation_overlap).count();
  auto st = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto rows = tx.Query("SELECT secret_enc FROM webhook_endpoints WHERE id = ? AND account_id = ?",
                         {eid, std::string(account_id)});
    if (!rows) return core::Fail(rows.error());
    if (rows->empty()) return core::NotFound(fmt::format("no webhook endpoint {}", id));
    // The old ciphertext is bound to column "secret"; re-bind it to "previous_secret".
    auto old_plain = cipher_.Decrypt((*rows)[0].Text(0), {kTable, "secret", eid});
    if (!old_plain) return core::Fail(old_plain.error());
    auto prev_enc = cipher_.Encrypt(*old_plain, {kTable, "previous_secret", eid});
    if (!prev_enc) return core::Fail(prev_enc.error());
    auto n = tx.Exec(
        "UPDATE webhook_endpoints SET secret_enc = ?, previous_secret_enc = ?, "
        "previous_secret_expires_at = ?, updated_at = ? WHERE id = ?",
        {*enc, *prev_enc, now + overlap_ms, now, eid});
    if (!n) return core::Fail(n.error());
    return core::Ok();
  });
  if (!st) return core::Fail(st.error());
  auto loaded = Get(account_id, id);
  if (!loaded) return core::Fail(loaded.error());
  out.endpoint = std::move(*loaded);
  return out;
}

core::Result<std::vector<std::string>> EndpointService::SigningSecrets(std::string_view id) {
  const std::string eid(id);
  auto rows = db_.Query(
      "SELECT secret_enc, previous_secret_enc, previous_secret_expires_at FROM webhook_endpoints "
      "WHERE id = ?",
      {eid});
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return core::NotFound(fmt::format("no webhook endpoint {}", id));
  const store::Row& r = rows->front();
  std::vector<std::string> out;
  auto current = cipher_.Decrypt(r.Text(0), {kTable, "secret", eid});
  if (!current) return core::Fail(current.error());
  out.push_back(std::move(*current));
  auto expires = r.OptInt(2);
  if (!r.IsNull(1) && expires && *expires > clock_.NowUnixMillis()) {
    auto previous = cipher_.Decrypt(r.Text(1), {kTable, "previous_secret", eid});
    if (!previous) return core::Fail(previous.error());
    out.push_back(std::move(*previous));
  }
  return out;
}

core::Result<std::vector<WebhookEndpoint>> EndpointService::Subscribers(
    std::string_view account_id, std::string_view event_type) {
  auto all = ListWith(db_, account_id);
  if (!all) return all;
  return OnlySubscribers(std::move(*all), event_type);
}

core::Result<std::vector<WebhookEndpoint>> EndpointService::SubscribersIn(
    store::SqlSession& tx, std::string_view account_id, std::string_view event_type) {
  auto all = ListWith(tx, account_id);
  if (!all) return all;
  return OnlySubscribers(std::move(*all), event_type);
}

core::Status EndpointService::MarkFailing(store::SqlSession& tx, std::string_view id,
                                          int64_t now_ms, std::string_view error) {
  auto n = tx.Exec(
      "UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, ?), last_error = ? "
      "WHERE id = ?",
      {now_ms, std::string(error), std::string(id)});
  if (!n) return core::Fail(n.error());
  return core::Ok();
}

core::Status EndpointService::MarkHealthy(store::SqlSession& tx, std::string_view id) {
  auto n = tx.Exec(
      "UPDATE webhook_endpoints SET failing_since = NULL, last_error = NULL WHERE id = ? AND "
      "failing_since IS NOT NULL",
      {std::string(id)});
  if (!n) return core::Fail(n.error());
  return core::Ok();
}

core::Result<bool> EndpointService::Disable(store::SqlSession& tx, std::string_view id,
                                            std::string_view reason, int64_t now_ms) {
  auto n = tx.Exec(
      "UPDATE webhook_endpoints SET enabled = 0, disabled_reason = ?, disabled_at = ?, "
      "updated_at = ? WHERE id = ? AND enabled = 1",
      {std::string(reason), now_ms, now_ms, std::string(id)});
  if (!n) return core::Fail(n.error());
  return *n > 0;
}

}  // namespace leados::deliver
