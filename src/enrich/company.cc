#include "enrich/company.h"

#include <algorithm>
#include <array>
#include <limits>

#include "enrich/text_scan.h"

namespace leados::enrich {
namespace {

constexpr std::array<std::string_view, 9> kBandNames = {
    "", "1-10", "11-50", "51-200", "201-500", "501-1000", "1001-5000", "5001-10000", "10001+"};

constexpr std::array<std::string_view, 28> kLegalForms = {
    "inc", "incorporated", "corp",      "corporation", "llc",      "ltd",     "limited",
    "plc", "gmbh",         "ag",        "sa",          "nv",       "bv",      "se",
    "co",  "company",      "companies", "group",       "holdings", "holding", "pty",
    "lp",  "llp",          "sas",       "srl",         "spa",      "oyj",     "cos"};

// Token without its dots/commas, lower-cased: "S.A." -> "sa", "Inc.," -> "inc".
std::string TokenKey(std::string_view token) {
  std::string k;
  for (char c : token) {
    if (c == '.' || c == ',') continue;
    k.push_back(FoldByte(static_cast<unsigned char>(c)));
  }
  return k;
}

bool IsLegalForm(std::string_view token) {
  std::string k = TokenKey(token);
  return std::find(kLegalForms.begin(), kLegalForms.end(), k) != kLegalForms.end();
}

std::vector<std::string_view> SplitSpaces(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == ',')) ++i;
    size_t b = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t' && s[i] != ',') ++i;
    if (i > b) out.push_back(s.substr(b, i - b));
  }
  return out;
}

// Tokens of a name with the leading "The" and trailing legal forms (and a dangling "&") removed.
std::vector<std::string_view> CoreTokens(std::string_view name) {
  // A trailing parenthesis is a qualifier, not part of the name: "Hartford (The)", "Lilly (Eli)".
  if (size_t paren = name.find(" ("); paren != std::string_view::npos && name.back() == ')') {
    name = name.substr(0, paren);
  }
  std::vector<std::string_view> tokens = SplitSpaces(name);
  if (tokens.size() > 1 && TokenKey(tokens.front()) == "the") tokens.erase(tokens.begin());
  while (tokens.size() > 1 && (IsLegalForm(tokens.back()) || tokens.back() == "&")) {
    tokens.pop_back();
  }
  return tokens;
}

}  // namespace

std::string_view SizeBandName(SizeBand band) { return kBandNames[static_cast<size_t>(band)]; }

std::optional<SizeBand> ParseSizeBand(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.empty()) return SizeBand::kUnknown;
  for (size_t i = 1; i < kBandNames.size(); ++i) {
    if (text == kBandNames[i]) return static_cast<SizeBand>(i);
  }
  if (text == "10000+") return SizeBand::k10001Plus;
  int64_t n = 0;
  bool digits = false;
  for (char c : text) {
    if (c == ',' || c == '_') continue;
    if (c < '0' || c > '9') return std::nullopt;
    digits = true;
    n = n * 10 + (c - '0');
    if (n > 100'000'000) return std::nullopt;
  }
  if (!digits || n == 0) return std::nullopt;
  for (size_t i = 1; i < kBandNames.size(); ++i) {
    auto [lo, hi] = SizeBandBounds(static_cast<SizeBand>(i));
    if (n >= lo && n <= hi) return static_cast<SizeBand>(i);
  }
  return std::nullopt;
}

std::pair<int64_t, int64_t> SizeBandBounds(SizeBand band) {
  switch (band) {
    case SizeBand::kUnknown:
      return {0, 0};
    case SizeBand::k1To10:
      return {1, 10};
    case SizeBand::k11To50:
      return {11, 50};
    case SizeBand::k51To200:
      return {51, 200};
    case SizeBand::k201To500:
      return {201, 500};
    case SizeBand::k501To1000:
      return {501, 1000};
    case SizeBand::k1001To5000:
      return {1001, 5000};
    case SizeBand::k5001To10000:
      return {5001, 10000};
    case SizeBand::k10001Plus:
      return {10001, std::numeric_limits<int64_t>::max()};
  }
  return {0, 0};
}

std::string NormaliseCompanyName(std::string_view name) {
  std::string out;
  for (std::string_view token : CoreTokens(name)) {
    for (char c : token) {
      unsigned char u = static_cast<unsigned char>(c);
      char f = FoldByte(u);
      if (IsWordByte(u) || f == '&' || f == '+') {
        out.push_back(f);
      } else if (c == '\'') {
        continue;  // "McDonald's" -> "mcdonalds"
      } else if (!out.empty() && out.back() != ' ') {
        out.push_back(' ');
      }
    }
    if (!out.empty() && out.back() != ' ') out.push_back(' ');
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string StripLegalForm(std::string_view name) {
  std::vector<std::string_view> tokens = CoreTokens(name);
  std::string out;
  for (std::string_view t : tokens) {
    if (!out.empty()) out.push_back(' ');
    out.append(t);
  }
  while (!out.empty() && (out.back() == ',' || out.back() == ' ')) out.pop_back();
  return out;
}

}  // namespace leados::enrich
