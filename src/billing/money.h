#pragma once
// Money as LeadOS prints it (receipts, invoices, the pack list): integer minor units with an
// ISO 4217 code, as Stripe counts them.

#include <cstdint>
#include <string>
#include <string_view>

namespace leados::billing {

// True for Stripe's zero-decimal currencies (jpy, krw, …: https://docs.stripe.com/currencies),
// whose amounts are whole units. Case-insensitive.
bool IsZeroDecimalCurrency(std::string_view currency);

// "1,234.56 EUR" for (123456, "eur"); "-0.05 USD"; zero-decimal currencies without decimals
// ("1,500 JPY").
std::string FormatMoney(int64_t minor_units, std::string_view currency);

}  // namespace leados::billing
