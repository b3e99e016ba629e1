#pragma once
// StripeCheckout: buying a credit pack. CreateCheckoutSession finds (or, on the account's first
// purchase, creates) the account's Stripe Customer, asks Stripe for a Checkout Session in payment
// mode, records it as `open` in stripe_checkout_sessions and returns the hosted page's URL. The
// credits are granted later, by StripeWebhookHandler, when Stripe reports the payment.
// Also reads the sessions and refunds back for the admin view (ListPayments).
//
// Idempotency keys: "leados-customer-<account id>" for the customer (two first purchases at once
// get the same customer from Stripe), "leados-checkout-<ULID>" per call for the session (our own
// retry of that call after a timeout gets the same session).
// Thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "billing/credit_pack.h"
#include "billing/stripe_client.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/result.h"
#include "store/database.h"

namespace leados::billing {

struct StripeCheckoutOptions {
  std::vector<CreditPack> packs;  // billing.packs, parsed
  // Where Stripe sends the payer back: server.public_url + "/billing?checkout=success&session_id=
  // {CHECKOUT_SESSION_ID}" and "/billing?checkout=cancelled" (src/app builds them).
  std::string success_url;
  std::string cancel_url;
};

// What createCheckoutSession answers.
struct CheckoutStarted {
  std::string id;   // cs_…
  std::string url;  // open it in the browser to pay
};

// One row of stripe_checkout_sessions (a payment, for the admin view and tests).
struct CheckoutRecord {
  std::string id;
  std::string account_id;
  std::string pack_id;
  int64_t credits = 0;
  int64_t amount = 0;
  std::string currency;
  std::string status;  // open | awaiting_payment | fulfilled | failed | expired | refunded
  std::optional<std::string> payment_intent;
  int64_t amount_refunded = 0;
  int64_t credits_refunded = 0;
  int64_t refund_shortfall = 0;
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
  std::optional<int64_t> fulfilled_at_ms;
};

// One row of stripe_refunds.
struct RefundRecord {
  std::string id;
  std::string event_id;
  std::string session_id;
  std::string account_id;
  std::string charge_id;
  int64_t amount = 0;
  std::string currency;
  int64_t credits_debited = 0;
  int64_t credits_shortfall = 0;
  int64_t created_at_ms = 0;
};

class StripeCheckout {
 public:
  // Every reference must outlive the object.
  StripeCheckout(store::Database& db, const core::Clock& clock, StripeClient& stripe,
                 StripeCheckoutOptions options);

  const std::vector<CreditPack>& packs() const { return options_.packs; }

  // Starts a purchase of pack `pack_id` for `account_id`. kInvalidArgument "pack: unknown pack
  // 'x'; use one of starter, growth, scale"; Stripe's errors as MapStripeError (nothing stored
  // then); kFailedPrecondition when stripe.api_key is not set.
  core::Result<CheckoutStarted> CreateCheckoutSession(std::string_view account_id,
                                                      std::string_view pack_id);

  // The account's Stripe customer id, if it has one.
  core::Result<std::optional<std::string>> CustomerId(std::string_view account_id);

  // One session; kNotFound when unknown.
  core::Result<CheckoutRecord> GetSession(std::string_view session_id);
  // Sessions newest first (all accounts when `account_id` is empty), at most `limit` (1-500).
  core::Result<std::vector<CheckoutRecord>> ListSessions(std::string_view account_id, int limit);
  // Refunds newest first, as ListSessions.
  core::Result<std::vector<RefundRecord>> ListRefunds(std::string_view account_id, int limit);

 private:
  core::Result<std::string> EnsureCustomer(std::string_view account_id);

  store::Database& db_;
  const core::Clock& clock_;
  StripeClient& stripe_;
  StripeCheckoutOptions options_;
  core::IdGenerator ids_;
};

// Reads a stripe_checkout_sessions row selected with kCheckoutColumns.
CheckoutRecord CheckoutFromRow(const store::Row& row);
// The columns CheckoutFromRow expects, in order.
inline constexpr std::string_view kCheckoutColumns =
    "id, account_id, pack_id, credits, amount, currency, status, payment_intent, amount_refunded, "
    "credits_refunded, refund_shortfall, created_at, updated_at, fulfilled_at";

}  // namespace leados::billing
