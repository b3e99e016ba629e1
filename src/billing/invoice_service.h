#pragma once
// InvoiceService: issues purchase invoices and monthly usage statements, numbers them without
// gaps per year, keeps their PDFs in the object store, and lists and serves them to their owner.
//
// How an invoice is issued (decisions, where the issue was silent):
//  1. In ONE transaction: the year's counter row is locked (PostgreSQL SELECT … FOR UPDATE;
//     SQLite's BEGIN IMMEDIATE serialises writers anyway), an invoice with the same (kind,
//     reference) is looked up and returned if it exists (idempotent: a replayed Stripe event or a
//     second statement run never issues a second invoice), otherwise the counter is incremented
//     and the invoice row is inserted with the document it prints (seller, buyer address as it is
//     now, lines, totals) as JSON. A rollback gives the number back: numbers have no gaps.
//  2. After the commit the PDF is rendered from that stored document and put into the object
//     store under invoices/<year>/<number>.pdf, and the row's pdf_stored_at is set.
//  A failure in step 2 (store unreachable, font missing) leaves an issued invoice whose PDF is
//  pending, never a used number without an invoice: StorePendingPdfs (run by `leados serve`
//  periodically) and Download retry it with the same number; rendering is deterministic, so a
//  retry that overwrites an object already stored writes the same bytes.
//  - The buyer block comes from the account's BillingProfile. Without one, the `fallback_buyer`
//    given by src/app (the company name and free-text address typed at sign-up) is used when the
//    PDF is made, and recorded in the stored document.
//  - Statements are issued for a calendar month (UTC) that has ended; their reference is
//    "statement:<account>:<YYYY-MM>"; their number comes from the same yearly sequence as
//    purchase invoices (year of issue).
// Thread-safe.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "billing/billing_profile.h"
#include "billing/invoice.h"
#include "billing/invoice_pdf.h"
#include "billing/object_store.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/result.h"
#include "store/database.h"

namespace leados::billing {

struct InvoiceServiceOptions {
  std::string number_prefix = "LO";       // billing.invoice_prefix
  std::vector<std::string> seller_lines;  // billing.seller.*: name first, then address, VAT id…
  InvoicePdfOptions pdf;
};

// Buyer lines for an account without a BillingProfile; called outside any transaction.
using FallbackBuyer = std::function<core::Result<std::vector<std::string>>(std::string_view)>;

struct PurchaseRequest {
  std::string account_id;
  std::string reference;     // e.g. the Stripe Checkout Session id: one invoice per reference
  std::string description;   // "10,000 LeadOS credits"
  int64_t credits = 0;       // > 0
  int64_t amount_cents = 0;  // total charged, >= 0
  std::string currency;      // ISO 4217 ("eur", "EUR")
};

// One statement line: credits consumed for one campaign, day or reason (the caller aggregates).
struct StatementLine {
  std::string description;
  int64_t credits = 0;
  int64_t amount_cents = 0;  // usually 0: prepaid credits were invoiced when bought
};

struct InvoiceListQuery {
  int limit = 50;      // 1..kMaxListLimit
  std::string cursor;  // next_cursor of the previous page ("" for the first)
};

struct InvoicePage {
  std::vector<Invoice> invoices;  // newest first
  std::optional<std::string> next_cursor;
};

struct InvoicePdf {
  Invoice invoice;
  std::string bytes;
  std::string filename;  // "LO-2026-000001.pdf"
};

// Where a month's statements come from (the ledger, at merge): which accounts used credits in
// the month, and each one's aggregated lines.
struct StatementSource {
  std::function<core::Result<std::vector<std::string>>(int year, int month)> accounts;
  std::function<core::Result<std::vector<StatementLine>>(std::string_view account, int year,
                                                         int month)>
      lines;
};

struct StatementRun {
  int issued = 0;                     // new statements
  int already_issued = 0;             // found issued by an earlier run
  std::vector<std::string> failures;  // "acct_…: message"
};

class InvoiceService {
 public:
  static constexpr int kMaxListLimit = 100;

  // Every reference must outlive the service.
  InvoiceService(store::Database& db, const core::Clock& clock, ObjectStore& objects,
                 BillingProfileStore& profiles, InvoiceServiceOptions options,
                 FallbackBuyer fallback_buyer = {});

  // Issues (or finds, same reference) the purchase invoice inside the caller's transaction `tx`
  // (e.g. the Stripe fulfilment that also credits the ledger). The PDF is not made here: call
  // StorePdf(invoice) after the commit (or leave it to StorePendingPdfs). kInvalidArgument for a
  // bad request (the message names the field).
  core::Result<Invoice> IssuePurchaseInvoice(store::SqlSession& tx, const PurchaseRequest& req);
  // Same in its own transaction, then stores the PDF. A PDF failure is logged and leaves the
  // invoice with its PDF pending (the invoice is returned; see above).
  core::Result<Invoice> IssuePurchaseInvoice(const PurchaseRequest& req);
  // Issues (or finds) the statement of `year`-`month` for `account`. kFailedPrecondition when the
  // month has not ended; kInvalidArgument for a bad month or line.
  core::Result<Invoice> IssueMonthlyStatement(std::string_view account, int year, int month,
                                              const std::vector<StatementLine>& lines);
  // Issues the statements of one month for every account `source` names; one transaction per
  // account, so one failure does not stop the others.
  core::Result<StatementRun> IssueStatementsForMonth(int year, int month,
                                                     const StatementSource& source);

  // Renders and stores the PDF of an issued invoice (idempotent) and returns the bytes.
  core::Result<std::string> StorePdf(const Invoice& invoice);
  // Stores the PDFs still pending, oldest first, at most `limit`; returns how many were stored.
  // Stops at the first failure (returned), so an unreachable store is not hammered.
  core::Result<int> StorePendingPdfs(int limit = 100);

  // Retention (billing records are kept 7 years): deletes the PDFs and rows of invoices issued
  // more than `years` calendar years ago (same day and time), at most `limit` per call, oldest
  // first; returns how many. The PDF goes first, so a failure leaves the row to retry. The
  // yearly counters stay (numbers are never reused). For the retention job.
  core::Result<int> PurgeExpired(int years = 7, int limit = 500);

  // The account's invoices, newest first. kInvalidArgument for a bad limit or cursor.
  core::Result<InvoicePage> List(std::string_view account, const InvoiceListQuery& query);
  // One invoice of the account; kNotFound "no invoice '<id>' in this account" otherwise
  // (another account's invoice included).
  core::Result<Invoice> Get(std::string_view account, std::string_view id);
  // The PDF of one invoice of the account (made and stored now when still pending).
  core::Result<InvoicePdf> Download(std::string_view account, std::string_view id);

 private:
  core::Result<Invoice> Issue(store::SqlSession& tx, const std::string& account, InvoiceKind kind,
                              const std::string& reference, const std::string& period,
                              InvoiceDocument doc);
  core::Result<Invoice> IssueAndStore(const std::string& account, InvoiceKind kind,
                                      const std::string& reference, const std::string& period,
                                      InvoiceDocument doc);
  // Stores the PDF of a just-issued invoice; a failure is logged and leaves it pending.
  Invoice Finish(Invoice issued);
  core::Result<std::vector<std::string>> BuyerLines(store::SqlSession& tx,
                                                    const std::string& account);

  store::Database& db_;
  const core::Clock& clock_;
  ObjectStore& objects_;
  BillingProfileStore& profiles_;
  InvoiceServiceOptions options_;
  FallbackBuyer fallback_buyer_;
  core::IdGenerator ids_;
};

}  // namespace leados::billing
