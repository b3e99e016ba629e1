#pragma once
// LedgerCreditGrants: CreditGrants (the Stripe code's port) over the credit ledger.
//   Grant  -> Ledger::AppendIn(+credits, reason purchase, reference and idempotency key = the
//             Checkout Session id): a second grant for the session is the ledger's replay.
//   Revoke -> locks the balance row (Ledger::LockIn), then Ledger::AppendIn(-min(credits,
//             balance), reason refund, reference and key = `key`): never below zero.
//   Committed -> Ledger::NotifyCommitted, so held leads are released once the purchase commits.
// Thread-safe (the Ledger is).

#include "billing/credit_grants.h"
#include "billing/ledger.h"

namespace leados::billing {

class LedgerCreditGrants final : public CreditGrants {
 public:
  // `ledger` must outlive this object.
  explicit LedgerCreditGrants(Ledger& ledger) : ledger_(ledger) {}

  core::Status Grant(store::SqlSession& tx, std::string_view account_id, int64_t credits,
                     std::string_view session_id) override;
  core::Result<int64_t> Revoke(store::SqlSession& tx, std::string_view account_id, int64_t credits,
                               std::string_view key) override;
  void Committed(std::string_view account_id) override;

 private:
  Ledger& ledger_;
};

}  // namespace leados::billing
