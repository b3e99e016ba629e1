#pragma once
// A company as the directory knows it, its size band, and name normalisation.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leados::enrich {

// Employee-count bands (the LinkedIn-style bands most B2B tools use). kUnknown when not known.
enum class SizeBand {
  kUnknown,
  k1To10,
  k11To50,
  k51To200,
  k201To500,
  k501To1000,
  k1001To5000,
  k5001To10000,
  k10001Plus,
};

// "1-10", "11-50", "51-200", "201-500", "501-1000", "1001-5000", "5001-10000", "10001+"; ""
// unknown.
std::string_view SizeBandName(SizeBand band);
// Accepts a band name as above, or an employee count ("250", "12,000"); nullopt otherwise.
// An empty string parses as kUnknown.
std::optional<SizeBand> ParseSizeBand(std::string_view text);
// Inclusive employee bounds of a band; {0, 0} for kUnknown, {10001, INT64_MAX} for 10001+.
std::pair<int64_t, int64_t> SizeBandBounds(SizeBand band);

struct CompanyRecord {
  std::string name;    // display name ("Apple")
  std::string domain;  // registrable domain ("apple.com")
  SizeBand size = SizeBand::kUnknown;
  std::string industry;              // one of the industries of docs/enrichment.md, "" when unknown
  std::vector<std::string> aliases;  // other names ("Alphabet", "Exxon Mobil")
  std::string origin;                // where the record came from: "builtin", or the CSV file name
};

// The key used for lookup by name: lower-case, punctuation removed (except '&' and '+' inside
// names), a leading "the" and trailing legal forms removed ("Inc", "Corp", "Corporation", "LLC",
// "Ltd", "Limited", "plc", "GmbH", "AG", "S.A.", "SA", "N.V.", "B.V.", "SE", "Co", "& Co",
// "Company", "Companies", "Group", "Holdings", "Pty", "LP", "LLP", "SAS", "SRL"), spaces collapsed.
// "The Coca-Cola Company" -> "coca cola"; "Procter & Gamble Co." -> "procter & gamble".
std::string NormaliseCompanyName(std::string_view name);

// The display name without trailing legal forms and leading "The", original case kept
// ("Apple Inc." -> "Apple", "The Home Depot" -> "Home Depot"). Used to build mention patterns.
std::string StripLegalForm(std::string_view name);

}  // namespace leados::enrich
