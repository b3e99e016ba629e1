// InvoiceService (see invoice_service.h).
#include "billing/invoice_service.h"

#include <fmt/format.h>

#include <chrono>

#include "core/log.h"

namespace leados::billing {
namespace {

constexpr std::string_view kColumns =
    "id, account_id, number, year, sequence, kind, period, amount_cents, currency, credits, "
    "reference, object_key, pdf_stored_at, created_at";

Invoice FromRow(const store::Row& r) {
  return Invoice{.id = r.Text(0),
                 .account_id = r.Text(1),
                 .number = r.Text(2),
                 .year = r.Int(3),
                 .sequence = r.Int(4),
                 .kind = ParseInvoiceKind(r.Text(5)).value_or(InvoiceKind::kPurchase),
                 .period = r.Text(6),
                 .amount_cents = r.Int(7),
                 .currency = r.Text(8),
                 .credits = r.Int(9),
                 .reference = r.Text(10),
                 .object_key = r.Text(11),
                 .pdf_stored_at_ms = r.OptInt(12),
                 .created_at_ms = r.Int(13)};
}

core::Result<std::string> NormalisedCurrency(std::string_view currency) {
  std::string c;
  for (char ch : currency) c += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (c.size() != 3 ||
      !std::all_of(c.begin(), c.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; })) {
    return core::InvalidArgument(fmt::format(
        "currency: must be a three-letter ISO 4217 code such as eur (got '{}')", currency));
  }
  return c;
}

std::string Period(int year, int month) {
  return fmt::format("{:04}-{:02}", year, month);
}

}  // namespace

InvoiceService::InvoiceService(store::Database& db, const core::Clock& clock, ObjectStore& objects,
                               BillingProfileStore& profiles, InvoiceServiceOptions options,
                               FallbackBuyer fallback_buyer)
    : db_(db),
      clock_(clock),
      objects_(objects),
      profiles_(profiles),
      options_(std::move(options)),
      fallback_buyer_(std::move(fallback_buyer)),
      ids_(clock) {}

core::Result<std::vector<std::string>> InvoiceService::BuyerLines(store::SqlSession& tx,
                                                                  const std::string& account) {
  auto profile = profiles_.Get(tx, account);
  if (profile) return AddressBlock(*profile);
  if (profile.error().code != core::ErrorCode::kNotFound) return core::Fail(profile.error());
  return std::vector<std::string>{};  // filled from the fallback when the PDF is made
}

core::Result<Invoice> InvoiceService::Issue(store::SqlSession& tx, const std::string& account,
                                            InvoiceKind kind, const std::string& reference,
                                            const std::string& period, InvoiceDocument doc) {
  const int64_t now = clock_.NowUnixMillis();
  const int64_t year = YearOf(now);
  // Take the year's counter row lock first: two issues of the same reference then run one
  // after the other, and the second finds the first's invoice below.
  if (auto n = tx.Exec("INSERT INTO invoice_counters (year, next) VALUES (?, 1) "
                       "ON CONFLICT (year) DO NOTHING",
                       {year});
      !n) {
    return core::Fail(n.error());
  }
  const std::string lock_sql = tx.dialect() == store::Dialect::kPostgres
                                   ? "SELECT next FROM invoice_counters WHERE year = ? FOR UPDATE"
                                   : "SELECT next FROM invoice_counters WHERE year = ?";
  auto counter = tx.Query(lock_sql, {year});
  if (!counter) return core::Fail(counter.error());
  if (counter->empty()) return core::Internal("invoice_counters: the year's row vanished");

  auto existing =
      tx.Query(fmt::format("SELECT {} FROM invoices WHERE kind = ? AND reference = ?", kColumns),
               {std::string(InvoiceKindName(kind)), reference});
  if (!existing) return core::Fail(existing.error());
  if (!existing->empty()) {
    Invoice found = FromRow((*existing)[0]);
    if (found.account_id != account) {
      return core::Fail(
          core::ErrorCode::kConflict,
          fmt::format("reference '{}' was already invoiced to another account", reference));
    }
    return found;
  }

  auto bumped = tx.Query(
      "UPDATE invoice_counters SET next = next + 1 WHERE year = ? RETURNING next - 1", {year});
  if (!bumped) return core::Fail(bumped.error());
  if (bumped->empty()) return core::Internal("invoice_counters: the year's row vanished");
  const int64_t sequence = (*bumped)[0].Int(0);

  auto buyer = BuyerLines(tx, account);
  if (!buyer) return core::Fail(buyer.error());

  Invoice inv{.id = ids_.NewId("inv"),
              .account_id = account,
              .number = FormatInvoiceNumber(options_.number_prefix, year, sequence),
              .year = year,
              .sequence = sequence,
              .kind = kind,
              .period = period,
              .amount_cents = doc.total_cents,
              .currency = doc.currency,
              .credits = doc.total_credits,
              .reference = reference,
              .object_key = "",
              .pdf_stored_at_ms = std::nullopt,
              .created_at_ms = now};
  inv.object_key = InvoiceObjectKey(year, inv.number);
  doc.number = inv.number;
  doc.issued_at_ms = now;
  doc.period = period;
  doc.seller_lines = options_.seller_lines;
  doc.buyer_lines = std::move(*buyer);
  doc.reference = kind == InvoiceKind::kPurchase ? reference : "";
  auto inserted = tx.Exec(
      "INSERT INTO invoices (id, account_id, number, year, sequence, kind, period, amount_cents, "
      "currency, credits, reference, object_key, document_json, pdf_stored_at, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)",
      {inv.id, inv.account_id, inv.number, inv.year, inv.sequence,
       std::string(InvoiceKindName(kind)), inv.period, inv.amount_cents, inv.currency, inv.credits,
       inv.reference, inv.object_key, DocumentToJson(doc), inv.created_at_ms});
  if (!inserted) return core::Fail(inserted.error());
  return inv;
}

Invoice InvoiceService::Finish(Invoice issued) {
  if (issued.pdf_stored_at_ms) return issued;
  if (auto pdf = StorePdf(issued); !pdf) {
    core::log::Warn(
        "billing.invoice_pdf_pending",
        {{"invoice", issued.id}, {"number", issued.number}, {"error", pdf.error().message}});
  } else {
    issued.pdf_stored_at_ms = clock_.NowUnixMillis();
  }
  return issued;
}

core::Result<Invoice> InvoiceService::IssueAndStore(const std::string& account, InvoiceKind kind,
                                                    const std::string& reference,
                                                    const std::string& period,
                                                    InvoiceDocument doc) {
  std::optional<Invoice> issued;
  auto st = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto inv = Issue(tx, account, kind, reference, period, doc);
    if (!inv) return core::Fail(inv.error());
    issued = std::move(*inv);
    return core::Ok();
  });
  if (!st) return core::Fail(st.error());
  return Finish(std::move(*issued));
}

core::Result<Invoice> InvoiceService::IssuePurchaseInvoice(store::SqlSession& tx,
                                                           const PurchaseRequest& req) {
  if (req.account_id.empty()) return core::InvalidArgument("account_id: is required");
  if (req.reference.empty() || req.reference.size() > 200) {
    return core::InvalidArgument("reference: is required (at most 200 characters)");
  }
  if (req.description.empty() || req.description.size() > 500) {
    return core::InvalidArgument("description: is required (at most 500 characters)");
  }
  if (req.credits <= 0) return core::InvalidArgument("credits: must be a positive number");
  if (req.amount_cents < 0) return core::InvalidArgument("amount_cents: must not be negative");
  auto currency = NormalisedCurrency(req.currency);
  if (!currency) return core::Fail(currency.error());
  InvoiceDocument doc{
      .kind = InvoiceKind::kPurchase,
      .lines = {InvoiceLine{req.description, 1, req.amount_cents, req.amount_cents}},
      .total_cents = req.amount_cents,
      .total_credits = req.credits,
      .currency = *currency,
      .note = "Paid in full. Thank you for your business."};
  return Issue(tx, req.account_id, InvoiceKind::kPurchase, req.reference, "", std::move(doc));
}

core::Result<Invoice> InvoiceService::IssuePurchaseInvoice(const PurchaseRequest& req) {
  std::optional<Invoice> issued;
  auto st = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto inv = IssuePurchaseInvoice(tx, req);
    if (!inv) return core::Fail(inv.error());
    issued = std::move(*inv);
    return core::Ok();
  });
  if (!st) return core::Fail(st.error());
  return Finish(std::move(*issued));
}

core::Result<Invoice> InvoiceService::IssueMonthlyStatement(
    std::string_view account, int year, int month, const std::vector<StatementLine>& lines) {
  if (account.empty()) return core::InvalidArgument("account: is required");
  if (year < 2000 || year > 9999 || month < 1 || month > 12) {
    return core::InvalidArgument(
        fmt::format("month: must be YYYY-MM with a month from 01 to 12 (got {}-{})", year, month));
  }
  using namespace std::chrono;
  const year_month next =
      year_month(std::chrono::year(year), std::chrono::month(month)) + months(1);
  const int64_t month_end_ms =
      duration_cast<milliseconds>(sys_days(next / 1).time_since_epoch()).count();
  if (clock_.NowUnixMillis() < month_end_ms) {
    return core::Fail(core::ErrorCode::kFailedPrecondition,
                      fmt::format("the month {} has not ended yet: statements are issued for "
                                  "past months",
                                  Period(year, month)));
  }
  InvoiceDocument doc{.kind = InvoiceKind::kStatement, .currency = "eur"};
  for (size_t i = 0; i < lines.size(); ++i) {
    const auto& l = lines[i];
    if (l.description.empty()) {
      return core::InvalidArgument(fmt::format("lines[{}].description: is required", i));
    }
    if (l.credits < 0) {
      return core::InvalidArgument(fmt::format("lines[{}].credits: must not be negative", i));
    }
    doc.lines.push_back(InvoiceLine{l.description, l.credits, 0, l.amount_cents});
    doc.total_credits += l.credits;
    doc.total_cents += l.amount_cents;
  }
  if (doc.lines.empty())
    doc.note = "No credits were consumed in this period.";
  else
    doc.note = "Credits are prepaid: this statement is for your records and is not a bill.";
  const std::string period = Period(year, month);
  return IssueAndStore(std::string(account), InvoiceKind::kStatement,
                       fmt::format("statement:{}:{}", account, period), period, std::move(doc));
}

core::Result<StatementRun> InvoiceService::IssueStatementsForMonth(int year, int month,
                                                                   const StatementSource& source) {
  if (!source.accounts || !source.lines) {
    return core::Fail(core::ErrorCode::kFailedPrecondition, "no statement source is configured");
  }
  auto accounts = source.accounts(year, month);
  if (!accounts) return core::Fail(accounts.error());
  StatementRun run;
  for (const auto& account : *accounts) {
    auto lines = source.lines(account, year, month);
    if (!lines) {
      run.failures.push_back(account + ": " + lines.error().message);
      continue;
    }
    auto earlier = db_.Query("SELECT 1 FROM invoices WHERE kind = 'statement' AND reference = ?",
                             {fmt::format("statement:{}:{}", account, Period(year, month))});
    if (!earlier) return core::Fail(earlier.error());
    auto inv = IssueMonthlyStatement(account, year, month, *lines);
    if (!inv) {
      run.failures.push_back(account + ": " + inv.error().message);
    } else if (!earlier->empty()) {
      ++run.already_issued;
    } else {
      ++run.issued;
    }
  }
  return run;
}

core::Result<std::string> InvoiceService::StorePdf(const Invoice& invoice) {
  auto rows =
      db_.Query("SELECT document_json, pdf_stored_at FROM invoices WHERE id = ?", {invoice.id});
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return core::NotFound(fmt::format("no invoice '{}'", invoice.id));
  const bool stored = !(*rows)[0].IsNull(1);
  if (stored) {
    auto obj = objects_.Get(invoice.object_key);
    if (obj) return std::move(obj->bytes);
    if (obj.error().code != core::ErrorCode::kNotFound) return core::Fail(obj.error());
    // The row says stored but the object is gone (restored database, lost bucket): make it again.
  }
  auto doc = DocumentFromJson((*rows)[0].Text(0));
  if (!doc) return core::Fail(doc.error());
  bool buyer_filled = false;
  if (doc->buyer_lines.empty()) {
    std::vector<std::string> buyer{invoice.account_id};
    if (fallback_buyer_) {
      auto lines = fallback_buyer_(invoice.account_id);
      if (!lines) return core::Fail(lines.error());
      if (!lines->empty()) buyer = std::move(*lines);
    }
    doc->buyer_lines = std::move(buyer);
    buyer_filled = true;
  }
  auto pdf = RenderInvoicePdf(*doc, options_.pdf);
  if (!pdf) return core::Fail(pdf.error());
  if (auto st = objects_.Put(invoice.object_key, *pdf, "application/pdf"); !st) {
    return core::Fail(st.error());
  }
  // Record the buyer as printed (only when it was still empty: a concurrent StorePdf printed the
  // same) and that the PDF is stored.
  auto n = buyer_filled
               ? db_.Exec("UPDATE invoices SET pdf_stored_at = ?, document_json = ? WHERE id = ?",
                          {clock_.NowUnixMillis(), DocumentToJson(*doc), invoice.id})
               : db_.Exec("UPDATE invoices SET pdf_stored_at = ? WHERE id = ?",
                          {clock_.NowUnixMillis(), invoice.id});
  if (!n) return core::Fail(n.error());
  return std::move(*pdf);
}

core::Result<int> InvoiceService::StorePendingPdfs(int limit) {
  auto rows = db_.Query(fmt::format("SELECT {} FROM invoices WHERE pdf_stored_at IS NULL "
                                    "ORDER BY created_at, id LIMIT ?",
                                    kColumns),
                        {int64_t{limit}});
  if (!rows) return core::Fail(rows.error());
  int stored = 0;
  for (const auto& r : *rows) {
    if (auto pdf = StorePdf(FromRow(r)); !pdf) return core::Fail(pdf.error());
    ++stored;
  }
  return stored;
}

core::Result<int> InvoiceService::PurgeExpired(int years, int limit) {
  using namespace std::chrono;
  const sys_time<milliseconds> now{milliseconds(clock_.NowUnixMillis())};
  const sys_days today = floor<days>(now);
  year_month_day ymd(today);
  ymd = (ymd.year() - std::chrono::years(years)) / ymd.month() / ymd.day();
  if (!ymd.ok()) ymd = ymd.year() / ymd.month() / last;  // 29 February
  const int64_t cutoff_ms =
      duration_cast<milliseconds>((sys_days(ymd) + (now - today)).time_since_epoch()).count();
  auto rows = db_.Query(fmt::format("SELECT {} FROM invoices WHERE created_at < ? "
                                    "ORDER BY created_at, id LIMIT ?",
                                    kColumns),
                        {cutoff_ms, int64_t{limit}});
  if (!rows) return core::Fail(rows.error());
  int purged = 0;
  for (const auto& r : *rows) {
    const Invoice inv = FromRow(r);
    if (auto st = objects_.Delete(inv.object_key); !st) return core::Fail(st.error());
    auto n = db_.Exec("DELETE FROM invoices WHERE id = ?", {inv.id});
    if (!n) return core::Fail(n.error());
    ++purged;
  }
  return purged;
}

core::Result<InvoicePage> InvoiceService::List(std::string_view account,
                                               const InvoiceListQuery& query) {
  if (query.limit < 1 || query.limit > kMaxListLimit) {
    return core::InvalidArgument(
        fmt::format("limit: must be a whole number from 1 to {}", kMaxListLimit));
  }
  if (!query.cursor.empty() && !query.cursor.starts_with("inv_")) {
    return core::InvalidArgument("cursor: use the next_cursor of the previous page");
  }
  std::vector<store::SqlValue> params{std::string(account)};
  std::string sql = fmt::format("SELECT {} FROM invoices WHERE account_id = ?", kColumns);
  if (!query.cursor.empty()) {
    sql += " AND id < ?";
    params.emplace_back(query.cursor);
  }
  sql += " ORDER BY id DESC LIMIT ?";
  params.emplace_back(int64_t{query.limit + 1});
  auto rows = db_.Query(sql, params);
  if (!rows) return core::Fail(rows.error());
  InvoicePage page;
  for (const auto& r : *rows) {
    if (static_cast<int>(page.invoices.size()) == query.limit) {
      page.next_cursor = page.invoices.back().id;
      break;
    }
    page.invoices.push_back(FromRow(r));
  }
  return page;
}

core::Result<Invoice> InvoiceService::Get(std::string_view account, std::string_view id) {
  auto rows =
      db_.Query(fmt::format("SELECT {} FROM invoices WHERE id = ? AND account_id = ?", kColumns),
                {std::string(id), std::string(account)});
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return core::NotFound(fmt::format("no invoice '{}' in this account", id));
  return FromRow((*rows)[0]);
}

core::Result<InvoicePdf> InvoiceService::Download(std::string_view account, std::string_view id) {
  auto inv = Get(account, id);
  if (!inv) return core::Fail(inv.error());
  auto bytes = StorePdf(*inv);
  if (!bytes) return core::Fail(bytes.error());
  return InvoicePdf{*inv, std::move(*bytes), inv->number + ".pdf"};
}

}  // namespace leados::billing
