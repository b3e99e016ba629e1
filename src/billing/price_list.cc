#include "billing/price_list.h"

#include <fmt/format.h>

#include <charconv>

namespace leados::billing {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

core::Result<std::map<std::string, int64_t, std::less<>>> ParsePriceMap(std::string_view key,
                                                                        std::string_view text) {
  std::map<std::string, int64_t, std::less<>> out;
  while (!Trim(text).empty()) {
    const size_t comma = text.find(',');
    std::string_view item = Trim(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    const size_t eq = item.find('=');
    std::string_view name = Trim(item.substr(0, eq));
    std::string_view value = eq == std::string_view::npos ? "" : Trim(item.substr(eq + 1));
    int64_t price = -1;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), price);
    if (name.empty() || value.empty() || ec != std::errc() || end != value.data() + value.size() ||
        price < 0) {
      return core::InvalidArgument(fmt::format(
          "{}: '{}' must be name=credits with a whole number of credits >= 0, e.g. reddit=2", key,
          item));
    }
    out[std::string(name)] = price;
  }
  return out;
}

core::Result<PriceList> PriceList::Parse(int64_t default_price, std::string_view by_source,
                                         std::string_view by_enrichment) {
  if (default_price < 0) {
    return core::InvalidArgument("billing.price.default: must be 0 or more credits");
  }
  PriceList p;
  p.default_price_ = default_price;
  auto sources = ParsePriceMap("billing.price.by_source", by_source);
  if (!sources) return core::Fail(sources.error());
  p.by_source_ = std::move(*sources);
  auto levels = ParsePriceMap("billing.price.by_enrichment", by_enrichment);
  if (!levels) return core::Fail(levels.error());
  for (const auto& [name, _] : *levels) {
    if (name != kEnrichmentBasic && name != kEnrichmentCompany && name != kEnrichmentFull) {
      return core::InvalidArgument(fmt::format(
          "billing.price.by_enrichment: unknown level '{}' (use basic, company or full)", name));
    }
  }
  p.by_enrichment_ = std::move(*levels);
  return p;
}

int64_t PriceList::PriceOf(std::string_view source_kind, std::string_view enrichment_level) const {
  int64_t price = default_price_;
  if (auto it = by_source_.find(source_kind); it != by_source_.end()) price = it->second;
  if (auto it = by_enrichment_.find(enrichment_level); it != by_enrichment_.end()) {
    price += it->second;
  }
  return price;
}

}  // namespace leados::billing
