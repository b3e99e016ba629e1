// Stripe payments end to end, on SQLite and PostgreSQL, with the real tools:
//  - a local Stripe stand-in in Node.js (tests/e2e/stripe_standin.mjs) that speaks Stripe's wire
//    format for POST /v1/customers and /v1/checkout/sessions and checks the Authorization and
//    Idempotency-Key headers and the form encoding; LeadOS reaches it through libcurl;
//  - Stripe-Signature headers made by the npm `stripe` package
//    (stripe.webhooks.generateTestHeaderString), POSTed to /webhooks/stripe over a real socket
//    (http::Server), so the body is verified exactly as it arrived;
//  - the credit ledger (billing::Ledger) for the balance.
// Buy a pack through the API, receive the signed checkout.session.completed, see the balance;
// the same event five times grants once; tampered body, wrong secret, ±301 s are refused.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "accounts/totp.h"
#include "accounts_api_fixture.h"
#include "api/stripe_routes.h"
#include "billing/ledger.h"
#include "billing/ledger_credit_grants.h"
#include "billing/stripe_checkout.h"
#include "billing/stripe_client.h"
#include "billing/stripe_webhook.h"
#include "core/encoding.h"
#include "core/metrics.h"
#include "http/server.h"
#include "ingest/http_client.h"
#include "subprocess.h"

namespace leados::api::testing {
namespace {

namespace fs = std::filesystem;
namespace json = core::json;

constexpr const char* kStripeKey = "sk_test_e2e_51Hx";
constexpr const char* kWebhookSecret = "whsec_e2e_9f8e7d6c5b4a";

class StripeE2eTest : public AccountsApiFixture {
 protected:
  void SetUp() override {
    const char* src = std::getenv("LEADOS_SOURCE_DIR");
    ASSERT_NE(src, nullptr) << "LEADOS_SOURCE_DIR is not set (ctest sets it)";
    e2e_dir_ = fs::path(src) / "tests" / "e2e";
    ASSERT_TRUE(fs::exists(e2e_dir_ / "node_modules" / "stripe"))
        << "npm packages missing: run scripts/install-web-deps.sh (npm ci in tests/e2e)";
    standin_ = std::make_unique<leados::testing::BackgroundProcess>(std::vector<std::string>{
        "/usr/bin/env", "node", (e2e_dir_ / "stripe_standin.mjs").string(), kStripeKey});
    const std::string out = standin_->WaitForOutput("PORT ", std::chrono::seconds(20));
    ASSERT_FALSE(out.empty()) << "the Stripe stand-in did not start";
    std::istringstream in(out.substr(out.find("PORT ") + 5));
    in >> standin_port_;
    ASSERT_GT(standin_port_, 0);
    AccountsApiFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(server_->Start());
  }

  void TearDown() override {
    if (server_) server_->Stop();
    AccountsApiFixture::TearDown();
  }

  void AddMoreRoutes(http::Router& router) override {
    curl_ = std::make_unique<ingest::CurlHttpClient>(
        ingest::CurlHttpClientOptions{.ssrf = ingest::SsrfPolicy{.allow_private = true}});
    stripe_ = std::make_unique<billing::HttpStripeClient>(
        *curl_, billing::StripeClientOptions{.api_base = StandinUrl(""), .api_key = kStripeKey});
    ledger_ = std::make_unique<billing::Ledger>(*db_, clock_);
    grants_ = std::make_unique<billing::LedgerCreditGrants>(*ledger_);
    checkout_ = std::make_unique<billing::StripeCheckout>(
        *db_, clock_, *stripe_,
        billing::StripeCheckoutOptions{
            *billing::ParseCreditPacks(billing::DefaultCreditPackSpecs()),
            std::string(kOrigin) + "/billing?checkout=success&session_id={CHECKOUT_SESSION_ID}",
            std::string(kOrigin) + "/billing?checkout=cancelled"});
    webhooks_ = std::make_unique<billing::StripeWebhookHandler>(
        *db_, clock_, *grants_,
        [this](std::string_view account) { return accounts_->OwnerEmails(account); },
        billing::StripeWebhookOptions{.webhook_secret = kWebhookSecret,
                                      .billing_url = std::string(kOrigin) + "/billing"});
    AddStripeRoutes(*api_, router, *checkout_, *webhooks_);
    server_ = std::make_unique<http::Server>(http::ServerOptions{.listen = "127.0.0.1:0"}, router,
                                             metrics_, clock_);
  }

  std::string StandinUrl(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(standin_port_) + path;
  }

  // A request to the stand-in's test endpoints (not through LeadOS).
  json::value Standin(const std::string& method, const std::string& path,
                      const std::string& body = "") {
    ingest::HttpRequest req{.method = method, .url = StandinUrl(path), .body = body};
    req.headers.Set("Content-Type", "application/json");
    auto resp = curl_->Send(req);
    EXPECT_TRUE(resp) << resp.error().message;
    if (!resp) return {};
    EXPECT_EQ(resp->status, 200) << resp->body;
    return *core::ParseJson(resp->body);
  }

  // The event Stripe would send for `session`, signed by the npm stripe package.
  std::pair<std::string, std::string> SignedEvent(const std::string& session,
                                                  const std::string& event_id, int64_t timestamp,
                                                  const std::string& secret = kWebhookSecret) {
    json::value v =
        Standin("POST", "/_test/sessions/" + session + "/event",
                core::ToJson(json::object{
                    {"secret", secret}, {"timestamp", timestamp}, {"event_id", event_id}}));
    return {std::string(v.as_object().at("payload").as_string()),
            std::string(v.as_object().at("header").as_string())};
  }

  // The header the npm stripe package makes for `payload` (node stripe_sign.mjs).
  std::string NpmSign(const std::string& payload, const std::string& secret, int64_t timestamp) {
    const fs::path file = tmp_.path() / "payload.json";
    std::ofstream(file, std::ios::binary | std::ios::trunc) << payload;
    auto r = leados::testing::RunProcess({"/usr/bin/env", "node",
                                          (e2e_dir_ / "stripe_sign.mjs").string(), file.string(),
                                          secret, std::to_string(timestamp)});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }

  // POSTs to /webhooks/stripe over TCP, the body as given.
  std::pair<int, std::string> PostWebhook(const std::string& payload, const std::string& header) {
    ingest::HttpRequest req{
        .method = "POST",
        .url = "http://127.0.0.1:" + std::to_string(server_->port()) + "/webhooks/stripe",
        .body = payload};
    req.headers.Set("Content-Type", "application/json; charset=utf-8");
    if (!header.empty()) req.headers.Set("Stripe-Signature", header);
    auto resp = curl_->Send(req);
    EXPECT_TRUE(resp) << resp.error().message;
    return resp ? std::pair{resp->status, resp->body} : std::pair{0, std::string()};
  }

  std::string AccountOf(Browser& b) {
    Reply me = As(b, "GET", "/v1/me");
    EXPECT_EQ(me.status, 200) << me.body;
    return std::string(me.json.as_object().at("account").as_object().at("id").as_string());
  }

  store::testing::ScopedTempDir tmp_;
  fs::path e2e_dir_;
  std::unique_ptr<leados::testing::BackgroundProcess> standin_;
  int standin_port_ = 0;
  core::Metrics metrics_;
  std::unique_ptr<ingest::CurlHttpClient> curl_;
  std::unique_ptr<billing::HttpStripeClient> stripe_;
  std::unique_ptr<billing::Ledger> ledger_;
  std::unique_ptr<billing::LedgerCreditGrants> grants_;
  std::unique_ptr<billing::StripeCheckout> checkout_;
  std::unique_ptr<billing::StripeWebhookHandler> webhooks_;
  std::unique_ptr<http::Server> server_;
};

TEST_P(StripeE2eTest, BuyAPackReceiveTheSignedCompletionAndSeeTheBalance) {
  Browser b = SignUpAndSignIn("buyer@acme.example", "1 Secret Street");
  const std::string account = AccountOf(b);

  Reply packs = As(b, "GET", "/v1/billing/packs");
  ASSERT_EQ(packs.status, 200) << packs.body;
  ASSERT_EQ(packs.json.as_object().at("data").as_array().size(), 3u);

  Reply bad = As(b, "POST", "/v1/billing/checkout-sessions", R"({"pack":"mega"})");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.ErrorCode(), "invalid_argument");

  Reply started = As(b, "POST", "/v1/billing/checkout-sessions", R"({"pack":"growth"})");
  ASSERT_EQ(started.status, 201) << started.body;
  const std::string cs(started.json.as_object().at("id").as_string());
  const std::string url(started.json.as_object().at("url").as_string());
  EXPECT_TRUE(cs.starts_with("cs_test_")) << cs;
  EXPECT_EQ(url, StandinUrl("/c/pay/" + cs));

  // What the stand-in received: a customer, then the session, both with our key, a key each,
  // form-encoded, and the session for that customer.
  json::array reqs = Standin("GET", "/_test/requests").as_array();
  ASSERT_EQ(reqs.size(), 2u) << core::ToJson(reqs);
  const auto& customer = reqs[0].as_object();
  const auto& session = reqs[1].as_object();
  EXPECT_EQ(customer.at("path").as_string(), "/v1/customers");
  EXPECT_EQ(session.at("path").as_string(), "/v1/checkout/sessions");
  for (const auto* r : {&customer, &session}) {
    EXPECT_TRUE(r->at("authorization_ok").as_bool());
    EXPECT_FALSE(r->at("idempotency_key").as_string().empty());
    EXPECT_EQ(r->at("content_type").as_string(), "application/x-www-form-urlencoded");
  }
  const auto& form = session.at("form").as_object();
  EXPECT_EQ(form.at("mode").as_string(), "payment");
  EXPECT_EQ(form.at("client_reference_id").as_string(), account);
  EXPECT_EQ(form.at("success_url").as_string(),
            std::string(kOrigin) + "/billing?checkout=success&session_id={CHECKOUT_SESSION_ID}");
  EXPECT_EQ(form.at("metadata").as_object().at("credits").as_string(), "500");
  const auto& item = form.at("line_items").as_array()[0].as_object();
  EXPECT_EQ(item.at("price_data").as_object().at("unit_amount").as_string(), "9000");
  EXPECT_EQ(customer.at("form")
                .as_object()
                .at("metadata")
                .as_object()
                .at("leados_account_id")
                .as_string(),
            account);
  EXPECT_EQ(*ledger_->Balance(account), 0);

  // Stripe reports the payment; the same event arrives five times.
  const int64_t now = clock_.NowUnixSeconds();
  auto [payload, header] = SignedEvent(cs, "evt_e2e_paid", now);
  for (int i = 0; i < 5; ++i) {
    auto [status, body] = PostWebhook(payload, header);
    ASSERT_EQ(status, 200) << body;
    auto parsed = core::ParseJsonObject(body);
    ASSERT_TRUE(parsed) << body;
    EXPECT_EQ(parsed->at("duplicate").as_bool(), i > 0) << body;
  }
  EXPECT_EQ(*ledger_->Balance(account), 500);
  auto page = ledger_->List(account, "", 50);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->entries.size(), 1u);
  EXPECT_EQ(page->entries[0].idempotency_key, cs);
  // One receipt (the outbox's ids and the sign-in email's share a manual-clock millisecond, so
  // the receipt is looked up by its template, not as the newest email).
  auto receipts = db_->Query(
      "SELECT body_text FROM notify_outbox WHERE to_address = ? AND template = 'purchase_receipt'",
      {std::string("buyer@acme.example")});
  ASSERT_TRUE(receipts);
  ASSERT_EQ(receipts->size(), 1u);
  EXPECT_NE((*receipts)[0].Text(0).find("Credits: 500"), std::string::npos)
      << (*receipts)[0].Text(0);

  // The admin view lists the payment.
  auto admin = admins_->Create("root@ops.example", kPassword);
  ASSERT_TRUE(admin) << admin.error().message;
  const std::string uri = admin->otpauth_uri;
  const size_t at = uri.find("secret=") + 7;
  auto seed = core::Base32Decode(uri.substr(at, uri.find('&', at) - at));
  ASSERT_TRUE(seed);
  auto code = accounts::TotpCode(*seed, clock_.NowUnixSeconds());
  ASSERT_TRUE(code);
  Reply in = Call("POST", "/admin/api/login",
                  core::ToJson(json::object{
                      {"email", "root@ops.example"}, {"password", kPassword}, {"code", *code}}),
                  {}, kAdminIp);
  ASSERT_EQ(in.status, 200) << in.body;
  Browser ops{"__Host-leados_admin=" + in.SetCookie("__Host-leados_admin"),
              core::StringOr(in.json.as_object(), "csrf_token"), kAdminIp};
  Reply payments = As(ops, "GET", "/admin/api/payments");
  ASSERT_EQ(payments.status, 200) << payments.body;
  const auto& list = payments.json.as_object().at("payments").as_array();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].as_object().at("id").as_string(), cs);
  EXPECT_EQ(list[0].as_object().at("status").as_string(), "fulfilled");
  // A client's session does not open it (from outside the admin allow-list it does not exist).
  EXPECT_EQ(As(b, "GET", "/admin/api/payments").status, 404);
  Browser client_at_admin_ip = b;
  client_at_admin_ip.ip = kAdminIp;
  EXPECT_EQ(As(client_at_admin_ip, "GET", "/admin/api/payments").status, 401);
}

TEST_P(StripeE2eTest, NpmSignedEventsAreAcceptedAndTamperedWrongSecretAndStaleOnesRefused) {
  Browser b = SignUpAndSignIn("payer@acme.example", "2 Secret Street");
  const std::string account = AccountOf(b);
  Reply started = As(b, "POST", "/v1/billing/checkout-sessions", R"({"pack":"starter"})");
  ASSERT_EQ(started.status, 201) << started.body;
  const std::string cs(started.json.as_object().at("id").as_string());
  const int64_t now = clock_.NowUnixSeconds();
  auto [payload, header] = SignedEvent(cs, "evt_e2e_sig", now);

  std::string tampered = payload;
  const size_t paid = tampered.find("\"amount_total\": 2000");
  ASSERT_NE(paid, std::string::npos) << payload;
  tampered.replace(paid, 20, "\"amount_total\": 1");
  struct Case {
    std::string what, body, header;
  };
  for (const Case& c : std::vector<Case>{
           {"tampered body", tampered, header},
           {"wrong secret", payload, NpmSign(payload, "whsec_not_the_right_one", now)},
           {"301 s old", payload, NpmSign(payload, kWebhookSecret, now - 301)},
           {"301 s in the future", payload, NpmSign(payload, kWebhookSecret, now + 301)},
           {"no header", payload, ""},
       }) {
    auto [status, body] = PostWebhook(c.body, c.header);
    EXPECT_EQ(status, 400) << c.what << ": " << body;
    auto parsed = core::ParseJsonObject(body);
    ASSERT_TRUE(parsed) << c.what << ": " << body;
    EXPECT_TRUE(parsed->at("error").as_object().contains("message")) << body;
  }
  EXPECT_EQ(*ledger_->Balance(account), 0);

  // At the edges of the tolerance, npm-signed, the event is accepted.
  auto [status, body] = PostWebhook(payload, NpmSign(payload, kWebhookSecret, now - 300));
  EXPECT_EQ(status, 200) << body;
  EXPECT_EQ(*ledger_->Balance(account), 100);
  EXPECT_EQ(PostWebhook(payload, NpmSign(payload, kWebhookSecret, now + 300)).first, 200);
  EXPECT_EQ(*ledger_->Balance(account), 100);
}

INSTANTIATE_TEST_SUITE_P(Backends, StripeE2eTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         DialectParamName);

}  // namespace
}  // namespace leados::api::testing
