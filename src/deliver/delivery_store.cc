#include "deliver/delivery_store.h"

#include <fmt/format.h>

#include <algorithm>

#include "deliver/webhook_endpoint.h"

namespace leados::deliver {
namespace {

constexpr std::string_view kColumns =
    "id, event_id, endpoint_id, account_id, event_type, lead_id, payload_ref, status, "
    "attempt_count, retry_step, next_attempt_at, last_error, created_at, updated_at";

// Due: waiting and its time has come, or claimed by a dispatcher whose lease ran out.
constexpr std::string_view kDue =
    "((status IN ('pending', 'failed') AND next_attempt_at <= ?) OR "
    "(status = 'delivering' AND lease_until < ?))";

Delivery FromRow(const store::Row& r) {
  Delivery d;
  d.id = r.Text(0);
  d.event_id = r.Text(1);
  d.endpoint_id = r.Text(2);
  d.account_id = r.Text(3);
  d.event_type = r.Text(4);
  d.lead_id = r.OptText(5);
  d.payload_ref = r.Text(6);
  d.status = r.Text(7);
  d.attempt_count = r.Int(8);
  d.retry_step = r.Int(9);
  d.next_attempt_at_ms = r.Int(10);
  d.last_error = r.OptText(11);
  d.created_at_ms = r.Int(12);
  d.updated_at_ms = r.Int(13);
  return d;
}

store::SqlValue OptValue(const std::optional<std::string>& v) {
  return v ? store::SqlValue(*v) : store::SqlValue();
}

}  // namespace

bool IsDeliveryStatus(std::string_view s) {
  return s == kStatusPending || s == kStatusDelivering || s == kStatusSucceeded ||
         s == kStatusFailed || s == kStatusDead;
}

DeliveryStore::DeliveryStore(store::Database& db, const core::Clock& clock)
    : db_(db), clock_(clock) {}

core::Status DeliveryStore::Insert(store::SqlSession& tx, const Delivery& d) {
  auto n = tx.Exec(
      "INSERT INTO webhook_deliveries (id, event_id, endpoint_id, account_id, event_type, lead_id, "
      "payload_ref, status, attempt_count, retry_step, next_attempt_at, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {d.id, d.event_id, d.endpoint_id, d.account_id, d.event_type, OptValue(d.lead_id),
       d.payload_ref, d.status, d.attempt_count, d.retry_step, d.next_attempt_at_ms,
       d.created_at_ms, d.updated_at_ms});
  if (!n) return core::Fail(n.error());
  return core::Ok();
}

core::Result<std::vector<std::string>> DeliveryStore::ForLeadIn(store::SqlSession& tx,
                                                                std::string_view lead_id,
                                                                std::string_view event_type) {
  auto rows =
      tx.Query("SELECT id FROM webhook_deliveries WHERE lead_id = ? AND event_type = ? ORDER BY id",
               {std::string(lead_id), std::string(event_type)});
  if (!rows) return core::Fail(rows.error());
  std::vector<std::string> out;
  for (const auto& r : *rows) out.push_back(r.Text(0));
  return out;
}

core::Result<std::vector<std::string>> DeliveryStore::PayloadRefsForLead(std::string_view lead_id) {
  auto rows = db_.Query(
      "SELECT DISTINCT payload_ref FROM webhook_deliveries WHERE lead_id = ? AND event_type <> ? "
      "ORDER BY payload_ref",
      {std::string(lead_id), std::string(kEventLeadErasureRequested)});
  if (!rows) return core::Fail(rows.error());
  std::vector<std::string> out;
  for (const auto& r : *rows) out.push_back(r.Text(0));
  return out;
}

core::Result<std::vector<std::string>> DeliveryStore::DueEndpoints(size_t limit) {
  const int64_t now = clock_.NowUnixMillis();
  auto rows = db_.Query(
      fmt::format("SELECT DISTINCT endpoint_id FROM webhook_deliveries WHERE {} LIMIT ?", kDue),
      {now, now, static_cast<int64_t>(limit)});
  if (!rows) return core::Fail(rows.error());
  std::vector<std::string> out;
  for (const auto& r : *rows) out.push_back(r.Text(0));
  return out;
}

core::Result<std::vector<Delivery>> DeliveryStore::Claim(std::string_view endpoint_id,
                                                         std::string_view owner, size_t max,
                                                         core::Duration lease) {
  auto claimed = ClaimMany({{std::string(endpoint_id), max}}, owner, lease);
  if (!claimed) return core::Fail(claimed.error());
  return std::move(claimed->front());
}

core::Result<std::vector<std::vector<Delivery>>> DeliveryStore::ClaimMany(
    const std::vector<std::pair<std::string, size_t>>& wanted, std::string_view owner,
    core::Duration lease) {
  std::vector<std::vector<Delivery>> out(wanted.size());
  const int64_t now = clock_.NowUnixMillis();
  const int64_t until = now + std::chrono::duration_cast<std::chrono::milliseconds>(lease).count();
  const bool pg = db_.dialect() == store::Dialect::kPostgres;
  const std::string sql = fmt::format(
      "UPDATE webhook_deliveries SET status = 'delivering', lease_owner = ?, lease_until = ?, "
      "updated_at = ? WHERE id IN (SELECT id FROM webhook_deliveries WHERE endpoint_id = ? AND {} "
      "ORDER BY next_attempt_at, id LIMIT ?{}) RETURNING {}",
      kDue, pg ? " FOR UPDATE SKIP LOCKED" : "", kColumns);
  // One transaction for every endpoint: one commit (one fsync on SQLite) per claim round.
  auto st = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    for (size_t i = 0; i < wanted.size(); ++i) {
      out[i].clear();
      if (wanted[i].second == 0) continue;
      auto rows = tx.Query(sql, {std::string(owner), until, now, wanted[i].first, now, now,
                                 static_cast<int64_t>(wanted[i].second)});
      if (!rows) return core::Fail(rows.error());
      for (const auto& r : *rows) out[i].push_back(FromRow(r));
    }
    return core::Ok();
  });
  if (!st) return core::Fail(st.error());
  for (auto& list : out) {
    std::sort(list.begin(), list.end(), [](const Delivery& a, const Delivery& b) {
      return a.next_attempt_at_ms != b.next_attempt_at_ms
                 ? a.next_attempt_at_ms < b.next_attempt_at_ms
                 : a.id < b.id;
    });
  }
  return out;
}

core::Result<EventProgress> DeliveryStore::ProgressOf(std::string_view event_id) {
  auto rows = db_.Query(
      "SELECT status, COUNT(*) FROM webhook_deliveries WHERE event_id = ? GROUP BY status",
      {std::string(event_id)});
  if (!rows) return core::Fail(rows.error());
  EventProgress p;
  for (const auto& r : *rows) {
    const int64_t n = r.Int(1);
    p.total += n;
    if (r.Text(0) == kStatusSucceeded) p.succeeded += n;
    if (r.Text(0) == kStatusDead) p.dead += n;
  }
  return p;
}

core::Result<std::vector<std::pair<std::string, std::string>>> DeliveryStore::ReplayCandidates(
    std::string_view account_id, std::string_view endpoint_id, int64_t since_ms) {
  auto rows = db_.Query(
      "SELECT id, payload_ref FROM webhook_deliveries WHERE account_id = ? AND endpoint_id = ? "
      "AND created_at >= ? AND status <> 'delivering' ORDER BY id",
      {std::string(account_id), std::string(endpoint_id), since_ms});
  if (!rows) return core::Fail(rows.error());
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : *rows) out.emplace_back(r.Text(0), r.Text(1));
  return out;
}

core::Status DeliveryStore::InsertAttempt(store::SqlSession& tx, const Attempt& a) {
  auto n = tx.Exec(
      "INSERT INTO webhook_attempts (id, delivery_id, attempt_number, attempted_at, http_status, "
      "latency_ms, error_class, response_excerpt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {a.id, a.delivery_id, a.attempt_number, a.attempted_at_ms,
       a.http_status ? store::SqlValue(*a.http_status) : store::SqlValue(), a.latency_ms,
       OptValue(a.error_class), a.response_excerpt});
  if (!n) return core::Fail(n.error());
  return core::Ok();
}

core::Result<bool> DeliveryStore::Finish(store::SqlSession& tx, const Delivery& d,
                                         std::string_view owner) {
  auto n = tx.Exec(
      "UPDATE webhook_deliveries SET status = ?, attempt_count = ?, retry_step = ?, "
      "next_attempt_at = ?, last_error = ?, lease_owner = NULL, lease_until = NULL, updated_at = ? "
      "WHERE id = ? AND status = 'delivering' AND lease_owner = ?",
      {d.status, d.attempt_count, d.retry_step, d.next_attempt_at_ms, OptValue(d.last_error),
       clock_.NowUnixMillis(), d.id, std::string(owner)});
  if (!n) return core::Fail(n.error());
  return *n > 0;
}

core::Result<Delivery> DeliveryStore::Get(std::string_view account_id, std::string_view id) {
  auto rows = db_.Query(
      fmt::format("SELECT {} FROM webhook_deliveries WHERE id = ? AND account_id = ?", kColumns),
      {std::string(id), std::string(account_id)});
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return core::NotFound(fmt::format("no delivery {}", id));
  return FromRow(rows->front());
}

core::Result<DeliveryPage> DeliveryStore::List(std::string_view account_id,
                                               const DeliveryListQuery& q) {
  std::string sql = fmt::format("SELECT {} FROM webhook_deliveries WHERE account_id = ?", kColumns);
  std::vector<store::SqlValue> params{std::string(account_id)};
  if (q.endpoint_id) {
    sql += " AND endpoint_id = ?";
    params.emplace_back(*q.endpoint_id);
  }
  if (q.status) {
    sql += " AND status = ?";
    params.emplace_back(*q.status);
  }
  if (q.before_id) {
    sql += " AND id < ?";
    params.emplace_back(*q.before_id);
  }
  const int limit = std::clamp(q.limit, 1, kMaxListLimit);
  sql += " ORDER BY id DESC LIMIT ?";
  params.emplace_back(int64_t{limit + 1});
  auto rows = db_.Query(sql, params);
  if (!rows) return core::Fail(rows.error());
  DeliveryPage page;
  for (const auto& r : *rows) page.deliveries.push_back(FromRow(r));
  if (static_cast<int>(page.deliveries.size()) > limit) {
    page.deliveries.resize(limit);
    page.next_cursor = page.deliveries.back().id;
  }
  return page;
}

core::Result<std::vector<Attempt>> DeliveryStore::Attempts(std::string_view account_id,
                                                           std::string_view id) {
  if (auto d = Get(account_id, id); !d) return core::Fail(d.error());
  auto rows = db_.Query(
      "SELECT id, delivery_id, attempt_number, attempted_at, http_status, latency_ms, "
      "error_class, response_excerpt FROM webhook_attempts WHERE delivery_id = ? ORDER BY id",
      {std::string(id)});
  if (!rows) return core::Fail(rows.error());
  std::vector<Attempt> out;
  for (const auto& r : *rows) {
    out.push_back(Attempt{r.Text(0), r.Text(1), r.Int(2), r.Int(3), r.OptInt(4), r.Int(5),
                          r.OptText(6), r.Text(7)});
  }
  return out;
}

core::Status DeliveryStore::Requeue(std::string_view account_id, std::string_view id) {
  auto d = Get(account_id, id);
  if (!d) return core::Fail(d.error());
  const int64_t now = clock_.NowUnixMillis();
  auto n = db_.Exec(
      "UPDATE webhook_deliveries SET status = 'pending', retry_step = 0, next_attempt_at = ?, "
      "last_error = NULL, updated_at = ? WHERE id = ? AND account_id = ? AND status <> "
      "'delivering'",
      {now, now, std::string(id), std::string(account_id)});
  if (!n) return core::Fail(n.error());
  if (*n == 0) {
    return core::Fail(core::ErrorCode::kConflict,
                      fmt::format("delivery {} is being sent right now; replay it afterwards", id));
  }
  return core::Ok();
}

}  // namespace leados::deliver
