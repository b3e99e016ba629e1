// The Stripe payment routes (see stripe_routes.h).
#include "api/stripe_routes.h"

#include <fmt/format.h>


#include "api/http_util.h"
#include "billing/credit_pack.h"

namespace leados::api {
namespace {

namespace json = core::json;
using http::Auth;
using http::Request;
using http::Response;
using http::ResponseDoc;

constexpr std::string_view kCheckoutSchema = R"json({"type":"object","required":["pack"],
  "properties":{"pack":{"type":"string","description":"a pack id from listCreditPacks"}}})json";

json::object PackJson(const billing::CreditPack& p) {
  return json::object{{"id", p.id},
                      {"credits", p.credits},
                      {"amount", p.amount},
                      {"currency", p.currency},
                      {"price", billing::FormatMoney(p.amount, p.currency)}};
}

json::object PaymentJson(const billing::CheckoutRecord& c) {
  return json::object{
      {"id", c.id},
      {"account_id", c.account_id},
      {"pack", c.pack_id},
      {"credits", c.credits},
      {"amount", c.amount},
      {"currency", c.currency},
      {"status", c.status},
      {"payment_intent", c.payment_intent ? json::value(*c.payment_intent) : json::value()},
      {"amount_refunded", c.amount_refunded},
      {"credits_refunded", c.credits_refunded},
      {"refund_shortfall", c.refund_shortfall},
      {"created_at", Rfc3339Millis(c.created_at_ms)},
      {"updated_at", Rfc3339Millis(c.updated_at_ms)},
      {"fulfilled_at", TimeOrNull(c.fulfilled_at_ms)}};
}

json::object RefundJson(const billing::RefundRecord& r) {
  return json::object{{"id", r.id},
                      {"event_id", r.event_id},
                      {"session_id", r.session_id},
                      {"account_id", r.account_id},
                      {"charge_id", r.charge_id},
                      {"amount", r.amount},
                      {"currency", r.currency},
                      {"credits_debited", r.credits_debited},
                      {"credits_shortfall", r.credits_shortfall},
                      {"created_at", Rfc3339Millis(r.created_at_ms)}};
}

}  // namespace

void AddStripeRoutes(AccountsApi& api, http::Router& router, billing::StripeCheckout& checkout,
                     billing::StripeWebhookHandler& webhooks) {
  api.Add(router, "GET", "/v1/billing/packs",
          {.operation_id = "listCreditPacks",
           .summary = "The credit packs for sale (billing.packs): credits, price in minor units",
           .tags = {"billing"},
           .auth = Auth::kSessionOrApiKey,
           .responses = {ResponseDoc{200, "data: the packs"}, ResponseDoc{401, "not signed in"}}},
          std::nullopt, [&checkout](Request&, const Caller&) {
            json::array data;
            for (const auto& p : checkout.packs()) data.emplace_back(PackJson(p));
            return Response::Json(200, json::object{{"data", std::move(data)}});
          });

  api.Add(router, "POST", "/v1/billing/checkout-sessions",
          {.operation_id = "createCheckoutSession",
           .summary = "Start buying a credit pack: open the returned url (Stripe Checkout) to pay; "
                      "the credits arrive when Stripe confirms the payment",
           .tags = {"billing"},
           .auth = Auth::kSession,
           .request_schema = JsonSchema(kCheckoutSchema),
           .responses = {ResponseDoc{201, "id and url of the Checkout Session"},
                         ResponseDoc{400, "unknown pack; the message lists the packs"},
                         ResponseDoc{401, "not signed in"},
                         ResponseDoc{422, "Stripe refused the request (its message)"},
                         ResponseDoc{503, "Stripe or payments are not available"}}},
          std::nullopt, [&checkout](Request& req, const Caller& caller) {
            auto body = JsonBody(req);
            if (!body) return ErrorResponse(body.error());
            for (const auto& [key, value] : *body) {
              if (key != "pack") {
                return ErrorResponse(
                    {core::ErrorCode::kInvalidArgument,
                     fmt::format("{}: unknown field; send only pack", std::string(key))});
              }
            }
            auto pack = core::ReqString(*body, "pack");
            if (!pack) {
              return ErrorResponse({core::ErrorCode::kInvalidArgument,
                                    "pack: is required, a pack id from GET /v1/billing/packs"});
            }
            auto started = checkout.CreateCheckoutSession(caller.account_id, *pack);
            if (!started) return ErrorResponse(started.error());
            return Response::Json(201, json::object{{"id", started->id}, {"url", started->url}});
          });

  api.Add(router, "GET", "/admin/api/payments",
          {.operation_id = "adminListPayments",
           .summary = "Stripe payments (Checkout Sessions with their status) and refunds, newest "
                      "first",
           .tags = {"admin"},
           .auth = Auth::kAdmin,
           .responses = {ResponseDoc{200, "payments and refunds"}, ResponseDoc{400, "bad filter"}},
           .query_params = {{"account_id", "one client account"},
                            {"limit", "1..500, default 100", false, "integer"}}},
          std::nullopt, [&checkout](Request& req, const Caller&) {
            const std::string account(req.Query("account_id").value_or(""));
            auto limit_param = LimitParam(req, 100, 500);
            if (!limit_param) return ErrorResponse(limit_param.error());
            const int limit = *limit_param;
            auto payments = checkout.ListSessions(account, limit);
            if (!payments) return ErrorResponse(payments.error());
            auto refunds = checkout.ListRefunds(account, limit);
            if (!refunds) return ErrorResponse(refunds.error());
            json::array p, r;
            for (const auto& c : *payments) p.emplace_back(PaymentJson(c));
            for (const auto& x : *refunds) r.emplace_back(RefundJson(x));
            return Response::Json(
                200, json::object{{"payments", std::move(p)}, {"refunds", std::move(r)}});
          });

  router.Add("POST", "/webhooks/stripe",
             {.operation_id = "handleStripeWebhook",
              .summary = "Stripe events (checkout.session.*, charge.refunded), authenticated by "
                         "the Stripe-Signature header over the raw body",
              .tags = {"billing"},
              .auth = Auth::kNone,
              .responses = {ResponseDoc{200, "received (handled, ignored or a repeat)"},
                            ResponseDoc{400, "missing or wrong signature, or not an event"},
                            ResponseDoc{503,
                                        "not configured or a dependency failed: Stripe "
                                        "retries"}}},
             [&webhooks](Request& req) {
               // The raw body exactly as received: the signature covers these bytes.
               const std::string signature(req.headers.Get("Stripe-Signature").value_or(""));
               auto handled = webhooks.Handle(signature, req.body);
               if (!handled) {
                 const core::Error& e = handled.error();
                 if (e.code == core::ErrorCode::kInvalidArgument ||
                     e.code == core::ErrorCode::kPermissionDenied) {
                   return Response::Error(400, {core::ErrorCode::kInvalidArgument, e.message});
                 }
                 if (e.code == core::ErrorCode::kFailedPrecondition) {
                   return Response::Error({core::ErrorCode::kUnavailable, e.message});
                 }
                 return ErrorResponse(e);
               }
               return Response::Json(200, json::object{{"received", true},
                                                       {"duplicate", handled->duplicate},
                                                       {"outcome", handled->outcome}});
             });
}

}  // namespace leados::api
