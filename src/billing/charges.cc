#include "billing/charges.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/log.h"

namespace leados::billing {
namespace {

constexpr int64_t kDayMs = 86'400'000;

constexpr std::string_view kColumns =
    "lead_id, account_id, campaign_id, credits, daily_cap, status, hold_reason, "
    "handover_pending, hold_until, created_at, reserved_at";

Reservation ReservationFrom(const store::Row& r) {
  Reservation v;
  v.lead_id = r.Text(0);
  v.account_id = r.Text(1);
  v.campaign_id = r.Text(2);
  v.credits = r.Int(3);
  v.daily_cap = r.OptInt(4);
  v.status = r.Text(5);
  v.hold_reason = r.Text(6);
  v.handover_pending = r.Int(7) != 0;
  v.hold_until_ms = r.OptInt(8);
  v.created_at_ms = r.Int(9);
  v.reserved_at_ms = r.OptInt(10);
  return v;
}

core::Result<std::optional<Reservation>> Load(store::SqlSession& tx, std::string_view lead_id) {
  auto rows =
      tx.Query(fmt::format("SELECT {} FROM credit_reservations WHERE lead_id = ?", kColumns),
               {std::string(lead_id)});
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return std::optional<Reservation>();
  return std::optional<Reservation>(ReservationFrom(rows->front()));
}

store::SqlValue Opt(const std::optional<int64_t>& v) {
  return v ? store::SqlValue(*v) : store::SqlValue();
}

}  // namespace

std::string LeadChargeKey(std::string_view lead_id) {
  return "lead:" + std::string(lead_id);
}
std::string LeadRefundKey(std::string_view lead_id) {
  return "refund:" + std::string(lead_id);
}

ChargeService::ChargeService(store::Database& db, const core::Clock& clock, Ledger& ledger,
                             PriceList prices, ChargeOptions options, CreditAlertMailer* mailer)
    : db_(db),
      clock_(clock),
      ledger_(ledger),
      prices_(std::move(prices)),
      options_(options),
      mailer_(mailer) {
  options_.hold_days = std::clamp<int64_t>(options_.hold_days, 1, 30);
}

core::Result<int64_t> ChargeService::SpentToday(store::SqlSession& tx,
                                                const std::string& campaign_id, int64_t day) {
  auto rows = tx.Query(
      "SELECT COALESCE(SUM(credits), 0) FROM credit_reservations WHERE campaign_id = ? AND "
      "reserved_day = ? AND status IN ('reserved', 'committed')",
      {campaign_id, day});
  if (!rows) return core::Fail(rows.error());
  return rows->empty() ? int64_t{0} : rows->front().Int(0);
}

core::Result<ChargeDecision> ChargeService::Reserve(const ChargeRequest& req) {
  if (req.lead_id.empty() || req.account_id.empty()) {
    return core::InvalidArgument("a charge needs a lead id and an account id");
  }
  ChargeDecision decision = ChargeDecision::kReserved;
  auto st = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    decision = ChargeDecision::kReserved;  // Transact may run this again (PostgreSQL retries)
    // The lock first: the balance, the cap and the replay check are all read under it.
    auto balance = ledger_.LockIn(tx, req.account_id);
    if (!balance) return core::Fail(balance.error());
    auto existing = Load(tx, req.lead_id);
    if (!existing) return core::Fail(existing.error());
    if (*existing) {
      const std::string& s = (*existing)->status;
      decision =
          (s == "held" || s == "expired") ? ChargeDecision::kHeld : ChargeDecision::kReserved;
      return core::Ok();
    }
    const int64_t now = clock_.NowUnixMillis();
    const int64_t day = now / kDayMs;
    const int64_t price = prices_.PriceOf(req.source_kind, req.enrichment_level);

    std::string hold_reason;
    if (price > 0 && req.daily_cap) {
      auto spent = SpentToday(tx, req.campaign_id, day);
      if (!spent) return core::Fail(spent.error());
      if (*spent + price > *req.daily_cap) hold_reason = "daily_cap";
    }
    if (hold_reason.empty() && price > *balance) hold_reason = "credits";

    if (!hold_reason.empty()) {
      decision = ChargeDecision::kHeld;
      const int64_t hold_until = now + options_.hold_days * kDayMs;
      auto n = tx.Exec(
          "INSERT INTO credit_reservations (lead_id, account_id, campaign_id, credits, daily_cap, "
          "status, hold_reason, handover_pending, hold_until, created_at, updated_at) VALUES (?, "
          "?, ?, ?, ?, 'held', ?, 0, ?, ?, ?)",
          {req.lead_id, req.account_id, req.campaign_id, price, Opt(req.daily_cap), hold_reason,
           hold_until, now, now});
      if (!n) return core::Fail(n.error());
      if (hold_reason == "credits" && mailer_ != nullptr) {
        auto first = ledger_.ClaimExhaustedAlert(tx, req.account_id);
        if (!first) return core::Fail(first.error());
        if (*first) {
          auto held = tx.Query(
              "SELECT COUNT(*) FROM credit_reservations WHERE account_id = ? AND status = 'held'",
              {req.account_id});
          if (!held) return core::Fail(held.error());
          if (auto sent = mailer_->CreditsExhausted(tx, req.account_id, *balance,
                                                    held->front().Int(0), options_.hold_days);
              !sent) {
            return sent;
          }
        }
      }
      return core::Ok();
    }
    if (price > 0) {
      auto entry = ledger_.AppendIn(tx, {req.account_id, -price, EntryReason::kLead, req.lead_id,
                                         LeadChargeKey(req.lead_id)});
      if (!entry) return core::Fail(entry.error());
    }
    auto n = tx.Exec(
        "INSERT INTO credit_reservations (lead_id, account_id, campaign_id, credits, daily_cap, "
        "status, handover_pending, reserved_day, created_at, reserved_at, updated_at) VALUES (?, "
        "?, ?, ?, ?, 'reserved', 0, ?, ?, ?, ?)",
        {req.lead_id, req.account_id, req.campaign_id, price, Opt(req.daily_cap), day, now, now,
         now});
    if (!n) return core::Fail(n.error());
    return core::Ok();
  });
  if (!st) return core::Fail(st.error());
  return decision;
}

core::Status ChargeService::Commit(std::string_view lead_id) {
  auto n = db_.Exec(
      "UPDATE credit_reservations SET status = 'committed', updated_at = ? WHERE lead_id = ? AND "
      "status = 'reserved'",
      {clock_.NowUnixMillis(), std::string(lead_id)});
  if (!n) return core::Fail(n.error());
  return core::Ok();
}

core::Result<bool> ChargeService::Refund(std::string_view lead_id) {
  auto first = Get(lead_id);
  if (!first) return core::Fail(first.error());
  if (!*first || (*first)->status != "reserved") return false;
  const std::string account = (*first)->account_id;
  bool refunded = false;
  LedgerEntry credit;
  auto st = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    refunded = false;
    if (auto b = ledger_.LockIn(tx, account); !b) return core::Fail(b.error());
    auto r = Load(tx, lead_id);  // again, under the lock
    if (!r) return core::Fail(r.error());
    if (!*r || (*r)->status != "reserved") return core::Ok();
    if ((*r)->credits > 0) {
      auto e = ledger_.AppendIn(tx, {account, (*r)->credits, EntryReason::kRefund,
                                     std::string(lead_id), LeadRefundKey(lead_id)});
      if (!e) return core::Fail(e.error());
      credit = std::move(*e);
    }
    auto n = tx.Exec(
        "UPDATE credit_reservations SET status = 'refunded', handover_pending = 0, updated_at = ? "
        "WHERE lead_id = ?",
        {clock_.NowUnixMillis(), std::string(lead_id)});
    if (!n) return core::Fail(n.error());
    refunded = true;
    return core::Ok();
  });
  if (!st) return core::Fail(st.error());
  if (refunded && credit.amount > 0) ledger_.NotifyCommitted(credit);
  return refunded;
}

core::Result<std::vector<Reservation>> ChargeService::ReleaseHeld(std::string_view account_id,
                                                                  int limit) {
  std::vector<Reservation> released;
  const std::string account(account_id);
  auto st = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    released.clear();
    auto balance = ledger_.LockIn(tx, account);
    if (!balance) return core::Fail(balance.error());
    const int64_t now = clock_.NowUnixMillis();
    const int64_t day = now / kDayMs;
    auto rows = tx.Query(
        fmt::format("SELECT {} FROM credit_reservations WHERE account_id = ? AND status = 'held' "
                    "AND hold_until > ? ORDER BY created_at, lead_id LIMIT ?",
                    kColumns),
        {account, now, int64_t{limit}});
    if (!rows) return core::Fail(rows.error());
    int64_t left = *balance;
    for (const auto& row : *rows) {
      Reservation r = ReservationFrom(row);
      if (r.credits > left) break;  // oldest first: a younger lead does not jump the queue
      if (r.credits > 0 && r.daily_cap) {
        auto spent = SpentToday(tx, r.campaign_id, day);
        if (!spent) return core::Fail(spent.error());
        if (*spent + r.credits > *r.daily_cap) continue;  // this campaign is full today
      }
      if (r.credits > 0) {
        auto e = ledger_.AppendIn(
            tx, {account, -r.credits, EntryReason::kLead, r.lead_id, LeadChargeKey(r.lead_id)});
        if (!e) return core::Fail(e.error());
        left = e->balance_after;
      }
      auto n = tx.Exec(
          "UPDATE credit_reservations SET status = 'reserved', hold_reason = NULL, "
          "handover_pending = 1, reserved_day = ?, reserved_at = ?, updated_at = ? WHERE lead_id "
          "= ?",
          {day, now, now, r.lead_id});
      if (!n) return core::Fail(n.error());
      r.status = "reserved";
      r.hold_reason.clear();
      r.handover_pending = true;
      r.reserved_at_ms = now;
      released.push_back(std::move(r));
    }
    return core::Ok();
  });
  if (!st) return core::Fail(st.error());
  return released;
}

core::Status ChargeService::MarkHandedOver(std::string_view lead_id) {
  auto n = db_.Exec(
      "UPDATE credit_reservations SET handover_pending = 0, updated_at = ? WHERE lead_id = ?",
      {clock_.NowUnixMillis(), std::string(lead_id)});
  if (!n) return core::Fail(n.error());
  return core::Ok();
}

core::Result<std::vector<Reservation>> ChargeService::PendingHandovers(int limit) {
  auto rows = db_.Query(
      fmt::format("SELECT {} FROM credit_reservations WHERE handover_pending = 1 AND status IN "
                  "('reserved', 'committed') ORDER BY created_at, lead_id LIMIT ?",
                  kColumns),
      {int64_t{limit}});
  if (!rows) return core::Fail(rows.error());
  std::vector<Reservation> out;
  for (const auto& r : *rows) out.push_back(ReservationFrom(r));
  return out;
}

core::Result<std::vector<std::string>> ChargeService::ExpireHeld(int limit) {
  const int64_t now = clock_.NowUnixMillis();
  std::vector<std::string> expired;
  auto st = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    expired.clear();
    auto rows = tx.Query(
        "SELECT lead_id FROM credit_reservations WHERE status = 'held' AND hold_until <= ? ORDER "
        "BY hold_until, lead_id LIMIT ?",
        {now, int64_t{limit}});
    if (!rows) return core::Fail(rows.error());
    for (const auto& r : *rows) {
      // Guarded: a release that won the race keeps its lead.
      auto n = tx.Exec(
          "UPDATE credit_reservations SET status = 'expired', updated_at = ? WHERE lead_id = ? "
          "AND status = 'held'",
          {now, r.Text(0)});
      if (!n) return core::Fail(n.error());
      if (*n == 1) expired.push_back(r.Text(0));
    }
    return core::Ok();
  });
  if (!st) return core::Fail(st.error());
  return expired;
}

core::Result<std::vector<std::string>> ChargeService::AccountsWithHeld(int limit) {
  auto rows = db_.Query(
      "SELECT DISTINCT account_id FROM credit_reservations WHERE status = 'held' ORDER BY "
      "account_id LIMIT ?",
      {int64_t{limit}});
  if (!rows) return core::Fail(rows.error());
  std::vector<std::string> out;
  for (const auto& r : *rows) out.push_back(r.Text(0));
  return out;
}

core::Result<int64_t> ChargeService::HeldCount(std::string_view account_id) {
  auto rows =
      db_.Query("SELECT COUNT(*) FROM credit_reservations WHERE account_id = ? AND status = 'held'",
                {std::string(account_id)});
  if (!rows) return core::Fail(rows.error());
  return rows->front().Int(0);
}

core::Result<std::optional<Reservation>> ChargeService::Get(std::string_view lead_id) {
  auto rows =
      db_.Query(fmt::format("SELECT {} FROM credit_reservations WHERE lead_id = ?", kColumns),
                {std::string(lead_id)});
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return std::optional<Reservation>();
  return std::optional<Reservation>(ReservationFrom(rows->front()));
}

}  // namespace leados::billing
