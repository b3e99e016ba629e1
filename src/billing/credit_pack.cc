#include "billing/credit_pack.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <set>

namespace leados::billing {
namespace {

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t at = s.find(sep, start);
    parts.push_back(
        s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) break;
    start = at + 1;
  }
  return parts;
}

std::optional<int64_t> PositiveInt(std::string_view s) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v <= 0) return std::nullopt;
  return v;
}

}  // namespace

std::vector<std::string> DefaultCreditPackSpecs() {
  return {"starter:100:2000:usd", "growth:500:9000:usd", "scale:2000:30000:usd"};
}

core::Result<CreditPack> ParseCreditPack(std::string_view spec) {
  const auto parts = Split(spec, ':');
  auto bad = [&](std::string_view what) {
    return core::InvalidArgument(
        fmt::format("credit pack '{}': {} (expected ID:CREDITS:AMOUNT:CURRENCY[:PRICE_ID], e.g. "
                    "starter:100:2000:usd)",
                    spec, what));
  };
  if (parts.size() != 4 && parts.size() != 5) return bad("needs 4 or 5 ':'-separated parts");
  CreditPack p;
  p.id = std::string(parts[0]);
  if (p.id.empty() || p.id.size() > 32 || !std::all_of(p.id.begin(), p.id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      })) {
    return bad("ID must be 1-32 of a-z, 0-9, '_' and '-'");
  }
  auto credits = PositiveInt(parts[1]);
  if (!credits) return bad("CREDITS must be a whole number above 0");
  p.credits = *credits;
  auto amount = PositiveInt(parts[2]);
  if (!amount) return bad("AMOUNT must be a whole number of cents (minor units) above 0");
  p.amount = *amount;
  p.currency = std::string(parts[3]);
  if (p.currency.size() != 3 || !std::all_of(p.currency.begin(), p.currency.end(),
                                             [](char c) { return c >= 'a' && c <= 'z'; })) {
    return bad("CURRENCY must be a lower-case ISO 4217 code such as usd or eur");
  }
  if (parts.size() == 5) {
    p.stripe_price_id = std::string(parts[4]);
    if (p.stripe_price_id.rfind("price_", 0) != 0 || p.stripe_price_id.size() < 7) {
      return bad("PRICE_ID must be a Stripe price id (price_…)");
    }
  }
  return p;
}

core::Result<std::vector<CreditPack>> ParseCreditPacks(const std::vector<std::string>& specs) {
  if (specs.empty()) {
    return core::InvalidArgument(
        "billing.packs: needs at least one pack, e.g. "
        "[\"starter:100:2000:usd\"]");
  }
  std::vector<CreditPack> packs;
  std::set<std::string> ids;
  for (const auto& spec : specs) {
    auto p = ParseCreditPack(spec);
    if (!p) return core::Fail(p.error());
    if (!ids.insert(p->id).second) {
      return core::InvalidArgument(
          fmt::format("credit pack '{}': the id {} is used twice", spec, p->id));
    }
    packs.push_back(std::move(*p));
  }
  return packs;
}

std::optional<CreditPack> FindCreditPack(const std::vector<CreditPack>& packs,
                                         std::string_view id) {
  for (const auto& p : packs) {
    if (p.id == id) return p;
  }
  return std::nullopt;
}


}  // namespace leados::billing
