#include "enrich/icp_filter.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "enrich/text_scan.h"

namespace leados::enrich {
namespace {

constexpr std::string_view kYes = " \u2713";  // ✓
constexpr std::string_view kNo = " \u2717";   // ✗

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += " or ";
    out += s;
  }
  return out;
}

// Whole-word, case-insensitive containment: "software" in "enterprise software".
bool IndustryMatches(std::string_view wanted, std::string_view actual) {
  std::string w = FoldString(wanted), a = FoldString(actual);
  if (w.empty()) return false;
  for (size_t p = a.find(w); p != std::string::npos; p = a.find(w, p + 1)) {
    if (IsWordBounded(a, p, p + w.size())) return true;
  }
  return false;
}

std::string SizeRange(const IcpCriteria& c) {
  if (c.min_employees && c.max_employees)
    return fmt::format("{}-{}", *c.min_employees, *c.max_employees);
  if (c.min_employees) return fmt::format("{}+", *c.min_employees);
  return fmt::format("up to {}", *c.max_employees);
}

}  // namespace

core::Result<IcpFilter> IcpFilter::Create(IcpCriteria criteria, const Gazetteer& places) {
  std::vector<JobFunction> functions;
  for (const auto& f : criteria.functions) {
    auto parsed = ParseJobFunction(f);
    if (!parsed) {
      return core::InvalidArgument(fmt::format(
          "unknown role '{}': use engineering, data, product, design, marketing, sales, "
          "customer_success, operations, finance, people, legal, it_security or executive",
          f));
    }
    functions.push_back(*parsed);
  }
  std::vector<Seniority> seniorities;
  for (const auto& s : criteria.seniorities) {
    auto parsed = ParseSeniority(s);
    if (!parsed) {
      return core::InvalidArgument(fmt::format(
          "unknown seniority '{}': use intern, junior, mid, senior, lead, manager, director, vp, "
          "c_level or founder",
          s));
    }
    seniorities.push_back(*parsed);
  }
  for (const auto& r : criteria.regions) {
    if (!places.KnowsRegionName(r)) {
      return core::InvalidArgument(fmt::format(
          "unknown region '{}': use a country (code or name), a US state or Canadian province, or "
          "one of EU, Europe, UK, EMEA, MEA, APAC, LATAM, North America, Americas, DACH, Nordics, "
          "Benelux, Global",
          r));
    }
  }
  if (criteria.min_employees && criteria.max_employees &&
      *criteria.min_employees > *criteria.max_employees) {
    return core::InvalidArgument("company size range: the minimum is larger than the maximum");
  }
  if ((criteria.min_employees && *criteria.min_employees < 0) ||
      (criteria.max_employees && *criteria.max_employees < 1)) {
    return core::InvalidArgument("company size range: employee counts must be positive");
  }
  return IcpFilter(std::move(criteria), places, std::move(functions), std::move(seniorities));
}

IcpFilter::IcpFilter(IcpCriteria criteria, const Gazetteer& places,
                     std::vector<JobFunction> functions, std::vector<Seniority> seniorities)
    : criteria_(std::move(criteria)),
      places_(&places),
      functions_(std::move(functions)),
      seniorities_(std::move(seniorities)) {}

FitResult IcpFilter::Evaluate(const Enrichment& e) const {
  FitResult r;
  auto met = [&](std::string text) {
    r.met.push_back(std::move(text) + std::string(kYes));
    ++r.met_count;
  };
  auto failed = [&](std::string text, std::string_view actual) {
    r.missed.push_back(fmt::format("{}{} ({})", text, kNo, actual));
    ++r.failed_count;
  };
  auto unknown = [&](std::string text) {
    r.missed.push_back(fmt::format("{}{} (unknown)", text, kNo));
    ++r.unknown_count;
  };

  if (criteria_.min_employees || criteria_.max_employees) {
    std::string label = "company size: " + SizeRange(criteria_);
    if (!e.company.size.known()) {
      unknown(label);
    } else {
      // A band counts as met when it overlaps the range (a band cannot be split).
      auto [lo, hi] = SizeBandBounds(e.company.size.value);
      int64_t min = criteria_.min_employees.value_or(0);
      int64_t max = criteria_.max_employees.value_or(std::numeric_limits<int64_t>::max());
      if (hi >= min && lo <= max) {
        met(label);
      } else {
        failed(label, SizeBandName(e.company.size.value));
      }
    }
  }
  if (!criteria_.industries.empty()) {
    std::string label = "industry: " + Join(criteria_.industries);
    if (!e.company.industry.known()) {
      unknown(label);
    } else if (std::any_of(criteria_.industries.begin(), criteria_.industries.end(),
                           [&](const std::string& w) {
                             return IndustryMatches(w, e.company.industry.value);
                           })) {
      met(label);
    } else {
      failed(label, e.company.industry.value);
    }
  }
  if (!criteria_.regions.empty()) {
    std::string label = "region: " + Join(criteria_.regions);
    LocationGuess place;
    place.country = e.location.country.value;
    place.state = e.location.state.value;
    place.region = e.location.region.value;
    bool known = !place.country.empty() || (!place.region.empty() && place.region != "Global");
    if (!known) {
      unknown(label);
    } else if (std::any_of(criteria_.regions.begin(), criteria_.regions.end(),
                           [&](const std::string& w) { return places_->Contains(w, place); })) {
      met(label);
    } else {
      std::string actual = place.country.empty() ? place.region
                           : place.state.empty() ? place.country
                                                 : place.country + "-" + place.state;
      failed(label, actual);
    }
  }
  if (!functions_.empty()) {
    std::string label = "role: " + Join(criteria_.functions);
    if (!e.role.function.known()) {
      unknown(label);
    } else if (std::find(functions_.begin(), functions_.end(), e.role.function.value) !=
               functions_.end()) {
      met(label);
    } else {
      failed(label, JobFunctionName(e.role.function.value));
    }
  }
  if (!seniorities_.empty()) {
    std::string label = "seniority: " + Join(criteria_.seniorities);
    if (!e.role.seniority.known()) {
      unknown(label);
    } else if (std::find(seniorities_.begin(), seniorities_.end(), e.role.seniority.value) !=
               seniorities_.end()) {
      met(label);
    } else {
      failed(label, SeniorityName(e.role.seniority.value));
    }
  }
  int decided = r.met_count + r.failed_count;
  if (decided > 0) {
    r.fraction = static_cast<double>(r.met_count) / decided;
  } else {
    r.fraction = r.unknown_count > 0 ? 0.5 : 1.0;
  }
  return r;
}

}  // namespace leados::enrich
