#pragma once
// The Stripe payment routes (issue 8, src/billing/README.md "Stripe payments"):
//   GET  /v1/billing/packs              listCreditPacks        session or API key (any scope)
//   POST /v1/billing/checkout-sessions  createCheckoutSession  portal session only (a person
//        pays on Stripe's page): {"pack":"starter"} -> 201 {"id":"cs_…","url":"https://…"}
//   GET  /admin/api/payments            adminListPayments      admin: payments and refunds
//   POST /webhooks/stripe               handleStripeWebhook    no session: the Stripe-Signature
//        over the raw body is the authentication. 200 {"received":true,"duplicate":…} for a
//        handled, ignored or repeated event; 400 JSON error for a missing, malformed or wrong
//        signature (tampered body, wrong secret, timestamp outside ±300 s) or a body that is not
//        an event; 503 when stripe.webhook_secret is not configured or a dependency failed, 500
//        otherwise (Stripe redelivers on any non-2xx).
// Errors are {"error":{"code","message"}}; nothing is stored on an error.

#include "api/accounts_api.h"
#include "billing/stripe_checkout.h"
#include "billing/stripe_webhook.h"
#include "http/router.h"

namespace leados::api {

// Registers the routes; every argument must outlive the router. Call before the router is frozen.
void AddStripeRoutes(AccountsApi& api, http::Router& router, billing::StripeCheckout& checkout,
                     billing::StripeWebhookHandler& webhooks);

}  // namespace leados::api
