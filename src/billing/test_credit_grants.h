#pragma once
// SqlTestCreditGrants: a stand-in for the credit ledger in tests (tests only). It keeps entries
// in its own table `test_credit_entries` (created by Install) inside the caller's transaction, so
// tests see grants roll back and commit with the Stripe rows, on SQLite and PostgreSQL.

#include <string>

#include "billing/credit_grants.h"

namespace leados::billing::testing {

class SqlTestCreditGrants final : public CreditGrants {
 public:
  // Creates the table in `db` (idempotent).
  static core::Status Install(store::Database& db);

  core::Status Grant(store::SqlSession& tx, std::string_view account_id, int64_t credits,
                     std::string_view session_id) override;
  core::Result<int64_t> Revoke(store::SqlSession& tx, std::string_view account_id, int64_t credits,
                               std::string_view key) override;

  // The sum of the account's entries.
  static core::Result<int64_t> Balance(store::Database& db, std::string_view account_id);
  // How many entries the account has.
  static core::Result<int64_t> EntryCount(store::Database& db, std::string_view account_id);
  // Spends credits (a lead charge), for refund-after-spend tests.
  static core::Status Spend(store::Database& db, std::string_view account_id, int64_t credits,
                            std::string_view key);
};

}  // namespace leados::billing::testing
