#include "billing/ledger_credit_grants.h"

#include <algorithm>

namespace leados::billing {

core::Status LedgerCreditGrants::Grant(store::SqlSession& tx, std::string_view account_id,
                                       int64_t credits, std::string_view session_id) {
  auto entry = ledger_.AppendIn(tx, {std::string(account_id), credits, EntryReason::kPurchase,
                                     std::string(session_id), std::string(session_id)});
  if (!entry) return core::Fail(entry.error());
  return core::Ok();
}

core::Result<int64_t> LedgerCreditGrants::Revoke(store::SqlSession& tx, std::string_view account_id,
                                                 int64_t credits, std::string_view key) {
  auto balance = ledger_.LockIn(tx, account_id);
  if (!balance) return core::Fail(balance.error());
  const int64_t take = std::clamp<int64_t>(*balance, 0, credits);
  if (take == 0) return int64_t{0};
  auto entry = ledger_.AppendIn(tx, {std::string(account_id), -take, EntryReason::kRefund,
                                     std::string(key), std::string(key)});
  if (!entry) return core::Fail(entry.error());
  return -entry->amount;
}

void LedgerCreditGrants::Committed(std::string_view account_id) {
  LedgerEntry e;
  e.account_id = std::string(account_id);
  e.amount = 1;  // a credit: NotifyCommitted runs the listeners for credits only
  ledger_.NotifyCommitted(e);
}

}  // namespace leados::billing
