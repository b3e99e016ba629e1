#pragma once
// StripeWebhookHandler: what POST /webhooks/stripe does with an event, HTTP aside.
//
//  1. Verifies Stripe-Signature over the raw body (stripe_signature.h; the clock is injected).
//  2. In ONE transaction: inserts the event id into stripe_events (a redelivery finds it there
//     and changes nothing: `duplicate`), applies the effect, enqueues the emails in the outbox.
//     Any failure rolls everything back and is returned, so Stripe delivers the event again.
//
// Effects (the session is looked up by the Checkout Session id; events for sessions we did not
// create, and types we do not handle, are recorded as ignored):
//   checkout.session.completed, payment_status = paid -> grant the pack's credits through
//       CreditGrants (reason purchase, idempotency key = session id) and mark the session
//       fulfilled, plus the purchase invoice (InvoiceService, same transaction, idempotent on the
//       session id; its PDF is stored after the commit) and a receipt email to the account's
//       owners naming the invoice number. The receipt links to the portal's billing page, where
//       the PDF is downloaded: the outbox carries no attachments (an email with a PDF attached
//       would keep the PDF in the outbox rows for as long as they are kept);
//   checkout.session.completed, otherwise (a delayed method: SEPA, ACH …) -> awaiting_payment;
//   checkout.session.async_payment_succeeded -> as completed + paid;
//   checkout.session.async_payment_failed -> failed, plus an email;
//   checkout.session.expired -> expired (only an open or awaiting session);
//   charge.refunded -> the session is found by the charge's payment_intent; the credits are
//       taken back in proportion to the amount refunded so far (credits x amount_refunded /
//       amount, rounded down: a partial refund leaves the client the fraction); already spent
//       credits are NOT taken (the balance never goes below zero): the difference is recorded as
//       the refund's shortfall and shown to admins. Fully refunded sessions become `refunded`.
//       One stripe_refunds row per event that refunded more, plus an email.
// Thread-safe.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "billing/credit_grants.h"
#include "billing/invoice_service.h"
#include "billing/stripe_signature.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/result.h"
#include "notify/outbox.h"
#include "notify/templates.h"
#include "store/database.h"

namespace leados::billing {

// The email addresses of an account's owners (src/app passes
// accounts::AccountService::OwnerEmails).
using OwnerEmails = std::function<core::Result<std::vector<std::string>>(std::string_view)>;

struct StripeWebhookOptions {
  std::string webhook_secret;  // stripe.webhook_secret ("whsec_…"); secret
  core::Duration tolerance = kStripeSignatureTolerance;
  std::string billing_url;  // server.public_url + "/billing": the link in emails
  std::string product_name = "LeadOS";
};

// What happened to one delivery.
struct StripeWebhookResult {
  std::string event_id;
  std::string type;
  bool duplicate = false;  // seen before: nothing changed
  std::string outcome;     // fulfilled, awaiting_payment, failed, expired, refunded, ignored: …
};

class StripeWebhookHandler {
 public:
  // Every reference must outlive the handler.
  // `invoices` may be null (no purchase invoices: tests of the Stripe rules alone).
  StripeWebhookHandler(store::Database& db, const core::Clock& clock, CreditGrants& grants,
                       OwnerEmails owner_emails, StripeWebhookOptions options,
                       InvoiceService* invoices = nullptr);

  // Handles one delivery. Errors: the signature's (kInvalidArgument, kPermissionDenied,
  // kFailedPrecondition when no secret is configured); kInvalidArgument when a correctly signed
  // body is not a Stripe event; database, ledger and outbox errors as they come (rolled back).
  core::Result<StripeWebhookResult> Handle(std::string_view signature_header,
                                           std::string_view raw_body);

 private:
  store::Database& db_;
  const core::Clock& clock_;
  CreditGrants& grants_;
  OwnerEmails owner_emails_;
  InvoiceService* invoices_;
  StripeWebhookOptions options_;
  notify::Outbox outbox_;
  notify::EmailTemplates templates_;
  core::IdGenerator ids_;
};

}  // namespace leados::billing
