#include "billing/ledger.h"

#include <fmt/format.h>

#include <charconv>

#include "core/log.h"

namespace leados::billing {
namespace {

constexpr size_t kMaxKey = 200;
constexpr size_t kMaxReference = 500;

constexpr std::string_view kEntryColumns =
    "id, account_id, seq, amount, balance_after, reason, reference, idempotency_key, created_at";

LedgerEntry EntryFrom(const store::Row& r) {
  LedgerEntry e;
  e.id = r.Int(0);
  e.account_id = r.Text(1);
  e.seq = r.Int(2);
  e.amount = r.Int(3);
  e.balance_after = r.Int(4);
  e.reason = ParseEntryReason(r.Text(5)).value_or(EntryReason::kAdjustment);
  e.reference = r.Text(6);
  e.idempotency_key = r.Text(7);
  e.created_at_ms = r.Int(8);
  return e;
}

core::Status Validate(const AppendRequest& r) {
  if (r.account_id.empty()) return core::InvalidArgument("account_id: required");
  if (r.amount == 0) return core::InvalidArgument("amount: must not be 0");
  if (r.idempotency_key.empty()) {
    return core::InvalidArgument("idempotency_key: required (a key unique to this change)");
  }
  if (r.idempotency_key.size() > kMaxKey) {
    return core::InvalidArgument(fmt::format("idempotency_key: at most {} bytes", kMaxKey));
  }
  if (r.reference.size() > kMaxReference) {
    return core::InvalidArgument(fmt::format("reference: at most {} bytes", kMaxReference));
  }
  return core::Ok();
}

// Makes sure the account's balance row exists (a no-op when it does), then locks it.
struct Locked {
  int64_t balance = 0;
  int64_t entry_count = 0;
  std::optional<int64_t> low_threshold;
  bool low_alerted = false;
};

core::Result<Locked> LockBalance(store::SqlSession& tx, const std::string& account, int64_t now) {
  auto created = tx.Exec(
      "INSERT INTO credit_balances (account_id, balance, entry_count, created_at, updated_at) "
      "VALUES (?, 0, 0, ?, ?) ON CONFLICT (account_id) DO NOTHING",
      {account, now, now});
  if (!created) return core::Fail(created.error());
  const std::string sql = tx.dialect() == store::Dialect::kPostgres
                              ? "SELECT balance, entry_count, low_threshold, low_alerted FROM "
                                "credit_balances WHERE account_id = ? FOR UPDATE"
                              : "SELECT balance, entry_count, low_threshold, low_alerted FROM "
                                "credit_balances WHERE account_id = ?";
  auto rows = tx.Query(sql, {account});
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return core::Internal("credit balance row of " + account + " vanished");
  const store::Row& r = rows->front();
  return Locked{r.Int(0), r.Int(1), r.OptInt(2), r.Int(3) != 0};
}

// "<id>": the id of the last entry of the previous page.
core::Result<std::optional<int64_t>> ParseCursor(std::string_view cursor) {
  if (cursor.empty()) return std::optional<int64_t>();
  int64_t id = 0;
  if (cursor.size() > 1 && cursor[0] == 'e') {
    auto [end, ec] = std::from_chars(cursor.data() + 1, cursor.data() + cursor.size(), id);
    if (ec == std::errc() && end == cursor.data() + cursor.size() && id > 0) {
      return std::optional<int64_t>(id);
    }
  }
  return core::InvalidArgument(
      "cursor: not a cursor from a previous page of ledger entries (pass next_cursor as is)");
}

}  // namespace

std::string_view EntryReasonName(EntryReason reason) {
  switch (reason) {
    case EntryReason::kPurchase: return "purchase";
    case EntryReason::kLead: return "lead";
    case EntryReason::kRefund: return "refund";
    case EntryReason::kAdjustment: return "adjustment";
    case EntryReason::kGrant: return "grant";
    case EntryReason::kExpiry: return "expiry";
  }
  return "adjustment";
}

std::optional<EntryReason> ParseEntryReason(std::string_view name) {
  for (auto r : {EntryReason::kPurchase, EntryReason::kLead, EntryReason::kRefund,
                 EntryReason::kAdjustment, EntryReason::kGrant, EntryReason::kExpiry}) {
    if (EntryReasonName(r) == name) return r;
  }
  return std::nullopt;
}

Ledger::Ledger(store::Database& db, const core::Clock& clock, LedgerOptions options,
               CreditAlerts* alerts)
    : db_(db), clock_(clock), options_(options), alerts_(alerts) {}

void Ledger::AddCreditListener(std::function<void(const std::string&)> fn) {
  credit_listeners_.push_back(std::move(fn));
}

void Ledger::NotifyCommitted(const LedgerEntry& entry) {
  if (entry.replayed || entry.amount <= 0) return;
  for (const auto& fn : credit_listeners_) fn(entry.account_id);
}

core::Result<LedgerEntry> Ledger::Append(const AppendRequest& request) {
  LedgerEntry out;
  auto st = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto e = AppendIn(tx, request);
    if (!e) return core::Fail(e.error());
    out = std::move(*e);
    return core::Ok();
  });
  if (!st) return core::Fail(st.error());
  NotifyCommitted(out);
  return out;
}

core::Result<LedgerEntry> Ledger::AppendIn(store::SqlSession& tx, const AppendRequest& request) {
  if (auto v = Validate(request); !v) return core::Fail(v.error());
  const int64_t now = clock_.NowUnixMillis();
  auto locked = LockBalance(tx, request.account_id, now);
  if (!locked) return core::Fail(locked.error());

  // The key is looked up only now, under the lock: a concurrent append with the same key has
  // either committed (we see it) or waits behind us.
  auto existing = tx.Query(
      fmt::format("SELECT {} FROM ledger_entries WHERE idempotency_key = ?", kEntryColumns),
      {request.idempotency_key});
  if (!existing) return core::Fail(existing.error());
  if (!existing->empty()) {
    LedgerEntry e = EntryFrom(existing->front());
    if (e.account_id != request.account_id || e.amount != request.amount ||
        e.reason != request.reason) {
      return core::Fail(
          core::ErrorCode::kConflict,
          fmt::format("idempotency_key '{}' was already used for another change "
                      "({} {} credits for {}); use a new key",
                      request.idempotency_key, EntryReasonName(e.reason), e.amount, e.account_id));
    }
    e.replayed = true;
    return e;
  }

  const int64_t balance = locked->balance;
  if (request.amount < 0 && balance + request.amount < 0) {
    return core::Fail(core::ErrorCode::kFailedPrecondition,
                      fmt::format("insufficient credits: the balance is {} and this needs {}; buy "
                                  "credits first",
                                  balance, -request.amount));
  }
  const int64_t after = balance + request.amount;
  const int64_t seq = locked->entry_count + 1;
  auto inserted = tx.Query(
      "INSERT INTO ledger_entries (account_id, seq, amount, balance_after, reason, reference, "
      "idempotency_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {request.account_id, seq, request.amount, after, std::string(EntryReasonName(request.reason)),
       request.reference, request.idempotency_key, now});
  if (!inserted) return core::Fail(inserted.error());
  if (inserted->empty()) return core::Internal("ledger insert returned no id");

  // Low-credit alert: once per crossing below the threshold, re-armed at or above it.
  const int64_t threshold = locked->low_threshold.value_or(options_.default_low_threshold);
  bool low_alerted = locked->low_alerted;
  if (threshold > 0 && request.amount < 0 && balance >= threshold && after < threshold &&
      !low_alerted) {
    low_alerted = true;
    if (alerts_ != nullptr) {
      if (auto st = alerts_->LowCredits(tx, request.account_id, after, threshold); !st) {
        return core::Fail(st.error());
      }
    }
  } else if (after >= threshold) {
    low_alerted = false;
  }
  auto updated =
      tx.Exec(request.amount > 0
                  ? "UPDATE credit_balances SET balance = ?, entry_count = ?, low_alerted = ?, "
                    "exhausted_alerted = 0, updated_at = ? WHERE account_id = ?"
                  : "UPDATE credit_balances SET balance = ?, entry_count = ?, low_alerted = ?, "
                    "updated_at = ? WHERE account_id = ?",
              {after, seq, int64_t{low_alerted ? 1 : 0}, now, request.account_id});
  if (!updated) return core::Fail(updated.error());

  LedgerEntry e;
  e.id = inserted->front().Int(0);
  e.account_id = request.account_id;
  e.seq = seq;
  e.amount = request.amount;
  e.balance_after = after;
  e.reason = request.reason;
  e.reference = request.reference;
  e.idempotency_key = request.idempotency_key;
  e.created_at_ms = now;
  return e;
}

core::Result<int64_t> Ledger::LockIn(store::SqlSession& tx, std::string_view account_id) {
  auto locked = LockBalance(tx, std::string(account_id), clock_.NowUnixMillis());
  if (!locked) return core::Fail(locked.error());
  return locked->balance;
}

core::Result<int64_t> Ledger::Balance(std::string_view account_id) {
  auto rows = db_.Query("SELECT balance FROM credit_balances WHERE account_id = ?",
                        {std::string(account_id)});
  if (!rows) return core::Fail(rows.error());
  return rows->empty() ? int64_t{0} : rows->front().Int(0);
}

core::Result<int64_t> Ledger::BalanceIn(store::SqlSession& tx, std::string_view account_id) {
  auto rows = tx.Query("SELECT balance FROM credit_balances WHERE account_id = ?",
                       {std::string(account_id)});
  if (!rows) return core::Fail(rows.error());
  return rows->empty() ? int64_t{0} : rows->front().Int(0);
}

core::Result<BalanceView> Ledger::View(std::string_view account_id) {
  auto rows = db_.Query(
      "SELECT balance, low_threshold, updated_at, entry_count FROM credit_balances WHERE "
      "account_id = ?",
      {std::string(account_id)});
  if (!rows) return core::Fail(rows.error());
  BalanceView v;
  v.account_id = std::string(account_id);
  v.low_threshold = options_.default_low_threshold;
  if (!rows->empty()) {
    const store::Row& r = rows->front();
    v.balance = r.Int(0);
    if (auto t = r.OptInt(1)) {
      v.low_threshold = *t;
      v.low_threshold_default = false;
    }
    if (r.Int(3) > 0) v.updated_at_ms = r.Int(2);
  }
  return v;
}

core::Status Ledger::SetLowThreshold(std::string_view account_id,
                                     std::optional<int64_t> threshold) {
  if (threshold && *threshold < 0) {
    return core::InvalidArgument(
        "low_credit_threshold: must be 0 or more (or null for the default)");
  }
  const std::string account(account_id);
  return db_.Transact([&](store::SqlSession& tx) -> core::Status {
    const int64_t now = clock_.NowUnixMillis();
    auto locked = LockBalance(tx, account, now);
    if (!locked) return core::Fail(locked.error());
    store::SqlValue value;
    if (threshold) value = *threshold;
    const int64_t effective = threshold.value_or(options_.default_low_threshold);
    // A balance at or above the new threshold re-arms the alert.
    auto n = tx.Exec(
        "UPDATE credit_balances SET low_threshold = ?, low_alerted = CASE WHEN balance >= ? THEN 0 "
        "ELSE low_alerted END, updated_at = ? WHERE account_id = ?",
        {value, effective, now, account});
    if (!n) return core::Fail(n.error());
    return core::Ok();
  });
}

core::Result<bool> Ledger::ClaimExhaustedAlert(store::SqlSession& tx, std::string_view account_id) {
  const std::string account(account_id);
  auto locked = LockBalance(tx, account, clock_.NowUnixMillis());
  if (!locked) return core::Fail(locked.error());
  auto n = tx.Exec(
      "UPDATE credit_balances SET exhausted_alerted = 1 WHERE account_id = ? AND "
      "exhausted_alerted = 0",
      {account});
  if (!n) return core::Fail(n.error());
  return *n > 0;
}

core::Result<LedgerPage> Ledger::List(std::string_view account_id, std::string_view cursor,
                                      int limit) {
  if (limit < 1 || limit > 200) {
    return core::InvalidArgument(
        fmt::format("limit: must be a whole number from 1 to 200 (got {})", limit));
  }
  auto before = ParseCursor(cursor);
  if (!before) return core::Fail(before.error());
  std::vector<store::SqlValue> params{std::string(account_id)};
  std::string sql =
      fmt::format("SELECT {} FROM ledger_entries WHERE account_id = ?", kEntryColumns);
  if (*before) {
    sql += " AND id < ?";
    params.emplace_back(**before);
  }
  sql += " ORDER BY id DESC LIMIT ?";
  params.emplace_back(int64_t{limit} + 1);
  auto rows = db_.Query(sql, params);
  if (!rows) return core::Fail(rows.error());
  LedgerPage page;
  for (const auto& r : *rows) {
    if (static_cast<int>(page.entries.size()) == limit) {
      page.next_cursor = fmt::format("e{}", page.entries.back().id);
      break;
    }
    page.entries.push_back(EntryFrom(r));
  }
  return page;
}

core::Result<VerifyReport> Ledger::Verify() {
  VerifyReport report;
  auto accounts = db_.Query("SELECT account_id FROM credit_balances ORDER BY account_id");
  if (!accounts) return core::Fail(accounts.error());
  for (const auto& a : *accounts) {
    const std::string account = a.Text(0);
    ++report.accounts;
    // One statement: one consistent snapshot of the balance and its entries.
    auto rows = db_.Query(
        "SELECT b.balance, b.entry_count, e.seq, e.amount, e.balance_after, b.opening_seq, "
        "b.opening_balance FROM credit_balances b "
        "LEFT JOIN ledger_entries e ON e.account_id = b.account_id WHERE b.account_id = ? "
        "ORDER BY e.seq",
        {account});
    if (!rows) return core::Fail(rows.error());
    if (rows->empty()) continue;  // deleted meanwhile
    const int64_t balance = rows->front().Int(0);
    const int64_t entry_count = rows->front().Int(1);
    // Entries the 7-year retention deleted are summed up in the opening seq and balance
    // (migration 0110, src/retention/README.md): the chain of the kept entries starts there.
    const int64_t opening_seq = rows->front().Int(5);
    const int64_t opening_balance = rows->front().Int(6);
    int64_t sum = opening_balance, prev_after = opening_balance, expected_seq = opening_seq + 1,
            n = 0;
    std::vector<std::string> found;
    for (const auto& r : *rows) {
      if (r.IsNull(2)) continue;  // LEFT JOIN without entries
      ++n;
      const int64_t seq = r.Int(2), amount = r.Int(3), after = r.Int(4);
      sum += amount;
      if (seq != expected_seq && found.size() < 5) {
        found.push_back(fmt::format("entry seq {} where {} was expected", seq, expected_seq));
      }
      if (after != prev_after + amount && found.size() < 5) {
        found.push_back(fmt::format("entry seq {}: balance_after {} != previous {} + amount {}",
                                    seq, after, prev_after, amount));
      }
      if (after < 0 && found.size() < 5) {
        found.push_back(fmt::format("entry seq {}: negative balance_after {}", seq, after));
      }
      prev_after = after;
      expected_seq = seq + 1;
    }
    report.entries += n;
    if (balance != sum)
      found.push_back(fmt::format("balance {} != sum of entries {}", balance, sum));
    if (n > 0 && balance != prev_after) {
      found.push_back(
          fmt::format("balance {} != balance_after {} of the last entry", balance, prev_after));
    }
    if (entry_count != opening_seq + n) {
      found.push_back(fmt::format("entry_count {} != {} entries after opening seq {}", entry_count,
                                  n, opening_seq));
    }
    if (balance < 0) found.push_back(fmt::format("negative balance {}", balance));
    for (auto& p : found) report.problems.push_back({account, std::move(p)});
  }
  auto orphans = db_.Query(
      "SELECT DISTINCT account_id FROM ledger_entries WHERE account_id NOT IN (SELECT account_id "
      "FROM credit_balances) ORDER BY account_id");
  if (!orphans) return core::Fail(orphans.error());
  for (const auto& r : *orphans) {
    report.problems.push_back({r.Text(0), "ledger entries without a balance row"});
  }
  return report;
}

}  // namespace leados::billing
