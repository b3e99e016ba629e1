// Invoices and billing profiles over HTTP on both backends: set and read the profile (400s name
// the field), list invoices with cursors, download the PDF (application/pdf, attachment) whose
// text (pdftotext) shows the number, the amount and the billing address, API-key scopes, and
// another account's invoice is 404.
#include <gtest/gtest.h>

#include "accounts_api_fixture.h"
#include "api/invoice_routes.h"
#include "billing/billing_profile.h"
#include "billing/invoice_service.h"
#include "billing/object_store.h"
#include "billing/pdf_text.h"

namespace leados::api::testing {
namespace {

namespace json = core::json;

std::string Body(json::object o) {
  return core::ToJson(o);
}

class InvoicesApiTest : public AccountsApiFixture {
 protected:
  void AddMoreRoutes(http::Router& router) override {
    objects_ = std::make_unique<billing::FolderObjectStore>(dir_.path() / "objects");
    profiles_ = std::make_unique<billing::BillingProfileStore>(*db_, clock_);
    // As src/app wires it: without a profile, the sign-up's company and address.
    invoices_ = std::make_unique<billing::InvoiceService>(
        *db_, clock_, *objects_, *profiles_,
        billing::InvoiceServiceOptions{.number_prefix = "LO",
                                       .seller_lines = {"LeadOS Ltd", "1 Signal Street"}},
        [this](std::string_view account) -> core::Result<std::vector<std::string>> {
          auto a = accounts_->GetAccount(account);
          if (!a) return core::Fail(a.error());
          return std::vector<std::string>{a->company_name, a->billing_address};
        });
    AddInvoiceRoutes(*api_, router, *invoices_, *profiles_);
  }

  std::string AccountOf(Browser& b) {
    Reply me = As(b, "GET", "/v1/me");
    return core::StringOr(me.json.as_object().at("account").as_object(), "id");
  }
  billing::Invoice Issue(const std::string& account, const std::string& reference,
                         int64_t cents = 4900) {
    auto inv = invoices_->IssuePurchaseInvoice({.account_id = account,
                                                .reference = reference,
                                                .description = "1,000 LeadOS credits",
                                                .credits = 1000,
                                                .amount_cents = cents,
                                                .currency = "eur"});
    EXPECT_TRUE(inv) << inv.error().message;
    return *inv;
  }

  store::testing::ScopedTempDir dir_;
  std::unique_ptr<billing::FolderObjectStore> objects_;
  std::unique_ptr<billing::BillingProfileStore> profiles_;
  std::unique_ptr<billing::InvoiceService> invoices_;
};

json::object Profile() {
  return json::object{{"name", "Zoë Müller"},
                      {"company", "Zoë Müller GmbH"},
                      {"address_lines", json::array{"Domplatz 3"}},
                      {"postal_code", "50667"},
                      {"city", "Köln"},
                      {"country", "DE"},
                      {"vat_id", "DE811907980"}};
}

TEST_P(InvoicesApiTest, ProfileIsSetReadAndValidated) {
  Browser ana = SignUpAndSignIn("ana@example.com", "1 Main St");
  Reply none = As(ana, "GET", "/v1/billing/profile");
  EXPECT_EQ(none.status, 404);
  EXPECT_EQ(none.ErrorCode(), "not_found");

  json::object bad = Profile();
  bad["country"] = "Germany";
  Reply refused = As(ana, "PUT", "/v1/billing/profile", Body(bad));
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.find("country: must be a two-letter"), std::string::npos) << refused.body;
  bad = Profile();
  bad["street"] = "x";
  EXPECT_NE(As(ana, "PUT", "/v1/billing/profile", Body(bad)).body.find("street: unknown field"),
            std::string::npos);
  EXPECT_EQ(As(ana, "GET", "/v1/billing/profile").status, 404) << "nothing half-stored";

  Reply put = As(ana, "PUT", "/v1/billing/profile", Body(Profile()));
  ASSERT_EQ(put.status, 200) << put.body;
  Reply got = As(ana, "GET", "/v1/billing/profile");
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(core::StringOr(got.json.as_object(), "company"), "Zoë Müller GmbH");
  EXPECT_EQ(core::StringOr(got.json.as_object(), "city"), "Köln");

  Browser bo = SignUpAndSignIn("bo@example.com", "2 Side St");
  EXPECT_EQ(As(bo, "GET", "/v1/billing/profile").status, 404) << "profiles are per account";
}

TEST_P(InvoicesApiTest, DownloadShowsNumberAmountAndAddressToTheOwnerOnly) {
  Browser ana = SignUpAndSignIn("ana@example.com", "1 Main St");
  ASSERT_EQ(As(ana, "PUT", "/v1/billing/profile", Body(Profile())).status, 200);
  billing::Invoice inv = Issue(AccountOf(ana), "cs_test_1", 123456);

  Reply list = As(ana, "GET", "/v1/invoices");
  ASSERT_EQ(list.status, 200) << list.body;
  const auto& data = list.json.as_object().at("data").as_array();
  ASSERT_EQ(data.size(), 1u);
  EXPECT_EQ(core::StringOr(data[0].as_object(), "number"), "LO-2026-000001");
  EXPECT_EQ(core::StringOr(data[0].as_object(), "kind"), "purchase");
  EXPECT_EQ(core::IntOr(data[0].as_object(), "amount_cents"), 123456);
  EXPECT_TRUE(data[0].as_object().at("pdf_ready").as_bool());

  Reply pdf = As(ana, "GET", "/v1/invoices/" + inv.id + "/pdf");
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  EXPECT_EQ(pdf.Header("Content-Type"), "application/pdf");
  EXPECT_EQ(pdf.Header("Content-Disposition"), "attachment; filename=\"LO-2026-000001.pdf\"");
  EXPECT_TRUE(pdf.body.starts_with("%PDF-"));
  if (billing::testing::HavePdftotext()) {
    const std::string text = billing::testing::PdfText(pdf.body);
    for (const char* expected :
         {"LO-2026-000001", "1,234.56 EUR", "Zoë Müller GmbH", "Domplatz 3", "50667 Köln"}) {
      EXPECT_NE(text.find(expected), std::string::npos) << "missing '" << expected << "' in\n"
                                                        << text;
    }
  }

  Browser bo = SignUpAndSignIn("bo@example.com", "2 Side St");
  Reply stolen = As(bo, "GET", "/v1/invoices/" + inv.id + "/pdf");
  EXPECT_EQ(stolen.status, 404);
  EXPECT_EQ(stolen.ErrorCode(), "not_found");
  EXPECT_EQ(As(bo, "GET", "/v1/invoices/" + inv.id).status, 404);
  EXPECT_TRUE(As(bo, "GET", "/v1/invoices").json.as_object().at("data").as_array().empty());
  EXPECT_EQ(As(ana, "GET", "/v1/invoices/inv_nope/pdf").status, 404);
}

TEST_P(InvoicesApiTest, WithoutAProfileTheSignupAddressIsPrinted) {
  if (!billing::testing::HavePdftotext()) GTEST_SKIP() << "pdftotext is not installed";
  Browser ana = SignUpAndSignIn("ana@example.com", "9 Signup Lane");
  billing::Invoice inv = Issue(AccountOf(ana), "cs_x");
  Reply pdf = As(ana, "GET", "/v1/invoices/" + inv.id + "/pdf");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_NE(billing::testing::PdfText(pdf.body).find("9 Signup Lane"), std::string::npos);
}

TEST_P(InvoicesApiTest, ListPagesWithACursor) {
  Browser ana = SignUpAndSignIn("ana@example.com", "1 Main St");
  const std::string account = AccountOf(ana);
  for (int i = 0; i < 3; ++i) {
    clock_.Advance(std::chrono::seconds(1));
    Issue(account, "cs_" + std::to_string(i));
  }
  Reply p1 = As(ana, "GET", "/v1/invoices?limit=2");
  ASSERT_EQ(p1.status, 200);
  ASSERT_EQ(p1.json.as_object().at("data").as_array().size(), 2u);
  EXPECT_EQ(core::StringOr(p1.json.as_object().at("data").as_array()[0].as_object(), "number"),
            "LO-2026-000003");
  const std::string cursor = core::StringOr(p1.json.as_object(), "next_cursor");
  ASSERT_FALSE(cursor.empty());
  Reply p2 = As(ana, "GET", "/v1/invoices?limit=2&cursor=" + cursor);
  ASSERT_EQ(p2.json.as_object().at("data").as_array().size(), 1u);
  EXPECT_TRUE(p2.json.as_object().at("next_cursor").is_null());
  Reply bad = As(ana, "GET", "/v1/invoices?limit=500");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("limit:"), std::string::npos);
}

TEST_P(InvoicesApiTest, ApiKeysNeedBillingRead) {
  Browser ana = SignUpAndSignIn("ana@example.com", "1 Main St");
  billing::Invoice inv = Issue(AccountOf(ana), "cs_k");
  Reply other = As(ana, "POST", "/v1/api-keys",
                   Body({{"name", "c"}, {"scopes", json::array{"campaigns:write"}}}));
  const std::string campaigns_key = core::StringOr(other.json.as_object(), "secret");
  EXPECT_EQ(WithKey(campaigns_key, "GET", "/v1/invoices").status, 403);
  Reply billing = As(ana, "POST", "/v1/api-keys",
                     Body({{"name", "b"}, {"scopes", json::array{"billing:read"}}}));
  const std::string billing_key = core::StringOr(billing.json.as_object(), "secret");
  EXPECT_EQ(WithKey(billing_key, "GET", "/v1/invoices").status, 200);
  EXPECT_EQ(WithKey(billing_key, "GET", "/v1/invoices/" + inv.id + "/pdf").status, 200);
  EXPECT_EQ(WithKey(billing_key, "PUT", "/v1/billing/profile", Body(Profile())).status, 403)
      << "billing data is changed from the portal only";
  EXPECT_EQ(As(ana, "GET", "/v1/billing/profile").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, InvoicesApiTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         DialectParamName);

}  // namespace
}  // namespace leados::api::testing
