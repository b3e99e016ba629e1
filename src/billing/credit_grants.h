#pragma once
// CreditGrants: the port through which Stripe payments move credits. It exists so that the
// Stripe code does not wait for the credit ledger (issue 8, branch issue8-ledger): when both are
// merged, an adapter implements it with billing::Ledger::AppendIn (reason kPurchase with
// idempotency key = the Checkout Session id; reason kRefund for refunds). Tests use
// SqlTestCreditGrants (billing/test_credit_grants.h).
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
  // already spent. The same key again takes nothing more and returns what it took the first time.
  virtual core::Result<int64_t> Revoke(store::SqlSession& tx, std::string_view account_id,
                                       int64_t credits, std::string_view key) = 0;
};

// Used by `leados serve` until the ledger is merged: every call fails with kUnavailable, so the
// webhook answers 500 and Stripe redelivers the event later (nothing is lost; Stripe retries for
// up to three days). Replace it with the Ledger adapter when merging issue8-ledger.
class UnavailableCreditGrants final : public CreditGrants {
 public:
  core::Status Grant(store::SqlSession&, std::string_view, int64_t, std::string_view) override {
    return core::Unavailable("the credit ledger is not available in this build");
  }
  core::Result<int64_t> Revoke(store::SqlSession&, std::string_view, int64_t,
                               std::string_view) override {
    return core::Unavailable("the credit ledger is not available in this build");
  }
};

}  // namespace leados::billing
