// The invoice PDF as a reader sees it (pdftotext): number, date, amounts, the buyer's address
// with non-ASCII letters, the seller; statements; many lines over several pages; the same bytes
// for the same document; a missing font is a clear configuration error.
#include "billing/invoice_pdf.h"

#include <gtest/gtest.h>

#include "billing/pdf_text.h"

namespace leados::billing {
namespace {

using testing::HavePdftotext;
using testing::PdfText;

InvoiceDocument Purchase() {
  return InvoiceDocument{.kind = InvoiceKind::kPurchase,
                         .number = "LO-2026-000042",
                         .issued_at_ms = 1'796'040'000'000,  // 2026-11-30
                         .period = "",
                         .seller_lines = {"LeadOS Ltd", "1 Signal Street", "London EC1A 1AA", "GB",
                                          "VAT: GB123456789"},
                         .buyer_lines = {"Zoë Müller GmbH", "Zoë Müller", "Domplatz 3",
                                         "50667 Köln", "DE", "VAT: DE811907980"},
                         .lines = {InvoiceLine{"10,000 LeadOS credits", 1, 123456, 123456}},
                         .total_cents = 123456,
                         .total_credits = 10000,
                         .currency = "eur",
                         .reference = "cs_test_a1B2c3",
                         .note = "Paid in full."};
}

TEST(InvoicePdf, ShowsNumberAmountAndBillingAddress) {
  if (!HavePdftotext()) GTEST_SKIP() << "pdftotext (poppler-utils) is not installed";
  auto pdf = RenderInvoicePdf(Purchase());
  ASSERT_TRUE(pdf) << pdf.error().message;
  EXPECT_TRUE(pdf->starts_with("%PDF-"));
  const std::string text = PdfText(*pdf);
  for (const char* expected :
       {"Invoice", "LO-2026-000042", "2026-11-30", "1,234.56 EUR", "Zoë Müller GmbH", "Domplatz 3",
        "50667 Köln", "DE811907980", "LeadOS Ltd", "10,000 LeadOS credits", "cs_test_a1B2c3"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << "missing '" << expected << "' in:\n"
                                                      << text;
  }
}

TEST(InvoicePdf, StatementShowsCreditsPerLine) {
  if (!HavePdftotext()) GTEST_SKIP() << "pdftotext (poppler-utils) is not installed";
  InvoiceDocument doc{
      .kind = InvoiceKind::kStatement,
      .number = "LO-2026-000043",
      .issued_at_ms = 1'796'040'000'000,
      .period = "2026-10",
      .seller_lines = {"LeadOS Ltd"},
      .buyer_lines = {"Łódź Analytics sp. z o.o.", "ul. Piotrkowska 1", "90-001 Łódź", "PL"},
      .lines = {{"Campaign “Kubernetes buyers”", 1520, 0, 0}, {"Campaign Ωmega", 33, 0, 0}},
      .total_cents = 0,
      .total_credits = 1553,
      .currency = "eur"};
  auto pdf = RenderInvoicePdf(doc);
  ASSERT_TRUE(pdf) << pdf.error().message;
  const std::string text = PdfText(*pdf);
  for (const char* expected : {"Statement of usage", "LO-2026-000043", "2026-10", "1520", "1553",
                               "Łódź Analytics", "Campaign Ωmega"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << "missing '" << expected << "' in:\n"
                                                      << text;
  }
}

TEST(InvoicePdf, LongTablesContinueOnMorePages) {
  if (!HavePdftotext()) GTEST_SKIP() << "pdftotext (poppler-utils) is not installed";
  InvoiceDocument doc = Purchase();
  doc.kind = InvoiceKind::kStatement;
  doc.lines.clear();
  for (int i = 1; i <= 120; ++i) doc.lines.push_back({"Day " + std::to_string(i), i, 0, 0});
  auto pdf = RenderInvoicePdf(doc);
  ASSERT_TRUE(pdf) << pdf.error().message;
  const std::string text = PdfText(*pdf);
  EXPECT_NE(text.find("Day 1 "), std::string::npos);
  EXPECT_NE(text.find("Day 120"), std::string::npos);
  EXPECT_NE(text.find("Page 3 of 3"), std::string::npos) << text;
}

TEST(InvoicePdf, SameDocumentSameBytes) {
  auto a = RenderInvoicePdf(Purchase());
  auto b = RenderInvoicePdf(Purchase());
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a, *b);
}

TEST(InvoicePdf, MissingFontIsAConfigurationError) {
  auto pdf = RenderInvoicePdf(Purchase(), {.font_file = "/nonexistent/font.ttf"});
  ASSERT_FALSE(pdf);
  EXPECT_EQ(pdf.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_NE(pdf.error().message.find("billing.invoice_font"), std::string::npos);
}

TEST(InvoiceModel, NumbersMoneyAndDocumentJson) {
  EXPECT_EQ(FormatInvoiceNumber("LO", 2026, 1), "LO-2026-000001");
  EXPECT_EQ(FormatInvoiceNumber("LO", 2027, 1234567), "LO-2027-1234567");
  EXPECT_EQ(InvoiceObjectKey(2026, "LO-2026-000001"), "invoices/2026/LO-2026-000001.pdf");
  EXPECT_EQ(FormatMoney(123456, "eur"), "1,234.56 EUR");
  EXPECT_EQ(FormatMoney(5, "usd"), "0.05 USD");
  EXPECT_EQ(FormatMoney(5000, "jpy"), "5,000 JPY");
  EXPECT_EQ(FormatDate(1'796'040'000'000), "2026-11-30");
  EXPECT_EQ(YearOf(1'796'040'000'000), 2026);
  auto back = DocumentFromJson(DocumentToJson(Purchase()));
  ASSERT_TRUE(back);
  EXPECT_EQ(DocumentToJson(*back), DocumentToJson(Purchase()));
}

}  // namespace
}  // namespace leados::billing
