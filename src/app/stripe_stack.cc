#include "app/stripe_stack.h"

#include "api/stripe_routes.h"
#include "app/accounts_stack.h"

namespace leados::app {

core::Result<std::unique_ptr<StripeStack>> StripeStack::Open(Runtime& rt,
                                                             accounts::AccountService& accounts,
                                                             billing::Ledger& ledger,
                                                             billing::InvoiceService& invoices) {
  const core::Config& config = rt.config();
  auto packs = billing::ParseCreditPacks(config.GetStringList("billing.packs"));
  if (!packs) return core::Fail(packs.error());
  std::unique_ptr<StripeStack> s(new StripeStack());
  s->grants_ = std::make_unique<billing::LedgerCreditGrants>(ledger);
  s->http_ = std::make_unique<ingest::CurlHttpClient>(
      ingest::CurlHttpClientOptions{.ssrf = ingest::SsrfPolicy{.allow_private = true}});
  s->stripe_ = std::make_unique<billing::HttpStripeClient>(
      *s->http_, billing::StripeClientOptions{
                     .api_base = config.GetString("stripe.base_url"),
                     .api_key = config.GetString("stripe.api_key"),
                     .timeout = std::chrono::milliseconds(config.GetInt("stripe.timeout_ms"))});
  const std::string billing_url = PublicOrigin(config) + "/billing";
  s->checkout_ = std::make_unique<billing::StripeCheckout>(
      rt.database(), rt.clock(), *s->stripe_,
      billing::StripeCheckoutOptions{
          .packs = std::move(*packs),
          .success_url = billing_url + "?checkout=success&session_id={CHECKOUT_SESSION_ID}",
          .cancel_url = billing_url + "?checkout=cancelled"});
  s->webhooks_ = std::make_unique<billing::StripeWebhookHandler>(
      rt.database(), rt.clock(), *s->grants_,
      [&accounts](std::string_view account_id) { return accounts.OwnerEmails(account_id); },
      billing::StripeWebhookOptions{.webhook_secret = config.GetString("stripe.webhook_secret"),
                                    .billing_url = billing_url},
      &invoices);
  return s;
}

StripeStack::~StripeStack() = default;

void StripeStack::RegisterRoutes(api::AccountsApi& api, http::Router& router) {
  api::AddStripeRoutes(api, router, *checkout_, *webhooks_);
}

}  // namespace leados::app
