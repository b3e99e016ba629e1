// The invoice model (see invoice.h).
#include "billing/invoice.h"

#include <fmt/format.h>

#include <chrono>

#include "core/json.h"

namespace leados::billing {
namespace {

namespace json = core::json;

json::array Strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

std::vector<std::string> StringsOf(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  if (auto it = o.find(key); it != o.end() && it->value().is_array()) {
    for (const auto& s : it->value().as_array()) {
      if (s.is_string()) out.emplace_back(s.as_string());
    }
  }
  return out;
}

}  // namespace

std::string_view InvoiceKindName(InvoiceKind kind) {
  return kind == InvoiceKind::kPurchase ? "purchase" : "statement";
}

std::optional<InvoiceKind> ParseInvoiceKind(std::string_view name) {
  if (name == "purchase") return InvoiceKind::kPurchase;
  if (name == "statement") return InvoiceKind::kStatement;
  return std::nullopt;
}

std::string DocumentToJson(const InvoiceDocument& d) {
  json::array lines;
  for (const auto& l : d.lines) {
    lines.emplace_back(json::object{{"description", l.description},
                                    {"quantity", l.quantity},
                                    {"unit_price_cents", l.unit_price_cents},
                                    {"amount_cents", l.amount_cents}});
  }
  return core::ToJson(json::object{{"kind", InvoiceKindName(d.kind)},
                                   {"number", d.number},
                                   {"issued_at_ms", d.issued_at_ms},
                                   {"period", d.period},
                                   {"seller", Strings(d.seller_lines)},
                                   {"buyer", Strings(d.buyer_lines)},
                                   {"lines", std::move(lines)},
                                   {"total_cents", d.total_cents},
                                   {"total_credits", d.total_credits},
                                   {"currency", d.currency},
                                   {"reference", d.reference},
                                   {"note", d.note}});
}

core::Result<InvoiceDocument> DocumentFromJson(std::string_view text) {
  auto o = core::ParseJsonObject(text);
  if (!o) return core::Internal("invoice document is not JSON: " + o.error().message);
  InvoiceDocument d;
  auto kind = ParseInvoiceKind(core::StringOr(*o, "kind"));
  if (!kind) return core::Internal("invoice document has no valid kind");
  d.kind = *kind;
  d.number = core::StringOr(*o, "number");
  d.issued_at_ms = core::IntOr(*o, "issued_at_ms");
  d.period = core::StringOr(*o, "period");
  d.seller_lines = StringsOf(*o, "seller");
  d.buyer_lines = StringsOf(*o, "buyer");
  if (auto it = o->find("lines"); it != o->end() && it->value().is_array()) {
    for (const auto& v : it->value().as_array()) {
      if (!v.is_object()) continue;
      const auto& l = v.as_object();
      d.lines.push_back(InvoiceLine{core::StringOr(l, "description"), core::IntOr(l, "quantity"),
                                    core::IntOr(l, "unit_price_cents"),
                                    core::IntOr(l, "amount_cents")});
    }
  }
  d.total_cents = core::IntOr(*o, "total_cents");
  d.total_credits = core::IntOr(*o, "total_credits");
  d.currency = core::StringOr(*o, "currency");
  d.reference = core::StringOr(*o, "reference");
  d.note = core::StringOr(*o, "note");
  return d;
}

std::string FormatInvoiceNumber(std::string_view prefix, int64_t year, int64_t sequence) {
  return fmt::format("{}-{}-{:06}", prefix, year, sequence);
}

std::string InvoiceObjectKey(int64_t year, std::string_view number) {
  return fmt::format("invoices/{}/{}.pdf", year, number);
}


std::string FormatDate(int64_t unix_ms) {
  using namespace std::chrono;
  const sys_days day = floor<days>(sys_time<milliseconds>(milliseconds(unix_ms)));
  const year_month_day ymd(day);
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

int64_t YearOf(int64_t unix_ms) {
  using namespace std::chrono;
  const sys_days day = floor<days>(sys_time<milliseconds>(milliseconds(unix_ms)));
  return static_cast<int>(year_month_day(day).year());
}

}  // namespace leados::billing
