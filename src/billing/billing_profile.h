#pragma once
// BillingProfile: the name and postal address an account's invoices are made out to, and the
// store that keeps one per account (table billing_profiles, migration 0092).
//
// Decisions, where the issue was silent:
//  - A business's billing address is account data (kept for the life of the account + 30 days,
//    and as printed on each invoice for 7 years with the invoice): it is stored as plain columns.
//    (The free-text address typed at sign-up stays encrypted in accounts; it is the fallback
//    when no profile was saved, see InvoiceService.)
//  - Validation (kInvalidArgument naming the field and what to change): name 1–200 characters;
//    company optional up to 200; 1 to 3 address lines, each up to 200; postal code up to 20;
//    city 1–100; country an ISO 3166-1 alpha-2 code (two letters, stored upper-case); VAT id
//    optional, up to 32 letters, digits, '-', '.' or ' ' after a two-letter country prefix.
//    Text must be valid UTF-8 without control characters, and is trimmed.

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "store/database.h"

namespace leados::billing {

struct BillingProfile {
  std::string name;                        // the person or the business to bill
  std::string company;                     // optional ("" when none)
  std::vector<std::string> address_lines;  // 1–3
  std::string postal_code;                 // may be empty (some countries have none)
  std::string city;
  std::string country;        // ISO 3166-1 alpha-2, upper-case
  std::string vat_id;         // optional
  int64_t updated_at_ms = 0;  // set by the store
};

// Trims and checks every field; returns the normalised profile or the first problem.
core::Result<BillingProfile> ValidateBillingProfile(BillingProfile profile);

// The lines printed as the buyer block of an invoice: company (if any), name, address lines,
// "<postal code> <city>", country, "VAT: <id>" (if any).
std::vector<std::string> AddressBlock(const BillingProfile& profile);

// The per-account profile in SQL. Thread-safe.
class BillingProfileStore {
 public:
  // `db` and `clock` must outlive the store.
  BillingProfileStore(store::Database& db, const core::Clock& clock);

  // kNotFound "no billing profile for this account; set one with updateBillingProfile".
  core::Result<BillingProfile> Get(std::string_view account_id);
  // Same, inside the caller's transaction.
  core::Result<BillingProfile> Get(store::SqlSession& session, std::string_view account_id);
  // Validates and stores (insert or replace) the profile; returns it as stored.
  core::Result<BillingProfile> Update(std::string_view account_id, BillingProfile profile);

 private:
  store::Database& db_;
  const core::Clock& clock_;
};

}  // namespace leados::billing
