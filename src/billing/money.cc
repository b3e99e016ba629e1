#include "billing/money.h"

#include <fmt/format.h>

#include <array>
#include <cctype>

namespace leados::billing {
namespace {

std::string Lower(std::string_view s) {
  std::string out;
  for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// 1234567 -> "1,234,567".
std::string Grouped(int64_t v) {
  std::string digits = std::to_string(v);
  std::string out;
  int n = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it, ++n) {
    if (n > 0 && n % 3 == 0) out.insert(out.begin(), ',');
    out.insert(out.begin(), *it);
  }
  return out;
}

}  // namespace

bool IsZeroDecimalCurrency(std::string_view currency) {
  static constexpr std::array<std::string_view, 16> kZero = {
      "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga",
      "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"};
  const std::string lower = Lower(currency);
  for (std::string_view c : kZero) {
    if (lower == c) return true;
  }
  return false;
}

std::string FormatMoney(int64_t minor_units, std::string_view currency) {
  std::string code;
  for (char c : currency) code += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const bool negative = minor_units < 0;
  const int64_t abs = negative ? -minor_units : minor_units;
  const std::string number = IsZeroDecimalCurrency(currency)
                                 ? Grouped(abs)
                                 : fmt::format("{}.{:02}", Grouped(abs / 100), abs % 100);
  return fmt::format("{}{} {}", negative ? "-" : "", number, code);
}

}  // namespace leados::billing
