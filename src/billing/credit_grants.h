#pragma once
// CreditGrants: the port through which Stripe payments move credits. LedgerCreditGrants
// (ledger_credit_grants.h) implements it with billing::Ledger (reason purchase with idempotency
// key = the Checkout Session id; reason refund for refunds); tests of the Stripe rules alone use
// SqlTestCreditGrants (billing/test_credit_grants.h). It was written before the ledger existed and
// keeps the Stripe code to the two operations it needs.
//
// Both calls run INSIDE the caller's transaction `tx`, so a grant commits or rolls back together
// with the session row that says it was fulfilled.

#include <cstdint>
#include <string_view>

#include "core/result.h"
#include "store/database.h"

namespace leados::billing {

class CreditGrants {
 public:
  virtual ~CreditGrants() = default;

  // Adds `credits` (> 0) to `account_id` for the paid Checkout Session `session_id` (reason
  // purchase, idempotency key = session_id): calling it again with the same session id adds
  // nothing and succeeds. Errors are the ledger's (the caller rolls back).
  virtual core::Status Grant(store::SqlSession& tx, std::string_view account_id, int64_t credits,
                             std::string_view session_id) = 0;

  // Takes back up to `credits` (> 0) for a refund (reason refund, idempotency key `key`), never
  // taking the balance below zero: returns the credits actually taken (0..credits); the rest was
  // already spent. Called once per key (the caller's event dedupe sees to it).
  virtual core::Result<int64_t> Revoke(store::SqlSession& tx, std::string_view account_id,
                                       int64_t credits, std::string_view key) = 0;

  // Told after the transaction of a Grant to `account_id` committed (the ledger runs its credit
  // listeners: held leads are released). Never fails.
  virtual void Committed(std::string_view account_id) { (void)account_id; }
};

}  // namespace leados::billing
