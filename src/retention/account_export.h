#pragma once
// AccountExport (exportAccountData): everything the system holds about one client account as one
// JSON document — the account (with its decrypted billing address), users (no password hashes),
// campaigns and every revision, API keys (name, display prefix, scopes, dates; no hashes),
// webhook endpoints (no secrets), ledger entries, invoices (metadata; the PDFs are downloadable
// through the invoice routes), the billing profile, supply scans and the account's audit events.
// Leads are not included: their personal data belongs to the people behind the signals, and
// their metadata is listed by listLeads. Thread-safe (reads only).

#include <string>

#include "accounts/account_service.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/result.h"
#include "store/database.h"

namespace leados::retention {

class AccountExport {
 public:
  // Every reference must outlive this object.
  AccountExport(store::Database& db, const core::Clock& clock, accounts::AccountService& accounts)
      : db_(db), clock_(clock), accounts_(accounts) {}

  // The document: {"format":"leados.account_export.v1","exported_at":…,"account":{…},
  // "users":[…],"campaigns":[…],"campaign_revisions":[…],"api_keys":[…],
  // "webhook_endpoints":[…],"ledger_entries":[…],"invoices":[…],"billing_profile":{…}|null,
  // "supply_scans":[…],"audit_events":[…]}. Times are RFC 3339. kNotFound for an unknown account.
  core::Result<core::json::object> Export(const std::string& account_id);

 private:
  store::Database& db_;
  const core::Clock& clock_;
  accounts::AccountService& accounts_;
};

}  // namespace leados::retention
