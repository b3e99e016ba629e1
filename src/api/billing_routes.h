#pragma once
// The credit routes (issue 8): getBalance (GET /v1/balance), updateBalanceSettings (PATCH
// /v1/balance: the account's low-credit threshold), listLedgerEntries (GET /v1/ledger-entries,
// newest first, cursor pagination like listLeads) and adminAdjustCredits (POST
// /admin/api/accounts/{id}/credits: an audited adjustment with a required reason).
//
// Authentication: reads need a portal session or an API key with billing:read; the threshold a
// portal session; the adjustment an admin session (and the admin allow-list). Bad input is a 400
// naming the field, and nothing is stored. Shapes: src/billing/README.md.

#include <functional>
#include <string>

#include "accounts/account_service.h"
#include "accounts/audit_log.h"
#include "api/accounts_api.h"
#include "billing/charges.h"
#include "billing/ledger.h"
#include "http/router.h"
#include "store/database.h"

namespace leados::api {

struct BillingRouteServices {
  billing::Ledger& ledger;
  billing::ChargeService& charges;
  accounts::AccountService& accounts;
  accounts::AuditLog& audit;
  store::Database& db;
};

// Registers the routes behind `api`'s checks. Every service must outlive the router.
void AddBillingRoutes(AccountsApi& api, http::Router& router, BillingRouteServices services);

}  // namespace leados::api
