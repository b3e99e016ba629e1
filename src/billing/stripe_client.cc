#include "billing/stripe_client.h"

#include <fmt/format.h>

#include "core/encoding.h"
#include "core/json.h"
#include "core/log.h"

namespace leados::billing {
namespace {

namespace json = core::json;
using Fields = std::vector<std::pair<std::string, std::string>>;

bool Retryable(const core::Error& e) {
  return e.code == core::ErrorCode::kUnavailable || e.code == core::ErrorCode::kDeadlineExceeded ||
         e.code == core::ErrorCode::kResourceExhausted;
}

}  // namespace

std::string FormEncode(const Fields& fields) {
  std::string out;
  for (const auto& [k, v] : fields) {
    if (!out.empty()) out += '&';
    out += core::PercentEncode(k);
    out += '=';
    out += core::PercentEncode(v);
  }
  return out;
}

core::Error MapStripeError(int http_status, std::string_view body) {
  std::string type = "api_error";
  std::string message = "no error message";
  if (auto parsed = core::ParseJsonObject(body)) {
    if (auto it = parsed->find("error"); it != parsed->end() && it->value().is_object()) {
      const auto& e = it->value().as_object();
      type = core::StringOr(e, "type", type);
      message = core::StringOr(e, "message", message);
    }
  }
  core::ErrorCode code = core::ErrorCode::kUnavailable;
  if (http_status == 409 || type == "idempotency_error") {
    code = core::ErrorCode::kConflict;
  } else if (http_status == 429) {
    code = core::ErrorCode::kResourceExhausted;
  } else if (http_status == 401 || http_status == 403) {
    code = core::ErrorCode::kUnavailable;
    message += " (the operator must check stripe.api_key)";
  } else if (http_status >= 400 && http_status < 500) {
    code = core::ErrorCode::kFailedPrecondition;
  }
  return core::Error{code, fmt::format("Stripe {} {}: {}", http_status, type, message)};
}

HttpStripeClient::HttpStripeClient(ingest::HttpClient& http, StripeClientOptions options)
    : http_(http), options_(std::move(options)) {
  while (!options_.api_base.empty() && options_.api_base.back() == '/')
    options_.api_base.pop_back();
}

core::Result<std::string> HttpStripeClient::Post(std::string_view path, const Fields& fields,
                                                 const std::string& idempotency_key) {
  if (options_.api_key.empty()) {
    return core::Fail(core::ErrorCode::kFailedPrecondition,
                      "payments are not set up: stripe.api_key is not configured");
  }
  if (idempotency_key.empty()) return core::Internal("Stripe request without an Idempotency-Key");
  ingest::HttpRequest req;
  req.method = "POST";
  req.url = options_.api_base + std::string(path);
  req.headers.Set("Authorization", "Bearer " + options_.api_key);
  req.headers.Set("Idempotency-Key", idempotency_key);
  req.headers.Set("Content-Type", "application/x-www-form-urlencoded");
  req.headers.Set("Accept", "application/json");
  req.body = FormEncode(fields);
  req.timeout = options_.timeout;
  req.max_body_bytes = 1 << 20;
  core::Error last{core::ErrorCode::kUnavailable, "Stripe: no attempt made"};
  for (int attempt = 1; attempt <= std::max(1, options_.max_attempts); ++attempt) {
    auto resp = http_.Send(req);
    if (!resp) {
      last = core::Error{resp.error().code == core::ErrorCode::kDeadlineExceeded
                             ? core::ErrorCode::kDeadlineExceeded
                             : core::ErrorCode::kUnavailable,
                         fmt::format("Stripe could not be reached: {}", resp.error().message)};
    } else if (resp->status >= 200 && resp->status < 300) {
      return std::move(resp->body);
    } else {
      last = MapStripeError(resp->status, resp->body);
    }
    core::log::Warn("stripe.request_failed", {{"path", std::string(path)},
                                              {"attempt", std::to_string(attempt)},
                                              {"error", last.message}});
    if (!Retryable(last)) break;
  }
  return core::Fail(std::move(last));
}

core::Result<std::string> HttpStripeClient::CreateCustomer(const StripeCustomerRequest& request) {
  auto body = Post("/v1/customers", {{"metadata[leados_account_id]", request.account_id}},
                   request.idempotency_key);
  if (!body) return core::Fail(body.error());
  auto obj = core::ParseJsonObject(*body);
  if (!obj) return core::Unavailable("Stripe answered a customer that is not JSON");
  std::string id = core::StringOr(*obj, "id");
  if (id.rfind("cus_", 0) != 0) return core::Unavailable("Stripe answered a customer without id");
  return id;
}

core::Result<StripeCheckoutSession> HttpStripeClient::CreateCheckoutSession(
    const StripeCheckoutRequest& r) {
  Fields f = {{"mode", "payment"},
              {"success_url", r.success_url},
              {"cancel_url", r.cancel_url},
              {"client_reference_id", r.account_id}};
  if (!r.customer_id.empty()) f.emplace_back("customer", r.customer_id);
  if (r.pack.stripe_price_id.empty()) {
    f.emplace_back("line_items[0][price_data][currency]", r.pack.currency);
    f.emplace_back("line_items[0][price_data][unit_amount]", std::to_string(r.pack.amount));
    f.emplace_back("line_items[0][price_data][product_data][name]",
                   fmt::format("{} LeadOS credits", r.pack.credits));
  } else {
    f.emplace_back("line_items[0][price]", r.pack.stripe_price_id);
  }
  f.emplace_back("line_items[0][quantity]", "1");
  f.emplace_back("metadata[leados_account_id]", r.account_id);
  f.emplace_back("metadata[pack_id]", r.pack.id);
  f.emplace_back("metadata[credits]", std::to_string(r.pack.credits));
  auto body = Post("/v1/checkout/sessions", f, r.idempotency_key);
  if (!body) return core::Fail(body.error());
  auto obj = core::ParseJsonObject(*body);
  if (!obj) return core::Unavailable("Stripe answered a Checkout Session that is not JSON");
  StripeCheckoutSession s;
  s.id = core::StringOr(*obj, "id");
  s.url = core::StringOr(*obj, "url");
  s.status = core::StringOr(*obj, "status", "open");
  s.payment_status = core::StringOr(*obj, "payment_status", "unpaid");
  s.amount_total = core::IntOr(*obj, "amount_total", r.pack.amount);
  s.currency = core::StringOr(*obj, "currency", r.pack.currency);
  s.expires_at = core::IntOr(*obj, "expires_at", 0);
  if (s.id.rfind("cs_", 0) != 0 || s.url.empty()) {
    return core::Unavailable("Stripe answered a Checkout Session without id or url");
  }
  return s;
}

core::Result<std::string> FakeStripeClient::CreateCustomer(const StripeCustomerRequest& request) {
  std::lock_guard lock(mu_);
  customer_requests_.push_back(request);
  if (fail_next_) {
    core::Error e = std::move(*fail_next_);
    fail_next_.reset();
    return core::Fail(std::move(e));
  }
  auto [it, fresh] = customers_by_key_.try_emplace(request.idempotency_key);
  if (fresh) it->second = fmt::format("cus_fake_{}", next_++);
  return it->second;
}

core::Result<StripeCheckoutSession> FakeStripeClient::CreateCheckoutSession(
    const StripeCheckoutRequest& request) {
  std::lock_guard lock(mu_);
  checkout_requests_.push_back(request);
  if (fail_next_) {
    core::Error e = std::move(*fail_next_);
    fail_next_.reset();
    return core::Fail(std::move(e));
  }
  auto [it, fresh] = sessions_by_key_.try_emplace(request.idempotency_key);
  if (fresh) {
    StripeCheckoutSession& s = it->second;
    s.id = fmt::format("cs_fake_{}", next_++);
    s.url = "https://checkout.stripe.test/c/pay/" + s.id;
    s.status = "open";
    s.payment_status = "unpaid";
    s.amount_total = request.pack.amount;
    s.currency = request.pack.currency;
  }
  return it->second;
}

void FakeStripeClient::FailNext(core::Error error) {
  std::lock_guard lock(mu_);
  fail_next_ = std::move(error);
}

std::vector<StripeCheckoutRequest> FakeStripeClient::checkout_requests() const {
  std::lock_guard lock(mu_);
  return checkout_requests_;
}

std::vector<StripeCustomerRequest> FakeStripeClient::customer_requests() const {
  std::lock_guard lock(mu_);
  return customer_requests_;
}

}  // namespace leados::billing
