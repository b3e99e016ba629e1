#include "billing/test_credit_grants.h"

#include <algorithm>

namespace leados::billing::testing {
namespace {

core::Result<int64_t> BalanceIn(store::SqlSession& s, std::string_view account_id) {
  auto rows =
      s.Query("SELECT COALESCE(SUM(amount), 0) FROM test_credit_entries WHERE account_id = ?",
              {std::string(account_id)});
  if (!rows) return core::Fail(rows.error());
  return rows->empty() ? 0 : (*rows)[0].Int(0);
}

}  // namespace

core::Status SqlTestCreditGrants::Install(store::Database& db) {
  return db.Transact([](store::SqlSession& s) {
    return s.ExecScript(
        "CREATE TABLE IF NOT EXISTS test_credit_entries (idempotency_key TEXT PRIMARY KEY, "
        "account_id TEXT NOT NULL, amount BIGINT NOT NULL, reason TEXT NOT NULL)");
  });
}

core::Status SqlTestCreditGrants::Grant(store::SqlSession& tx, std::string_view account_id,
                                        int64_t credits, std::string_view session_id) {
  auto n = tx.Exec(
      "INSERT INTO test_credit_entries (idempotency_key, account_id, amount, reason) "
      "VALUES (?, ?, ?, 'purchase') ON CONFLICT (idempotency_key) DO NOTHING",
      {std::string(session_id), std::string(account_id), credits});
  if (!n) return core::Fail(n.error());
  return core::Ok();
}

core::Result<int64_t> SqlTestCreditGrants::Revoke(store::SqlSession& tx,
                                                  std::string_view account_id, int64_t credits,
                                                  std::string_view key) {
  auto existing = tx.Query("SELECT amount FROM test_credit_entries WHERE idempotency_key = ?",
                           {std::string(key)});
  if (!existing) return core::Fail(existing.error());
  if (!existing->empty()) return -(*existing)[0].Int(0);
  auto balance = BalanceIn(tx, account_id);
  if (!balance) return core::Fail(balance.error());
  const int64_t take = std::clamp<int64_t>(*balance, 0, credits);
  auto n = tx.Exec(
      "INSERT INTO test_credit_entries (idempotency_key, account_id, amount, reason) "
      "VALUES (?, ?, ?, 'refund')",
      {std::string(key), std::string(account_id), -take});
  if (!n) return core::Fail(n.error());
  return take;
}

core::Result<int64_t> SqlTestCreditGrants::Balance(store::Database& db,
                                                   std::string_view account_id) {
  int64_t out = 0;
  auto st = db.Transact([&](store::SqlSession& s) -> core::Status {
    auto b = BalanceIn(s, account_id);
    if (!b) return core::Fail(b.error());
    out = *b;
    return core::Ok();
  });
  if (!st) return core::Fail(st.error());
  return out;
}

core::Result<int64_t> SqlTestCreditGrants::EntryCount(store::Database& db,
                                                      std::string_view account_id) {
  auto rows = db.Query("SELECT COUNT(*) FROM test_credit_entries WHERE account_id = ?",
                       {std::string(account_id)});
  if (!rows) return core::Fail(rows.error());
  return (*rows)[0].Int(0);
}

core::Status SqlTestCreditGrants::Spend(store::Database& db, std::string_view account_id,
                                        int64_t credits, std::string_view key) {
  auto n = db.Exec(
      "INSERT INTO test_credit_entries (idempotency_key, account_id, amount, reason) "
      "VALUES (?, ?, ?, 'lead')",
      {std::string(key), std::string(account_id), -credits});
  if (!n) return core::Fail(n.error());
  return core::Ok();
}

}  // namespace leados::billing::testing
