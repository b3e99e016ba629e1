#pragma once
// Gazetteer: places and work modes in job location fields and free text. A small built-in table
// (gazetteer_data.cc) of countries (ISO 3166-1 alpha-2), US states and Canadian provinces (with
// postal abbreviations), major tech-hiring cities, macro regions (EU, Europe, UK, EMEA, APAC,
// LATAM, North America, ...) and work-mode words (remote, hybrid, on-site). Rules:
// docs/enrichment.md ("Location").

#include <string>
#include <string_view>
#include <vector>

#include "enrich/aho_corasick.h"

namespace leados::enrich {

struct FoldedText;

enum class WorkMode { kUnknown, kRemote, kHybrid, kOnsite };
// "remote", "hybrid", "onsite"; "" unknown.
std::string_view WorkModeName(WorkMode mode);

// What a location field or text says. Empty strings are unknown.
struct LocationGuess {
  std::string country;  // ISO 3166-1 alpha-2, "US"
  std::string state;    // US state / Canadian province code, "CA"
  std::string city;     // canonical city name, "San Francisco"
  std::string region;   // macro region: "North America", "EU", "UK", "Europe", "APAC", "LATAM",
                        // "MEA", "EMEA", "Americas", "Global"
  WorkMode mode = WorkMode::kUnknown;
  bool geo_from_city_only =
      false;  // country/state inferred from a city's default (lower confidence)

  bool has_geo() const { return !country.empty() || !region.empty(); }
};

class Gazetteer {
 public:
  // Compiles the built-in table.
  Gazetteer();

  // Parses a structured location ("San Francisco, CA", "Remote - EU", "Berlin, Germany (Hybrid)").
  // Lenient: names in any case; state codes upper-case after a comma or alone. Thread-safe.
  LocationGuess ParseField(std::string_view field) const;
  // Finds a location and a work mode in free text. Strict: place names must be capitalised,
  // state codes only as "City, ST", and only explicit work-mode phrases count ("fully remote",
  // "hybrid", "on-site", not a bare "remote"). Thread-safe.
  LocationGuess FindInText(std::string_view text) const;
  // The same for a text already folded (text_scan.h). Thread-safe.
  LocationGuess FindInText(const FoldedText& text) const;

  // The macro region of a country code ("DE" -> "EU", "GB" -> "UK", "US" -> "North America").
  std::string_view RegionOfCountry(std::string_view country) const;
  // True when a place lies in what an ICP filter names: a country (code or name), a US state or
  // Canadian province (code or name), a macro region, or a group (Europe = EU + UK + rest of
  // Europe; EMEA = Europe + MEA; Americas = North America + LATAM; DACH; Nordics; Benelux).
  bool Contains(std::string_view filter, const LocationGuess& place) const;
  // True when `filter` is a name the gazetteer knows (so an ICP filter can be validated).
  bool KnowsRegionName(std::string_view filter) const;

 private:
  // One way to write a table entry, with the rules of gazetteer_data.cc.
  struct AliasRef {
    int entry = -1;
    bool upper = false, field_only = false, text_only = false, code = false;
  };
  LocationGuess Parse(const FoldedText& text, bool strict) const;
  AhoCorasick patterns_;
  std::vector<std::vector<AliasRef>> alias_lists_;  // by pattern index
};

}  // namespace leados::enrich
