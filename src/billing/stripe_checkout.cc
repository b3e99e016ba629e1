#include "billing/stripe_checkout.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/log.h"

namespace leados::billing {

CheckoutRecord CheckoutFromRow(const store::Row& r) {
  CheckoutRecord c;
  c.id = r.Text(0);
  c.account_id = r.Text(1);
  c.pack_id = r.Text(2);
  c.credits = r.Int(3);
  c.amount = r.Int(4);
  c.currency = r.Text(5);
  c.status = r.Text(6);
  c.payment_intent = r.OptText(7);
  c.amount_refunded = r.Int(8);
  c.credits_refunded = r.Int(9);
  c.refund_shortfall = r.Int(10);
  c.created_at_ms = r.Int(11);
  c.updated_at_ms = r.Int(12);
  c.fulfilled_at_ms = r.OptInt(13);
  return c;
}

StripeCheckout::StripeCheckout(store::Database& db, const core::Clock& clock, StripeClient& stripe,
                               StripeCheckoutOptions options)
    : db_(db), clock_(clock), stripe_(stripe), options_(std::move(options)), ids_(clock) {}

core::Result<std::optional<std::string>> StripeCheckout::CustomerId(std::string_view account_id) {
  auto rows = db_.Query("SELECT customer_id FROM stripe_customers WHERE account_id = ?",
                        {std::string(account_id)});
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return std::optional<std::string>();
  return std::optional<std::string>((*rows)[0].Text(0));
}

core::Result<std::string> StripeCheckout::EnsureCustomer(std::string_view account_id) {
  auto known = CustomerId(account_id);
  if (!known) return core::Fail(known.error());
  if (*known) return **known;
  auto made = stripe_.CreateCustomer(
      {std::string(account_id), "leados-customer-" + std::string(account_id)});
  if (!made) return core::Fail(made.error());
  // A concurrent first purchase may have stored the same id (same idempotency key) first.
  auto n = db_.Exec(
      "INSERT INTO stripe_customers (account_id, customer_id, created_at) VALUES (?, ?, ?) "
      "ON CONFLICT (account_id) DO NOTHING",
      {std::string(account_id), *made, clock_.NowUnixMillis()});
  if (!n) return core::Fail(n.error());
  auto stored = CustomerId(account_id);
  if (!stored) return core::Fail(stored.error());
  return stored->value_or(*made);
}

core::Result<CheckoutStarted> StripeCheckout::CreateCheckoutSession(std::string_view account_id,
                                                                    std::string_view pack_id) {
  auto pack = FindCreditPack(options_.packs, pack_id);
  if (!pack) {
    std::string ids;
    for (const auto& p : options_.packs) ids += (ids.empty() ? "" : ", ") + p.id;
    return core::InvalidArgument(
        fmt::format("pack: unknown pack '{}'; use one of {}", pack_id, ids));
  }
  auto customer = EnsureCustomer(account_id);
  if (!customer) return core::Fail(customer.error());
  StripeCheckoutRequest req{.account_id = std::string(account_id),
                            .customer_id = *customer,
                            .pack = *pack,
                            .success_url = options_.success_url,
                            .cancel_url = options_.cancel_url,
                            .idempotency_key = "leados-checkout-" + ids_.NewUlid()};
  auto session = stripe_.CreateCheckoutSession(req);
  if (!session) return core::Fail(session.error());
  const int64_t now = clock_.NowUnixMillis();
  // Amount and currency as Stripe will charge them (a configured price id may differ).
  auto n = db_.Exec(
      "INSERT INTO stripe_checkout_sessions (id, account_id, pack_id, credits, amount, currency, "
      "status, created_at, updated_at, stripe_expires_at) VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, "
      "?)",
      {session->id, std::string(account_id), pack->id, pack->credits,
       session->amount_total > 0 ? session->amount_total : pack->amount,
       session->currency.empty() ? pack->currency : session->currency, now, now,
       session->expires_at > 0 ? store::SqlValue(session->expires_at * 1000) : store::SqlValue()});
  if (!n) return core::Fail(n.error());
  core::log::Info(
      "billing.checkout_created",
      {{"account_id", std::string(account_id)}, {"session_id", session->id}, {"pack", pack->id}});
  return CheckoutStarted{session->id, session->url};
}

core::Result<CheckoutRecord> StripeCheckout::GetSession(std::string_view session_id) {
  auto rows = db_.Query(
      fmt::format("SELECT {} FROM stripe_checkout_sessions WHERE id = ?", kCheckoutColumns),
      {std::string(session_id)});
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return core::NotFound(fmt::format("no checkout session {}", session_id));
  return CheckoutFromRow((*rows)[0]);
}

core::Result<std::vector<CheckoutRecord>> StripeCheckout::ListSessions(std::string_view account_id,
                                                                       int limit) {
  limit = std::clamp(limit, 1, 500);
  std::vector<store::SqlValue> params;
  std::string where;
  if (!account_id.empty()) {
    where = "WHERE account_id = ? ";
    params.emplace_back(std::string(account_id));
  }
  params.emplace_back(int64_t{limit});
  auto rows = db_.Query(fmt::format("SELECT {} FROM stripe_checkout_sessions {}ORDER BY "
                                    "created_at DESC, id DESC LIMIT ?",
                                    kCheckoutColumns, where),
                        params);
  if (!rows) return core::Fail(rows.error());
  std::vector<CheckoutRecord> out;
  for (const auto& r : *rows) out.push_back(CheckoutFromRow(r));
  return out;
}

core::Result<std::vector<RefundRecord>> StripeCheckout::ListRefunds(std::string_view account_id,
                                                                    int limit) {
  limit = std::clamp(limit, 1, 500);
  std::vector<store::SqlValue> params;
  std::string where;
  if (!account_id.empty()) {
    where = "WHERE account_id = ? ";
    params.emplace_back(std::string(account_id));
  }
  params.emplace_back(int64_t{limit});
  auto rows = db_.Query(
      fmt::format("SELECT id, event_id, session_id, account_id, charge_id, amount, currency, "
                  "credits_debited, credits_shortfall, created_at FROM stripe_refunds {}ORDER BY "
                  "created_at DESC, id DESC LIMIT ?",
                  where),
      params);
  if (!rows) return core::Fail(rows.error());
  std::vector<RefundRecord> out;
  for (const auto& r : *rows) {
    out.push_back(RefundRecord{r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Int(5),
                               r.Text(6), r.Int(7), r.Int(8), r.Int(9)});
  }
  return out;
}

}  // namespace leados::billing
