// HttpStripeClient against a scripted HttpClient: the request on the wire (form body, headers)
// and Stripe's error bodies mapped to our errors.
#include "billing/stripe_client.h"

#include <gtest/gtest.h>

namespace leados::billing {
namespace {

constexpr const char* kBase = "http://stripe.test";

StripeCheckoutRequest Request(CreditPack pack) {
  return {.account_id = "acct_1",
          .customer_id = "cus_1",
          .pack = std::move(pack),
          .success_url =
              "https://leados.test/billing?checkout=success&session_id={CHECKOUT_SESSION_ID}",
          .cancel_url = "https://leados.test/billing?checkout=cancelled",
          .idempotency_key = "leados-checkout-K1"};
}

CreditPack Starter() {
  return *ParseCreditPack("starter:100:2000:usd");
}

TEST(StripeClient, PostsAFormEncodedCheckoutSessionWithKeyAndIdempotencyKey) {
  ingest::FakeHttpClient http;
  http.EnqueueResponse(
      std::string(kBase) + "/v1/checkout/sessions", 200,
      R"({"id":"cs_test_1","object":"checkout.session","url":"https://checkout.stripe.com/c/pay/cs_test_1",
                           "status":"open","payment_status":"unpaid","amount_total":2000,"currency":"usd","expires_at":1767312000})");
  HttpStripeClient client(http, {.api_base = std::string(kBase) + "/", .api_key = "sk_test_123"});
  auto s = client.CreateCheckoutSession(Request(Starter()));
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->id, "cs_test_1");
  EXPECT_EQ(s->url, "https://checkout.stripe.com/c/pay/cs_test_1");
  EXPECT_EQ(s->expires_at, 1767312000);
  auto reqs = http.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].method, "POST");
  EXPECT_EQ(reqs[0].headers.Get("Authorization"), "Bearer sk_test_123");
  EXPECT_EQ(reqs[0].headers.Get("Idempotency-Key"), "leados-checkout-K1");
  EXPECT_EQ(reqs[0].headers.Get("Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(reqs[0].body,
            "mode=payment"
            "&success_url=https%3A%2F%2Fleados.test%2Fbilling%3Fcheckout%3Dsuccess%26session_id%3D%"
            "7BCHECKOUT_SESSION_ID%7D"
            "&cancel_url=https%3A%2F%2Fleados.test%2Fbilling%3Fcheckout%3Dcancelled"
            "&client_reference_id=acct_1&customer=cus_1"
            "&line_items%5B0%5D%5Bprice_data%5D%5Bcurrency%5D=usd"
            "&line_items%5B0%5D%5Bprice_data%5D%5Bunit_amount%5D=2000"
            "&line_items%5B0%5D%5Bprice_data%5D%5Bproduct_data%5D%5Bname%5D=100%20LeadOS%20credits"
            "&line_items%5B0%5D%5Bquantity%5D=1"
            "&metadata%5Bleados_account_id%5D=acct_1&metadata%5Bpack_id%5D=starter"
            "&metadata%5Bcredits%5D=100");
}

TEST(StripeClient, AConfiguredPriceIdReplacesPriceData) {
  ingest::FakeHttpClient http;
  http.EnqueueResponse("", 200, R"({"id":"cs_test_2","url":"https://x.test/p"})");
  HttpStripeClient client(http, {.api_base = kBase, .api_key = "sk_test_123"});
  ASSERT_TRUE(client.CreateCheckoutSession(Request(*ParseCreditPack("p:1:100:usd:price_9"))));
  const std::string body = http.requests()[0].body;
  EXPECT_NE(body.find("line_items%5B0%5D%5Bprice%5D=price_9"), std::string::npos) << body;
  EXPECT_EQ(body.find("price_data"), std::string::npos) << body;
}

TEST(StripeClient, CreatesACustomerWithOnlyTheAccountIdAsMetadata) {
  ingest::FakeHttpClient http;
  http.EnqueueResponse(std::string(kBase) + "/v1/customers", 200, R"({"id":"cus_abc"})");
  HttpStripeClient client(http, {.api_base = kBase, .api_key = "sk_test_123"});
  auto c = client.CreateCustomer({"acct_1", "leados-customer-acct_1"});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(*c, "cus_abc");
  EXPECT_EQ(http.requests()[0].body, "metadata%5Bleados_account_id%5D=acct_1");
  EXPECT_EQ(http.requests()[0].headers.Get("Idempotency-Key"), "leados-customer-acct_1");
}

TEST(StripeClient, MapsStripeErrorsAndRetriesOnlyTransientOnesWithTheSameKey) {
  ingest::FakeHttpClient http;
  const std::string url = std::string(kBase) + "/v1/checkout/sessions";
  http.EnqueueResponse(url, 500, R"({"error":{"type":"api_error","message":"boom"}})");
  http.EnqueueResponse(url, 200, R"({"id":"cs_test_3","url":"https://x.test/p"})");
  HttpStripeClient client(http, {.api_base = kBase, .api_key = "sk_test_123"});
  auto ok = client.CreateCheckoutSession(Request(Starter()));
  ASSERT_TRUE(ok) << ok.error().message;
  auto reqs = http.requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].headers.Get("Idempotency-Key"), reqs[1].headers.Get("Idempotency-Key"));

  ingest::FakeHttpClient http2;
  http2.EnqueueResponse(
      "", 400,
      R"({"error":{"type":"invalid_request_error","message":"No such price: 'price_9'","param":"line_items[0][price]"}})");
  HttpStripeClient client2(http2, {.api_base = kBase, .api_key = "sk_test_123"});
  auto bad = client2.CreateCheckoutSession(Request(Starter()));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(bad.error().message, "Stripe 400 invalid_request_error: No such price: 'price_9'");
  EXPECT_EQ(http2.requests().size(), 1u);  // a 4xx is not retried

  EXPECT_EQ(MapStripeError(
                401, R"({"error":{"type":"authentication_error","message":"Invalid API Key"}})")
                .code,
            core::ErrorCode::kUnavailable);
  EXPECT_EQ(MapStripeError(409, R"({"error":{"type":"idempotency_error","message":"x"}})").code,
            core::ErrorCode::kConflict);
  EXPECT_EQ(MapStripeError(429, "not json").code, core::ErrorCode::kResourceExhausted);
}

TEST(StripeClient, NoApiKeyIsAFailedPreconditionAndSendsNothing) {
  ingest::FakeHttpClient http;
  HttpStripeClient client(http, {.api_base = kBase, .api_key = ""});
  auto r = client.CreateCustomer({"acct_1", "k"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_NE(r.error().message.find("stripe.api_key"), std::string::npos);
  EXPECT_TRUE(http.requests().empty());
}

}  // namespace
}  // namespace leados::billing
