// Stripe payments through a running `leados serve` (the StripeStack wiring, the configuration
// keys, the routes on the real server), on the embedded default and on PostgreSQL + Redis:
// a client signs up and buys a pack; `leados serve` calls a Node.js stand-in of the Stripe API
// (tests/e2e/stripe_standin.mjs) through libcurl; the stand-in's checkout.session.completed,
// signed by the npm `stripe` package, is POSTed five times to /webhooks/stripe; the ledger's
// balance row and getBalance show the credits once; listInvoices shows one purchase invoice whose
// PDF (downloadInvoice) reads, through pdftotext, with its number, amount and billing address;
// the purchase receipt in the file sender's folder carries the same PDF as an attachment.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "billing/pdf_text.h"
#include "core/encoding.h"
#include "core/json.h"
#include "installation.h"
#include "subprocess.h"

namespace leados::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kKey = "sk_test_serve_7Qa";
constexpr const char* kSecret = "whsec_serve_5Kd2";
constexpr const char* kPassword = "correct horse battery staple 42";

std::string JsonField(const std::string& body, const std::string& key) {
  auto o = core::ParseJsonObject(body);
  return o ? core::StringOr(*o, key) : "";
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Signs up `email`, confirms it with the emailed link, signs in; returns {cookie, csrf}.
std::pair<std::string, std::string> SignUpAndSignIn(const std::string& base,
                                                    const Installation& inst,
                                                    const std::string& email) {
  auto signup = Curl("POST", base + "/v1/signup",
                     R"({"name":"Pat Buyer","email":")" + email +
                         R"(","company_name":"Buyer Ltd","billing_address":"1 Secret Street",)"
                         R"("password":")" +
                         kPassword +
                         R"(","terms_version":"2026-11-01","privacy_version":"2026-11-01",)"
                         R"("confirm_business":true,"confirm_adult":true})");
  EXPECT_EQ(signup.status, 202) << signup.body;
  std::string token;
  for (int i = 0; i < 600 && token.empty(); ++i) {
    std::error_code ec;
    for (const auto& f : fs::directory_iterator(inst.data_dir() / "mail", ec)) {
      std::string text = std::regex_replace(ReadFile(f.path()), std::regex("=\r?\n"), "");
      text = std::regex_replace(text, std::regex("=3D"), "=");
      std::smatch m;
      if (std::regex_search(text, m, std::regex(R"(verify-email\?token=([A-Za-z0-9_\-]+))"))) {
        token = m[1];
      }
    }
    if (token.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_FALSE(token.empty()) << "no verification email";
  EXPECT_EQ(Curl("POST", base + "/v1/verify-email", R"({"token":")" + token + R"("})").status, 200);
  auto login = Curl("POST", base + "/v1/login",
                    R"({"email":")" + email + R"(","password":")" + kPassword + R"("})");
  std::smatch cookie;
  EXPECT_TRUE(std::regex_search(
      login.headers, cookie,
      std::regex(R"(Set-Cookie: (__Host-leados_session=[^;\r\n]+))", std::regex::icase)))
      << login.status << " " << login.body;
  return {cookie.size() > 1 ? std::string(cookie[1]) : "", JsonField(login.body, "csrf_token")};
}

class StripeServeTest : public ::testing::TestWithParam<BackendKind> {};

TEST_P(StripeServeTest, BuyAPackThroughLeadosServeAndSeeTheBalanceOnce) {
  const char* src = std::getenv("LEADOS_SOURCE_DIR");
  ASSERT_NE(src, nullptr);
  const fs::path e2e = fs::path(src) / "tests" / "e2e";
  if (!fs::exists(e2e / "node_modules" / "stripe")) {
    FAIL() << "npm packages missing: run scripts/install-web-deps.sh (npm ci in tests/e2e)";
  }
  BackgroundProcess standin({"/usr/bin/env", "node", (e2e / "stripe_standin.mjs").string(), kKey});
  const std::string out = standin.WaitForOutput("PORT ", std::chrono::seconds(20));
  ASSERT_FALSE(out.empty()) << "the Stripe stand-in did not start";
  int port = 0;
  std::istringstream(out.substr(out.find("PORT ") + 5)) >> port;
  ASSERT_GT(port, 0);
  const std::string stripe_base = "http://127.0.0.1:" + std::to_string(port);

  std::string skip;
  auto inst = Installation::Create(GetParam(),
                                   "stripe.api_key = \"" + std::string(kKey) + "\"\n" +
                                       "stripe.webhook_secret = \"" + kSecret + "\"\n" +
                                       "stripe.base_url = \"" + stripe_base + "\"\n" +
                                       "billing.packs = [\"starter:100:2000:usd\", "
                                       "\"team:1000:15000:eur\"]\n",
                                   skip);
  if (!inst) GTEST_SKIP() << skip;
  BackgroundProcess serve(inst->Command({"serve", "--listen", "127.0.0.1:0"}));
  const std::string base = ServeUrl(serve);
  ASSERT_FALSE(base.empty());

  auto [cookie, csrf] = SignUpAndSignIn(base, *inst, "pat@buyer.example");
  ASSERT_FALSE(cookie.empty());
  const std::vector<std::string> session = {"Cookie: " + cookie, "X-CSRF-Token: " + csrf};
  auto me = Curl("GET", base + "/v1/me", "", session);
  auto me_json = core::ParseJsonObject(me.body);
  ASSERT_TRUE(me_json) << me.body;
  const std::string account(me_json->at("account").as_object().at("id").as_string());

  auto packs = Curl("GET", base + "/v1/billing/packs", "", session);
  ASSERT_EQ(packs.status, 200) << packs.body;
  EXPECT_NE(packs.body.find(R"("id":"team","credits":1000,"amount":15000,"currency":"eur")"),
            std::string::npos)
      << packs.body;

  auto started =
      Curl("POST", base + "/v1/billing/checkout-sessions", R"({"pack":"team"})", session);
  ASSERT_EQ(started.status, 201) << started.body;
  const std::string cs = JsonField(started.body, "id");
  EXPECT_EQ(JsonField(started.body, "url"), stripe_base + "/c/pay/" + cs);

  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  auto event = Curl("POST", stripe_base + "/_test/sessions/" + cs + "/event",
                    R"({"secret":")" + std::string(kSecret) + R"(","timestamp":)" +
                        std::to_string(now) + R"(,"event_id":"evt_serve_1"})");
  ASSERT_EQ(event.status, 200) << event.body;
  const std::string payload = JsonField(event.body, "payload");
  const std::string header = JsonField(event.body, "header");
  for (int i = 0; i < 5; ++i) {
    auto r = Curl("POST", base + "/webhooks/stripe", payload, {"Stripe-Signature: " + header});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_NE(r.body.find(i == 0 ? R"("duplicate":false)" : R"("duplicate":true)"),
              std::string::npos)
        << r.body;
  }
  auto wrong =
      Curl("POST", base + "/webhooks/stripe", payload + " ", {"Stripe-Signature: " + header});
  EXPECT_EQ(wrong.status, 400) << wrong.body;

  EXPECT_EQ(inst->Query("SELECT balance FROM credit_balances WHERE account_id = '" + account + "'"),
            "1000\n");
  EXPECT_EQ(inst->Query("SELECT COUNT(*) FROM ledger_entries WHERE account_id = '" + account + "'"),
            "1\n");
  EXPECT_EQ(inst->Query("SELECT status FROM stripe_checkout_sessions WHERE id = '" + cs + "'"),
            "fulfilled\n");

  auto balance = Curl("GET", base + "/v1/balance", "", session);
  ASSERT_EQ(balance.status, 200) << balance.body;
  EXPECT_NE(balance.body.find(R"("balance":1000)"), std::string::npos) << balance.body;

  // The purchase invoice: issued in the fulfilment's transaction, one for five deliveries.
  auto invoices = Curl("GET", base + "/v1/invoices", "", session);
  ASSERT_EQ(invoices.status, 200) << invoices.body;
  auto list = core::ParseJsonObject(invoices.body);
  ASSERT_TRUE(list) << invoices.body;
  const auto& data = list->at("data").as_array();
  ASSERT_EQ(data.size(), 1u) << invoices.body;
  const auto& invoice = data[0].as_object();
  const std::string number(invoice.at("number").as_string());
  EXPECT_EQ(invoice.at("reference").as_string(), cs);
  EXPECT_EQ(invoice.at("amount_cents").as_int64(), 15000);
  auto pdf = Curl("GET", base + std::string(invoice.at("download_url").as_string()), "", session);
  ASSERT_EQ(pdf.status, 200) << pdf.headers;
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  EXPECT_NE(pdf.headers.find("application/pdf"), std::string::npos) << pdf.headers;
  ASSERT_TRUE(billing::testing::HavePdftotext()) << "pdftotext (poppler-utils) is missing";
  const std::string text = billing::testing::PdfText(pdf.body);
  EXPECT_NE(text.find(number), std::string::npos) << text;
  EXPECT_NE(text.find("150.00 EUR"), std::string::npos) << text;
  EXPECT_NE(text.find("Buyer Ltd"), std::string::npos) << text;        // from sign-up (no profile)
  EXPECT_NE(text.find("1 Secret Street"), std::string::npos) << text;  // the billing address
  // The receipt names the invoice and carries its PDF: the same bytes as the download.
  std::string receipt;
  for (int i = 0; i < 100 && receipt.empty(); ++i) {
    std::error_code ec;
    for (const auto& f : fs::directory_iterator(inst->data_dir() / "mail", ec)) {
      const std::string mail = ReadFile(f.path());
      if (mail.find("receipt") != std::string::npos && mail.find(number) != std::string::npos) {
        receipt = mail;
      }
    }
    if (receipt.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_FALSE(receipt.empty()) << "no receipt email naming " << number;
  const std::string disposition =
      "Content-Disposition: attachment; filename=\"" + number + ".pdf\"\r\n\r\n";
  const size_t part = receipt.find(disposition);
  ASSERT_NE(part, std::string::npos) << "the receipt has no " << number << ".pdf attachment";
  const size_t begin = part + disposition.size();
  std::string b64;
  for (size_t i = begin; i < receipt.size() && receipt.compare(i, 2, "--") != 0; ++i) {
    if (receipt[i] != '\r' && receipt[i] != '\n') b64 += receipt[i];
  }
  EXPECT_EQ(core::Base64Decode(b64).value_or(""), pdf.body);
}

INSTANTIATE_TEST_SUITE_P(Backends, StripeServeTest,
                         ::testing::Values(BackendKind::kEmbedded, BackendKind::kPostgresRedis),
                         [](const auto& info) {
                           return std::string(info.param == BackendKind::kEmbedded
                                                  ? "embedded"
                                                  : "postgres_redis");
                         });

}  // namespace
}  // namespace leados::testing
