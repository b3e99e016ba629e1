#pragma once
// The invoice model: what an invoice or a monthly statement says (InvoiceDocument, printed by
// invoice_pdf.h and kept as JSON in the invoice row so the PDF can be made again byte for byte
// the same), the invoice row itself (Invoice) and the number format.
//
// Numbers: "<prefix>-<year>-<sequence, 6 digits>", e.g. "LO-2026-000001"; one gapless sequence
// per calendar year (UTC) shared by purchase invoices and monthly statements, so the numbers of
// a year are 1, 2, 3 … with none missing (what tax auditors check). The prefix is
// billing.invoice_prefix (default "LO"). Past 999999 the sequence simply gets more digits.
//
// Money is integer minor units (cents) with a lower-case ISO 4217 code; FormatMoney prints
// "1,234.56 EUR" (zero-decimal currencies such as JPY print without decimals).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "billing/money.h"
#include "core/result.h"

namespace leados::billing {

enum class InvoiceKind { kPurchase, kStatement };
std::string_view InvoiceKindName(InvoiceKind kind);  // "purchase" / "statement"
std::optional<InvoiceKind> ParseInvoiceKind(std::string_view name);

// One line of the table. Purchase lines print quantity, unit price and amount; statement lines
// print the credits consumed (quantity) and, when not zero, an amount.
struct InvoiceLine {
  std::string description;
  int64_t quantity = 0;
  int64_t unit_price_cents = 0;
  int64_t amount_cents = 0;
};

struct InvoiceDocument {
  InvoiceKind kind = InvoiceKind::kPurchase;
  std::string number;                     // LO-2026-000001
  int64_t issued_at_ms = 0;               // printed as the issue date (UTC)
  std::string period;                     // statements: "2026-10"
  std::vector<std::string> seller_lines;  // first line: the seller's name
  std::vector<std::string> buyer_lines;   // first line: the buyer's company or name
  std::vector<InvoiceLine> lines;
  int64_t total_cents = 0;
  int64_t total_credits = 0;
  std::string currency;   // "eur"
  std::string reference;  // printed small ("Payment reference: cs_…")
  std::string note;       // a closing sentence ("Paid by card.")
};

std::string DocumentToJson(const InvoiceDocument& doc);
// kInternal when `json` is not what DocumentToJson wrote.
core::Result<InvoiceDocument> DocumentFromJson(std::string_view json);

// The invoice row (table invoices).
struct Invoice {
  std::string id;  // inv_…
  std::string account_id;
  std::string number;
  int64_t year = 0;
  int64_t sequence = 0;
  InvoiceKind kind = InvoiceKind::kPurchase;
  std::string period;
  int64_t amount_cents = 0;
  std::string currency;
  int64_t credits = 0;
  std::string reference;
  std::string object_key;  // invoices/2026/LO-2026-000001.pdf
  std::optional<int64_t> pdf_stored_at_ms;
  int64_t created_at_ms = 0;
};

// "LO-2026-000001".
std::string FormatInvoiceNumber(std::string_view prefix, int64_t year, int64_t sequence);
// "invoices/2026/LO-2026-000001.pdf".
std::string InvoiceObjectKey(int64_t year, std::string_view number);
// "2026-11-29" (UTC).
std::string FormatDate(int64_t unix_ms);
// The UTC calendar year of a time.
int64_t YearOf(int64_t unix_ms);

}  // namespace leados::billing
