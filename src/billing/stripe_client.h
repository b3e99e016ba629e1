#pragma once
// StripeClient: the seam between LeadOS and the Stripe API. Two calls, both POSTs with a
// form-encoded body (Stripe's documented wire format, https://docs.stripe.com/api):
//   POST /v1/customers          -> a Customer ("cus_…") for an account, on its first purchase
//   POST /v1/checkout/sessions  -> a Checkout Session ("cs_…") with the hosted payment page URL
// HttpStripeClient is the real one over ingest::HttpClient (libcurl's CurlHttpClient in
// production, FakeHttpClient in unit tests). FakeStripeClient answers from memory for tests of
// the services above it.
//
// Every POST carries `Authorization: Bearer <stripe.api_key>` (never logged, never in an error
// message) and an `Idempotency-Key` chosen by the caller, so a retried request (ours, after a
// timeout) is answered by Stripe with the first request's result instead of a second object.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "billing/credit_pack.h"
#include "core/result.h"
#include "ingest/http_client.h"

namespace leados::billing {

struct StripeCustomerRequest {
  std::string account_id;       // sent as metadata[leados_account_id]; no name or email is sent
  std::string idempotency_key;  // required
};

struct StripeCheckoutRequest {
  std::string account_id;   // client_reference_id and metadata[leados_account_id]
  std::string customer_id;  // customer ("cus_…"); empty: Checkout creates none
  CreditPack pack;          // line_items[0]: price_data inline, or pack.stripe_price_id
  std::string success_url;  // Stripe replaces {CHECKOUT_SESSION_ID} in it
  std::string cancel_url;
  std::string idempotency_key;  // required
};

// The fields of a Checkout Session we read.
struct StripeCheckoutSession {
  std::string id;              // cs_…
  std::string url;             // the hosted payment page
  std::string status;          // open | complete | expired
  std::string payment_status;  // unpaid | paid | no_payment_required
  int64_t amount_total = 0;    // minor units
  std::string currency;
  int64_t expires_at = 0;  // Unix seconds (0 when Stripe did not say)
};

class StripeClient {
 public:
  virtual ~StripeClient() = default;
  // Creates a customer; returns its id. Errors as MapStripeError / the transport. Thread-safe.
  virtual core::Result<std::string> CreateCustomer(const StripeCustomerRequest& request) = 0;
  // Creates a Checkout Session in payment mode for one pack. Thread-safe.
  virtual core::Result<StripeCheckoutSession> CreateCheckoutSession(
      const StripeCheckoutRequest& request) = 0;
};

struct StripeClientOptions {
  std::string api_base = "https://api.stripe.com";  // stripe.base_url, no trailing slash needed
  std::string api_key;                              // stripe.api_key ("sk_…"); secret
  std::chrono::milliseconds timeout{std::chrono::seconds(20)};
  // Attempts per call for transport failures, 429 and 5xx answers (same Idempotency-Key each
  // time). 4xx answers other than 429 are never retried.
  int max_attempts = 2;
};

// The form body of a request: ordered key=value pairs, percent-encoded (RFC 3986 unreserved kept),
// joined by '&'. Stripe reads nested parameters from bracketed keys ("metadata[pack]").
std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields);

// Turns a non-2xx Stripe answer ({"error":{"type","code","message"}}) into our error:
// 400/402/404 (invalid_request_error, card_error) -> kFailedPrecondition, 409 idempotency_error ->
// kConflict, 429 -> kResourceExhausted, 401/403 (authentication/permission) -> kUnavailable
// (the operator must fix stripe.api_key; the client can do nothing), 5xx/api_error ->
// kUnavailable. The message is "Stripe <status> <type>: <Stripe's message>".
core::Error MapStripeError(int http_status, std::string_view body);

class HttpStripeClient final : public StripeClient {
 public:
  // `http` must outlive the client. A missing api_key fails each call with
  // kFailedPrecondition "stripe.api_key is not configured …".
  HttpStripeClient(ingest::HttpClient& http, StripeClientOptions options);

  core::Result<std::string> CreateCustomer(const StripeCustomerRequest& request) override;
  core::Result<StripeCheckoutSession> CreateCheckoutSession(
      const StripeCheckoutRequest& request) override;

 private:
  // POSTs `fields` to base + path; returns the parsed JSON object of a 2xx answer.
  core::Result<std::string> Post(std::string_view path,
                                 const std::vector<std::pair<std::string, std::string>>& fields,
                                 const std::string& idempotency_key);

  ingest::HttpClient& http_;
  StripeClientOptions options_;
};

// In-memory Stripe for unit tests: ids "cus_fake_N" / "cs_fake_N", url
// "https://checkout.stripe.test/c/pay/<id>"; the same idempotency key returns the first answer.
// `fail_next` makes the next call fail with that error. Thread-safe.
class FakeStripeClient final : public StripeClient {
 public:
  core::Result<std::string> CreateCustomer(const StripeCustomerRequest& request) override;
  core::Result<StripeCheckoutSession> CreateCheckoutSession(
      const StripeCheckoutRequest& request) override;

  void FailNext(core::Error error);
  std::vector<StripeCheckoutRequest> checkout_requests() const;
  std::vector<StripeCustomerRequest> customer_requests() const;

 private:
  mutable std::mutex mu_;
  int next_ = 1;                                                  // mu_
  std::optional<core::Error> fail_next_;                          // mu_
  std::map<std::string, std::string> customers_by_key_;           // mu_
  std::map<std::string, StripeCheckoutSession> sessions_by_key_;  // mu_
  std::vector<StripeCheckoutRequest> checkout_requests_;          // mu_
  std::vector<StripeCustomerRequest> customer_requests_;          // mu_
};

}  // namespace leados::billing
