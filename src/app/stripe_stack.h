#pragma once
// StripeStack: Stripe payments behind `leados serve`, on the credit ledger of BillingStack: the
// Stripe client (HttpStripeClient on its own CurlHttpClient), checkout
// (credit packs from billing.packs, return URLs from server.public_url), the webhook handler
// (stripe.webhook_secret, grants through LedgerCreditGrants, emails to the account's owners
// through the outbox) and the routes of src/api/stripe_routes.h.
// Configuration: billing.packs and the stripe.* keys (docs/configuration.md).
//
// The Stripe API host is chosen by the operator (stripe.base_url), not by a user, so its client
// is not restricted by the SSRF guard (a local stand-in on 127.0.0.1 works in tests).

#include <memory>

#include "accounts/account_service.h"
#include "api/accounts_api.h"
#include "app/runtime.h"
#include "billing/ledger.h"
#include "billing/ledger_credit_grants.h"
#include "billing/stripe_checkout.h"
#include "billing/stripe_client.h"
#include "billing/stripe_webhook.h"
#include "http/router.h"
#include "ingest/http_client.h"

namespace leados::app {

class StripeStack {
 public:
  // Every reference must outlive the stack. A fulfilled purchase issues its invoice through
  // `invoices` in the fulfilment's transaction. kInvalidArgument for a bad billing.packs (the
  // config validator normally catches it first).
  static core::Result<std::unique_ptr<StripeStack>> Open(Runtime& runtime,
                                                         accounts::AccountService& accounts,
                                                         billing::Ledger& ledger,
                                                         billing::InvoiceService& invoices);
  ~StripeStack();

  // Adds listCreditPacks, createCheckoutSession, adminListPayments and POST /webhooks/stripe
  // (before the router is frozen).
  void RegisterRoutes(api::AccountsApi& api, http::Router& router);

  billing::StripeCheckout& checkout() { return *checkout_; }

 private:
  StripeStack() = default;
  std::unique_ptr<billing::LedgerCreditGrants> grants_;
  std::unique_ptr<ingest::CurlHttpClient> http_;
  std::unique_ptr<billing::HttpStripeClient> stripe_;
  std::unique_ptr<billing::StripeCheckout> checkout_;
  std::unique_ptr<billing::StripeWebhookHandler> webhooks_;
};

}  // namespace leados::app
