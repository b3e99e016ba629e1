// InvoiceService on both backends: gapless numbering under 16 concurrent issuers, a rolled-back
// issue gives its number back, idempotence on the reference (also concurrently), per-year
// sequences, the PDF in the object store showing number, amount and billing address (pdftotext),
// a failed upload that keeps the invoice and its number and is retried, statements, listing with
// cursors and ownership.
#include "billing/invoice_service.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "billing/invoice_attachments.h"
#include "billing/ledger.h"
#include "billing/ledger_statement.h"
#include "billing/pdf_text.h"
#include "store/test_support.h"

namespace leados::billing {
namespace {

using testing::HavePdftotext;
using testing::PdfText;

constexpr const char* kAccount = "acct_zoe";
constexpr const char* kOther = "acct_other";

class InvoiceServiceTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    clock_.Set(core::TimePoint(std::chrono::seconds(1'794'000'000)));  // 2026-11-06
    auto fresh = store::testing::FreshDatabase::Open(GetParam(), clock_, 8);
    if (!fresh && fresh.error().code == core::ErrorCode::kUnavailable) {
      GTEST_SKIP() << fresh.error().message;
    }
    ASSERT_TRUE(fresh) << fresh.error().message;
    fresh_ = std::move(*fresh);
    profiles_ = std::make_unique<BillingProfileStore>(fresh_->db(), clock_);
    Build(objects_);
    ASSERT_TRUE(profiles_->Update(kAccount, BillingProfile{.name = "Zoë Müller",
                                                           .company = "Zoë Müller GmbH",
                                                           .address_lines = {"Domplatz 3"},
                                                           .postal_code = "50667",
                                                           .city = "Köln",
                                                           .country = "DE"}));
  }
  void Build(ObjectStore& objects) {
    service_ = std::make_unique<InvoiceService>(
        fresh_->db(), clock_, objects, *profiles_,
        InvoiceServiceOptions{.number_prefix = "LO",
                              .seller_lines = {"LeadOS Ltd", "1 Signal Street", "London"}},
        [](std::string_view account) -> core::Result<std::vector<std::string>> {
          return std::vector<std::string>{"Fallback Co (" + std::string(account) + ")",
                                          "7 Sign-up Road"};
        });
  }
  PurchaseRequest Purchase(std::string reference, std::string account = kAccount) {
    return PurchaseRequest{.account_id = std::move(account),
                           .reference = std::move(reference),
                           .description = "10,000 LeadOS credits",
                           .credits = 10000,
                           .amount_cents = 123456,
                           .currency = "EUR"};
  }
  int64_t Count(const std::string& where = "1 = 1") {
    return (*fresh_->db().Query("SELECT COUNT(*) FROM invoices WHERE " + where))[0].Int(0);
  }

  core::ManualClock clock_;
  std::unique_ptr<store::testing::FreshDatabase> fresh_;
  std::unique_ptr<BillingProfileStore> profiles_;
  MemoryObjectStore objects_;
  std::unique_ptr<InvoiceService> service_;
};

TEST_P(InvoiceServiceTest, NumbersHaveNoGapsUnder16ConcurrentIssuers) {
  constexpr int kThreads = 16;
  constexpr int kEach = 3;
  std::vector<std::thread> threads;
  std::mutex mu;
  std::vector<std::string> numbers;
  std::vector<std::string> errors;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto inv = service_->IssuePurchaseInvoice(
            Purchase(fmt::format("cs_{}_{}", t, i), t % 2 ? kAccount : kOther));
        std::lock_guard lock(mu);
        if (inv)
          numbers.push_back(inv->number);
        else
          errors.push_back(inv.error().message);
      }
    });
  }
  for (auto& th : threads) th.join();
  ASSERT_TRUE(errors.empty()) << errors.front();
  std::set<std::string> unique(numbers.begin(), numbers.end());
  ASSERT_EQ(unique.size(), static_cast<size_t>(kThreads * kEach));
  for (int n = 1; n <= kThreads * kEach; ++n) {
    EXPECT_TRUE(unique.contains(fmt::format("LO-2026-{:06}", n))) << "gap at " << n;
  }
  EXPECT_EQ(objects_.size(), static_cast<size_t>(kThreads * kEach));
}

TEST_P(InvoiceServiceTest, ARolledBackIssueGivesItsNumberBack) {
  ASSERT_EQ(service_->IssuePurchaseInvoice(Purchase("cs_1"))->number, "LO-2026-000001");
  // The caller's transaction (e.g. the Stripe fulfilment) issues, then fails later on.
  auto st = fresh_->db().Transact([&](store::SqlSession& tx) -> core::Status {
    auto inv = service_->IssuePurchaseInvoice(tx, Purchase("cs_2"));
    EXPECT_TRUE(inv);
    if (inv) {
      EXPECT_EQ(inv->number, "LO-2026-000002");
    }
    return core::Fail(core::ErrorCode::kUnavailable, "ledger write failed");
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(Count(), 1);
  EXPECT_EQ(service_->IssuePurchaseInvoice(Purchase("cs_3"))->number, "LO-2026-000002");
}

TEST_P(InvoiceServiceTest, OneInvoicePerReferenceEvenConcurrently) {
  auto first = service_->IssuePurchaseInvoice(Purchase("cs_same"));
  ASSERT_TRUE(first) << first.error().message;
  auto again = service_->IssuePurchaseInvoice(Purchase("cs_same"));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, first->id);
  EXPECT_EQ(again->number, first->number);

  std::vector<std::thread> threads;
  std::mutex mu;
  std::set<std::string> ids;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      auto inv = service_->IssuePurchaseInvoice(Purchase("cs_race"));
      std::lock_guard lock(mu);
      ids.insert(inv ? inv->id : "error: " + inv.error().message);
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ids.size(), 1u) << *ids.begin();
  EXPECT_EQ(Count(), 2);
  EXPECT_EQ(service_->IssuePurchaseInvoice(Purchase("cs_4"))->number, "LO-2026-000003");
  // The same reference for another account is refused, not silently answered.
  auto other = service_->IssuePurchaseInvoice(Purchase("cs_same", kOther));
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, core::ErrorCode::kConflict);
}

TEST_P(InvoiceServiceTest, EachYearStartsAtOne) {
  ASSERT_EQ(service_->IssuePurchaseInvoice(Purchase("cs_a"))->number, "LO-2026-000001");
  ASSERT_EQ(service_->IssuePurchaseInvoice(Purchase("cs_b"))->number, "LO-2026-000002");
  clock_.Set(core::TimePoint(std::chrono::seconds(1'798'761'600)));  // 2027-01-01
  auto inv = service_->IssuePurchaseInvoice(Purchase("cs_c"));
  ASSERT_TRUE(inv);
  EXPECT_EQ(inv->number, "LO-2027-000001");
  EXPECT_EQ(inv->object_key, "invoices/2027/LO-2027-000001.pdf");
}

TEST_P(InvoiceServiceTest, PdfShowsAmountNumberAndBillingAddress) {
  if (!HavePdftotext()) GTEST_SKIP() << "pdftotext (poppler-utils) is not installed";
  store::testing::ScopedTempDir dir;
  FolderObjectStore folder(dir.path());
  Build(folder);
  auto inv = service_->IssuePurchaseInvoice(Purchase("cs_pdf"));
  ASSERT_TRUE(inv) << inv.error().message;
  ASSERT_TRUE(inv->pdf_stored_at_ms.has_value());
  EXPECT_TRUE(std::filesystem::exists(dir.path() / inv->object_key));
  auto pdf = service_->Download(kAccount, inv->id);
  ASSERT_TRUE(pdf) << pdf.error().message;
  EXPECT_EQ(pdf->filename, "LO-2026-000001.pdf");
  const std::string text = PdfText(pdf->bytes);
  for (const char* expected : {"LO-2026-000001", "1,234.56 EUR", "Zoë Müller GmbH", "Domplatz 3",
                               "50667 Köln", "LeadOS Ltd", "2026-11-06"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << "missing '" << expected << "' in\n"
                                                      << text;
  }
  // The address printed is the one at issue time: a later change does not alter the invoice.
  ASSERT_TRUE(profiles_->Update(
      kAccount,
      BillingProfile{
          .name = "New Name", .address_lines = {"Elsewhere 9"}, .city = "Bonn", .country = "DE"}));
  ASSERT_TRUE(folder.Delete(inv->object_key));  // even when the PDF has to be made again
  const std::string again = PdfText(service_->Download(kAccount, inv->id)->bytes);
  EXPECT_NE(again.find("Domplatz 3"), std::string::npos);
  EXPECT_EQ(again.find("Elsewhere 9"), std::string::npos);
}

TEST_P(InvoiceServiceTest, TheReceiptAttachmentIsTheOwnersInvoicePdf) {
  store::testing::ScopedTempDir dir;
  FolderObjectStore folder(dir.path());
  Build(folder);
  auto inv = service_->IssuePurchaseInvoice(Purchase("cs_attach"));
  ASSERT_TRUE(inv) << inv.error().message;
  InvoiceAttachments attachments(*service_);
  notify::Email email;
  email.account_id = std::string(kAccount);
  auto file = attachments.Load(email, "invoice:" + inv->id);
  ASSERT_TRUE(file) << file.error().message;
  EXPECT_EQ(file->filename, "LO-2026-000001.pdf");
  EXPECT_EQ(file->content_type, "application/pdf");
  EXPECT_EQ(file->content, service_->Download(kAccount, inv->id)->bytes);
  // Another account's email, no account, or another kind of reference: not found.
  email.account_id = std::string(kOther);
  EXPECT_EQ(attachments.Load(email, "invoice:" + inv->id).error().code, core::ErrorCode::kNotFound);
  email.account_id.reset();
  EXPECT_EQ(attachments.Load(email, "invoice:" + inv->id).error().code, core::ErrorCode::kNotFound);
  email.account_id = std::string(kAccount);
  EXPECT_EQ(attachments.Load(email, "file:" + inv->id).error().code, core::ErrorCode::kNotFound);
}

TEST_P(InvoiceServiceTest, AFailedUploadKeepsTheInvoiceAndItsNumberAndIsRetried) {
  objects_.set_fail_puts(true);
  auto inv = service_->IssuePurchaseInvoice(Purchase("cs_fail"));
  ASSERT_TRUE(inv) << inv.error().message;
  EXPECT_EQ(inv->number, "LO-2026-000001");
  EXPECT_FALSE(inv->pdf_stored_at_ms.has_value());
  EXPECT_EQ(objects_.size(), 0u);
  // Retrying the purchase returns the same invoice (same number), not a second one.
  EXPECT_EQ(service_->IssuePurchaseInvoice(Purchase("cs_fail"))->number, "LO-2026-000001");
  EXPECT_FALSE(service_->StorePendingPdfs());
  objects_.set_fail_puts(false);
  auto stored = service_->StorePendingPdfs();
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_EQ(*stored, 1);
  EXPECT_TRUE(*objects_.Exists("invoices/2026/LO-2026-000001.pdf"));
  EXPECT_EQ(*service_->StorePendingPdfs(), 0);
  EXPECT_EQ(service_->IssuePurchaseInvoice(Purchase("cs_next"))->number, "LO-2026-000002");
}

TEST_P(InvoiceServiceTest, WithoutAProfileTheSignupAddressIsUsed) {
  if (!HavePdftotext()) GTEST_SKIP() << "pdftotext (poppler-utils) is not installed";
  auto inv = service_->IssuePurchaseInvoice(Purchase("cs_x", kOther));
  ASSERT_TRUE(inv);
  const std::string text = PdfText(service_->Download(kOther, inv->id)->bytes);
  EXPECT_NE(text.find("Fallback Co (acct_other)"), std::string::npos) << text;
  EXPECT_NE(text.find("7 Sign-up Road"), std::string::npos) << text;
}

TEST_P(InvoiceServiceTest, MonthlyStatements) {
  auto early = service_->IssueMonthlyStatement(kAccount, 2026, 11, {});
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_FALSE(service_->IssueMonthlyStatement(kAccount, 2026, 13, {}));

  const std::vector<StatementLine> lines = {{"Campaign Kubernetes buyers", 1520, 0},
                                            {"Campaign Data teams", 33, 0}};
  auto st = service_->IssueMonthlyStatement(kAccount, 2026, 10, lines);
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(st->kind, InvoiceKind::kStatement);
  EXPECT_EQ(st->period, "2026-10");
  EXPECT_EQ(st->credits, 1553);
  EXPECT_EQ(st->reference, "statement:acct_zoe:2026-10");
  EXPECT_EQ(service_->IssueMonthlyStatement(kAccount, 2026, 10, lines)->id, st->id);

  StatementSource source{
      .accounts = [](int, int) -> core::Result<std::vector<std::string>> {
        return std::vector<std::string>{kAccount, kOther};
      },
      .lines = [](std::string_view, int, int) -> core::Result<std::vector<StatementLine>> {
        return std::vector<StatementLine>{{"Deliveries", 7, 0}};
      }};
  auto run = service_->IssueStatementsForMonth(2026, 10, source);
  ASSERT_TRUE(run) << run.error().message;
  EXPECT_EQ(run->issued, 1);
  EXPECT_EQ(run->already_issued, 1);
  EXPECT_TRUE(run->failures.empty());
  EXPECT_EQ(Count("kind = 'statement'"), 2);
  if (HavePdftotext()) {
    const std::string text = PdfText(service_->Download(kAccount, st->id)->bytes);
    EXPECT_NE(text.find("Statement of usage"), std::string::npos);
    EXPECT_NE(text.find("1553"), std::string::npos) << text;
  }
}

TEST_P(InvoiceServiceTest, ListPagesNewestFirstAndOnlyTheOwnersInvoices) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    clock_.Advance(std::chrono::seconds(1));
    ids.push_back(service_->IssuePurchaseInvoice(Purchase(fmt::format("cs_{}", i)))->id);
  }
  auto other = service_->IssuePurchaseInvoice(Purchase("cs_other", kOther));
  ASSERT_TRUE(other);
  auto p1 = service_->List(kAccount, {.limit = 2, .cursor = ""});
  ASSERT_TRUE(p1) << p1.error().message;
  ASSERT_EQ(p1->invoices.size(), 2u);
  EXPECT_EQ(p1->invoices[0].id, ids[4]);
  ASSERT_TRUE(p1->next_cursor);
  auto p2 = service_->List(kAccount, {.limit = 2, .cursor = *p1->next_cursor});
  auto p3 = service_->List(kAccount, {.limit = 2, .cursor = *p2->next_cursor});
  ASSERT_EQ(p3->invoices.size(), 1u);
  EXPECT_EQ(p3->invoices[0].id, ids[0]);
  EXPECT_FALSE(p3->next_cursor);
  EXPECT_EQ(service_->List(kAccount, {.limit = 0}).error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(service_->Get(kAccount, other->id).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(service_->Download(kAccount, other->id).error().code, core::ErrorCode::kNotFound);
}

TEST_P(InvoiceServiceTest, BadPurchaseRequestsNameTheField) {
  PurchaseRequest r = Purchase("cs");
  r.currency = "euro";
  EXPECT_NE(service_->IssuePurchaseInvoice(r).error().message.find("currency:"), std::string::npos);
  r = Purchase("");
  EXPECT_NE(service_->IssuePurchaseInvoice(r).error().message.find("reference:"),
            std::string::npos);
  r = Purchase("cs");
  r.credits = 0;
  EXPECT_NE(service_->IssuePurchaseInvoice(r).error().message.find("credits:"), std::string::npos);
  EXPECT_EQ(Count(), 0);
}

TEST_P(InvoiceServiceTest, RecordsAreKeptSevenYearsThenPurged) {
  auto old = service_->IssuePurchaseInvoice(Purchase("cs_old"));  // 2026-11-06
  ASSERT_TRUE(old);
  clock_.Set(core::TimePoint(std::chrono::seconds(1'820'000'000)));  // 2027-09-02
  auto newer = service_->IssuePurchaseInvoice(Purchase("cs_new"));
  ASSERT_TRUE(newer);
  // 2033-11-06, one second before the seventh anniversary: nothing goes.
  clock_.Set(core::TimePoint(std::chrono::seconds(1'794'000'000 + 220'924'800 - 1)));
  ASSERT_EQ(*service_->PurgeExpired(), 0);
  EXPECT_TRUE(service_->Get(kAccount, old->id));
  clock_.Advance(std::chrono::seconds(2));
  ASSERT_EQ(*service_->PurgeExpired(), 1);
  EXPECT_EQ(service_->Get(kAccount, old->id).error().code, core::ErrorCode::kNotFound);
  EXPECT_FALSE(*objects_.Exists(old->object_key));
  EXPECT_TRUE(*objects_.Exists(newer->object_key));
  EXPECT_TRUE(service_->Get(kAccount, newer->id));
}

// The monthly statement of usage takes its lines from the real credit ledger: one line per
// reason that moved credits in the month, nothing from the months around it, and only accounts
// that moved credits get a statement.
TEST_P(InvoiceServiceTest, MonthlyStatementsTakeTheirLinesFromTheLedger) {
  Ledger ledger(fresh_->db(), clock_);
  auto append = [&](int64_t amount, EntryReason reason, std::string key) {
    auto e = ledger.Append({.account_id = kAccount, .amount = amount, .reason = reason,
                            .reference = key, .idempotency_key = key});
    ASSERT_TRUE(e) << e.error().message;
  };
  clock_.Set(core::TimePoint(std::chrono::seconds(1'790'000'000)));  // 2026-09-21: not October
  append(50, EntryReason::kGrant, "sep-grant");
  clock_.Set(core::TimePoint(std::chrono::seconds(1'791'000'000)));  // 2026-10-03
  append(1000, EntryReason::kPurchase, "oct-buy");
  append(-30, EntryReason::kLead, "oct-lead-1");
  append(-30, EntryReason::kLead, "oct-lead-2");
  append(30, EntryReason::kRefund, "oct-refund-2");
  append(-5, EntryReason::kAdjustment, "oct-adjust");
  clock_.Set(core::TimePoint(std::chrono::seconds(1'794'000'000)));  // 2026-11-06
  append(-10, EntryReason::kLead, "nov-lead");

  const StatementSource source = LedgerStatementSource(fresh_->db());
  auto accounts = source.accounts(2026, 10);
  ASSERT_TRUE(accounts) << accounts.error().message;
  EXPECT_EQ(*accounts, std::vector<std::string>{kAccount});
  auto lines = source.lines(kAccount, 2026, 10);
  ASSERT_TRUE(lines) << lines.error().message;
  ASSERT_EQ(lines->size(), 4u);
  EXPECT_EQ((*lines)[0].description, "Credits purchased");
  EXPECT_EQ((*lines)[0].credits, 1000);
  EXPECT_EQ((*lines)[1].description, "Credits used for leads");
  EXPECT_EQ((*lines)[1].credits, 60);
  EXPECT_EQ((*lines)[2].description, "Credits refunded for undelivered leads");
  EXPECT_EQ((*lines)[2].credits, 30);
  EXPECT_EQ((*lines)[3].description, "Credits removed by LeadOS (adjustment)");
  EXPECT_EQ((*lines)[3].credits, 5);

  auto run = service_->IssueStatementsForMonth(2026, 10, source);
  ASSERT_TRUE(run) << run.error().message;
  EXPECT_EQ(run->issued, 1);
  EXPECT_TRUE(run->failures.empty()) << run->failures.front();
  auto again = service_->IssueStatementsForMonth(2026, 10, source);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->issued, 0);
  EXPECT_EQ(again->already_issued, 1);
  EXPECT_EQ(Count("kind = 'statement'"), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, InvoiceServiceTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) {
                           return std::string(store::DialectName(info.param));
                         });

}  // namespace
}  // namespace leados::billing
