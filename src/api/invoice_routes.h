#pragma once
// The invoice routes (issue 8, part 3):
//   getBillingProfile     GET  /v1/billing/profile       the address invoices are made out to
//   updateBillingProfile  PUT  /v1/billing/profile       {"name","company","address_lines":[…],
//                                                          "postal_code","city","country","vat_id"}
//   listInvoices          GET  /v1/invoices              newest first; limit (1–100, default 50),
//                                                          cursor (next_cursor of the last page)
//   getInvoice            GET  /v1/invoices/{id}         one invoice's metadata
//   downloadInvoice       GET  /v1/invoices/{id}/pdf     application/pdf, Content-Disposition:
//                                                          attachment;
//                                                          filename="LO-2026-000001.pdf"
//
// Authentication: reads take a portal session or an API key with the scope billing:read;
// updateBillingProfile takes a portal session only (no API-key scope grants writes to billing
// data). Tenancy: another account's invoice is 404, like one that does not exist.
// An invoice's JSON: {"id","number","kind":"purchase"|"statement","period","amount_cents",
// "currency","credits","reference","created_at","pdf_ready","download_url"}.

#include "api/accounts_api.h"
#include "billing/billing_profile.h"
#include "billing/invoice_service.h"
#include "http/router.h"

namespace leados::api {

// Every argument must outlive the router. Call before the router is frozen.
void AddInvoiceRoutes(AccountsApi& api, http::Router& router, billing::InvoiceService& invoices,
                      billing::BillingProfileStore& profiles);

}  // namespace leados::api
