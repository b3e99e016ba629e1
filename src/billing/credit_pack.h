#pragma once
// Credit packs: what a client can buy through Stripe Checkout. They come from the configuration
// key billing.packs, a list of "ID:CREDITS:AMOUNT:CURRENCY[:STRIPE_PRICE_ID]" entries, e.g.
// "starter:100:2000:usd" (100 credits for 20.00 USD; AMOUNT is in the currency's minor unit, as
// Stripe counts it). Without a price id the Checkout Session carries the price inline
// (line_items[0][price_data]); with one ("price_…", made in the Stripe dashboard) it references
// that price and Stripe's price wins for the amount charged: keep them equal, since receipts and
// the admin view show AMOUNT. Plain values and pure functions; thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "billing/money.h"  // FormatMoney, for the pack list
#include "core/result.h"

namespace leados::billing {

struct CreditPack {
  std::string id;               // [a-z0-9_-]{1,32}, what the API takes ({"pack":"starter"})
  int64_t credits = 0;          // > 0
  int64_t amount = 0;           // minor units (cents), > 0
  std::string currency;         // ISO 4217, lower-case, 3 letters ("usd")
  std::string stripe_price_id;  // "" or "price_…"
};

// The default of billing.packs.
std::vector<std::string> DefaultCreditPackSpecs();

// Parses one entry. kInvalidArgument naming the entry and the part that is wrong.
core::Result<CreditPack> ParseCreditPack(std::string_view spec);
// Parses every entry; ids must be unique and the list must not be empty.
core::Result<std::vector<CreditPack>> ParseCreditPacks(const std::vector<std::string>& specs);

// The pack called `id`, or nullopt.
std::optional<CreditPack> FindCreditPack(const std::vector<CreditPack>& packs, std::string_view id);

}  // namespace leados::billing
