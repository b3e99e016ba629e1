#pragma once
// PriceList: what one lead costs, in credits, by its source kind and its enrichment level.
//
//   price = (the source kind's price, else the default price) + the enrichment level's surcharge
//
// Enrichment levels (chosen by LeadOS, computed by the pipeline from the lead's enrichment):
//   "basic"   — no company could be identified;
//   "company" — the company is known (name or domain);
//   "full"    — the company and the person's role (job function) are known.
// Configuration: billing.price.default (an integer), billing.price.by_source ("reddit=2,hn=1"),
// billing.price.by_enrichment ("company=1,full=2"); an unlisted source costs the default, an
// unlisted level adds nothing. Immutable after Parse; thread-safe.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/result.h"

namespace leados::billing {

inline constexpr std::string_view kEnrichmentBasic = "basic";
inline constexpr std::string_view kEnrichmentCompany = "company";
inline constexpr std::string_view kEnrichmentFull = "full";

class PriceList {
 public:
  PriceList() = default;
  // Builds a price list from the three configuration values. kInvalidArgument naming the key and
  // the entry to fix: a negative price, an entry that is not name=integer, an unknown level.
  static core::Result<PriceList> Parse(int64_t default_price, std::string_view by_source,
                                       std::string_view by_enrichment);

  // The credits one lead costs (>= 0).
  int64_t PriceOf(std::string_view source_kind, std::string_view enrichment_level) const;

 private:
  int64_t default_price_ = 1;
  std::map<std::string, int64_t, std::less<>> by_source_;
  std::map<std::string, int64_t, std::less<>> by_enrichment_;
};

// "name=1,other=2" → {name:1, other:2}; `key` names the setting in errors.
core::Result<std::map<std::string, int64_t, std::less<>>> ParsePriceMap(std::string_view key,
                                                                        std::string_view text);

}  // namespace leados::billing
