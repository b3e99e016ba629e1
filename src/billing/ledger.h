#pragma once
// Ledger: the prepaid credit ledger of LeadOS — an append-only list of entries per account
// (amount, balance after, reason, reference, unique idempotency key) and a balance per account
// that never goes negative, under any concurrency, on both backends.
//
// Storage (migration 0090_billing_ledger): `credit_balances` holds one row per account, the row
// every change locks first (PostgreSQL: SELECT … FOR UPDATE under READ COMMITTED; SQLite:
// Database::Transact is BEGIN IMMEDIATE, so writers already take turns); `ledger_entries` holds
// the entries, numbered 1, 2, 3 … per account (`seq`), so balance_after forms a chain that
// `Verify` can check. A debit that would make the balance negative is refused before anything is
// written; CHECK (balance >= 0) constraints back that up in the schema.
//
// Idempotency: every entry carries a caller-chosen key, unique across all accounts (e.g.
// "lead:<lead id>", "stripe:cs_…"). Appending with a key already used returns the stored entry
// with `replayed = true` and writes nothing; the same key with another account, amount or reason
// is kConflict (a caller bug, not a retry). The key is checked after the balance row is locked,
// so two concurrent appends with one key write one entry.
//
// Thread-safe (the Database is). Amounts are whole credits (int64).

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "store/database.h"

namespace leados::billing {

// Why credits moved. Stored as EntryReasonName.
enum class EntryReason { kPurchase, kLead, kRefund, kAdjustment, kGrant, kExpiry };

// "purchase", "lead", "refund", "adjustment", "grant", "expiry".
std::string_view EntryReasonName(EntryReason reason);
// The reason of a stored name; nullopt for anything else.
std::optional<EntryReason> ParseEntryReason(std::string_view name);

// One stored entry.
struct LedgerEntry {
  int64_t id = 0;  // global, increasing in commit order of its account (not across accounts)
  std::string account_id;
  int64_t amount = 0;         // > 0 credit, < 0 debit, never 0
  int64_t balance_after = 0;  // the account's balance right after this entry, >= 0
  EntryReason reason = EntryReason::kAdjustment;
  std::string reference;  // what it is about: a lead id, a Stripe session, an admin note
  std::string idempotency_key;
  int64_t created_at_ms = 0;
  int64_t seq = 0;  // 1, 2, 3 … within the account
  // Not stored: true when Append found this entry already written under the same idempotency key
  // (a retry) and wrote nothing.
  bool replayed = false;
};

struct AppendRequest {
  std::string account_id;
  int64_t amount = 0;  // non-zero; negative = debit
  EntryReason reason = EntryReason::kAdjustment;
  std::string reference;        // may be empty; at most 500 bytes
  std::string idempotency_key;  // required; at most 200 bytes
};

// One page of an account's entries, newest first.
struct LedgerPage {
  std::vector<LedgerEntry> entries;
  std::string next_cursor;  // "" on the last page
};

// What `leados ledger verify` found wrong with one account.
struct AccountProblem {
  std::string account_id;
  std::string problem;  // e.g. "balance 90 != sum of entries 100"
};

struct VerifyReport {
  int64_t accounts = 0;                  // accounts checked
  int64_t entries = 0;                   // entries checked
  std::vector<AccountProblem> problems;  // empty: consistent
  bool clean() const { return problems.empty(); }
};

// The balance row as the API shows it.
struct BalanceView {
  std::string account_id;
  int64_t balance = 0;
  int64_t low_threshold = 0;             // the account's own or the configured default
  bool low_threshold_default = true;     // true when the account has not set its own
  std::optional<int64_t> updated_at_ms;  // nullopt: no entry yet
};

// Told inside the transaction that moves a balance below its low-credit threshold (once per
// crossing: re-armed when the balance is back at or above it). Implementations enqueue emails /
// events on `tx`; an error rolls the whole append back.
class CreditAlerts {
 public:
  virtual ~CreditAlerts() = default;
  virtual core::Status LowCredits(store::SqlSession& tx, std::string_view account_id,
                                  int64_t balance, int64_t threshold) = 0;
};

struct LedgerOptions {
  int64_t default_low_threshold = 0;  // billing.low_credit_threshold; 0: no low-credit alerts
};

class Ledger {
 public:
  // `db`, `clock` and `alerts` (may be null: no alerts) must outlive the ledger.
  Ledger(store::Database& db, const core::Clock& clock, LedgerOptions options = {},
         CreditAlerts* alerts = nullptr);

  // Appends one entry in its own transaction (see the class comment for idempotency). Errors:
  // kInvalidArgument (empty account or key, zero amount, over-long text); kFailedPrecondition
  // "insufficient credits: …" when a debit exceeds the balance (nothing written); kConflict for a
  // key reused with different content. After a commit that added credits (amount > 0, not a
  // replay) the credit listeners run (outside the transaction).
  core::Result<LedgerEntry> Append(const AppendRequest& request);

  // The same inside the caller's transaction `tx` (which the caller commits or rolls back). On
  // kFailedPrecondition nothing of this append is written but the caller's transaction stays
  // usable. Credit listeners do NOT run: call NotifyCommitted(entry) after your commit (or leave
  // it to the periodic release of held leads).
  core::Result<LedgerEntry> AppendIn(store::SqlSession& tx, const AppendRequest& request);

  // Runs the credit listeners for an entry committed through AppendIn (no-op for debits and
  // replays). Never fails: listeners log their own errors.
  void NotifyCommitted(const LedgerEntry& entry);

  // Registers `fn(account_id)`, run after credits were added to that account (held leads are
  // released this way). Call before the ledger is shared between threads.
  void AddCreditListener(std::function<void(const std::string& account_id)> fn);

  // Locks the account's balance row inside `tx` (creating it at 0 when missing) and returns the
  // balance: callers that decide on the balance before appending (ChargeService) hold the lock
  // for the rest of their transaction, so their decision and the append are one step.
  core::Result<int64_t> LockIn(store::SqlSession& tx, std::string_view account_id);

  // The account's balance (0 for an account without entries).
  core::Result<int64_t> Balance(std::string_view account_id);
  core::Result<int64_t> BalanceIn(store::SqlSession& tx, std::string_view account_id);
  // The balance with its threshold, for getBalance.
  core::Result<BalanceView> View(std::string_view account_id);

  // The account's own low-credit threshold (nullopt: back to the default). kInvalidArgument when
  // negative.
  core::Status SetLowThreshold(std::string_view account_id, std::optional<int64_t> threshold);

  // Sets the account's "credits exhausted" alert flag inside `tx`; true when it was not set yet
  // (the caller sends the email). Re-armed by any entry that adds credits.
  core::Result<bool> ClaimExhaustedAlert(store::SqlSession& tx, std::string_view account_id);

  // The account's entries, newest first. `cursor` is the next_cursor of the previous page ("" for
  // the first); `limit` 1..200. kInvalidArgument "cursor: …" / "limit: …".
  core::Result<LedgerPage> List(std::string_view account_id, std::string_view cursor, int limit);

  // Checks every account: the balance equals the sum of its entries and the balance_after of its
  // last entry; seq runs 1..n without gaps; each balance_after = previous + amount and is >= 0;
  // no entries without a balance row. Reads each account in one statement (one snapshot), so it
  // may run while credits are spent.
  core::Result<VerifyReport> Verify();

 private:
  store::Database& db_;
  const core::Clock& clock_;
  LedgerOptions options_;
  CreditAlerts* alerts_;
  std::vector<std::function<void(const std::string&)>> credit_listeners_;
};

}  // namespace leados::billing
