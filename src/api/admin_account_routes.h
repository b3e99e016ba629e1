#pragma once
// The admin console's account routes (issue 10), all under /admin (so only allow-listed addresses
// reach them) and all needing an admin session (and its CSRF token for changes):
//
//   GET  /admin/api/accounts?q=&cursor=&limit=   adminListAccounts: search by account id, company
//        name or user email (case-insensitive substring), newest first; each row has id,
//        company_name, owner_email, status, suspended, suspended_at, suspended_reason,
//        created_at and balance. limit 1..100 (default 50); next_cursor pages on.
//   GET  /admin/api/accounts/{id}                adminGetAccount: the row above plus users
//        (email, name, role, email_verified, created_at), campaigns {total, active}, api_keys
//        {total, active}, low_credit_threshold, the 10 newest ledger entries and the 10 newest
//        payments (Stripe Checkout sessions), and suspension (null or {at, reason}).
//   POST /admin/api/accounts/{id}/suspend {reason} adminSuspendAccount (audited
//        admin.account.suspend; ends the account's sessions; see accounts/account_directory.h)
//   POST /admin/api/accounts/{id}/reinstate        adminReinstateAccount (admin.account.reinstate)
//
// Every read of an account's detail is audited too (admin.account.read), as reading the audit log
// is: the admin console shows a client's data, and who looked is worth knowing.
// Errors: 400 naming the field (limit, cursor, reason), 404 "no account …", 409 when already
// suspended / not suspended. Balances and payments come from src/billing, campaign counts from
// src/campaigns; `payments` may be null (no Stripe configured: the detail lists none).

#include <functional>

#include "accounts/account_directory.h"
#include "accounts/audit_log.h"
#include "api/accounts_api.h"
#include "billing/ledger.h"
#include "billing/stripe_checkout.h"
#include "campaigns/campaign_store.h"
#include "http/router.h"
#include "store/database.h"

namespace leados::api {

struct AdminAccountRouteServices {
  accounts::AccountDirectory& directory;
  billing::Ledger& ledger;
  campaigns::CampaignStore& campaigns;
  billing::StripeCheckout* payments;  // may be null
  accounts::AuditLog& audit;
  store::Database& db;
  // Called after a suspension or reinstatement committed (the composition root reloads the
  // active campaigns, so a suspended account's campaigns stop matching at once). May be empty.
  std::function<void()> on_suspension_changed;
};

// Registers the routes behind `api`'s checks. Every service must outlive the router.
void AddAdminAccountRoutes(AccountsApi& api, http::Router& router,
                           AdminAccountRouteServices services);

}  // namespace leados::api
