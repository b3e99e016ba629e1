#pragma once
// IcpFilter: how well an enriched signal fits a campaign's ideal customer profile (company size
// range, industries, regions, roles, seniorities).
//
// Each criterion the campaign sets is one check: met (✓), failed (✗ with the actual value), or
// unknown (✗ "(unknown)") when enrichment found nothing for it. Unknowns count as neither met
// nor failed: fraction = met / (met + failed). With no criteria the fraction is 1; when every
// criterion is unknown it is 0.5 (we cannot tell). Lists within a criterion are alternatives
// (industry Software OR Fintech). The score module bridges enrich::FitResult to its own.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "enrich/enrichment.h"
#include "enrich/gazetteer.h"

namespace leados::enrich {

struct IcpCriteria {
  std::optional<int64_t> min_employees;  // inclusive
  std::optional<int64_t> max_employees;  // inclusive
  std::vector<std::string>
      industries;                    // case-insensitive; "software" matches "Enterprise Software"
  std::vector<std::string> regions;  // country, state, region or group names (Gazetteer::Contains)
  std::vector<std::string> functions;    // JobFunction names ("engineering", "sales", "hr", ...)
  std::vector<std::string> seniorities;  // Seniority names ("director", "vp", "c_level", ...)
};

struct FitResult {
  std::vector<std::string> met;     // "industry: Software ✓"
  std::vector<std::string> missed;  // "region: EU ✗ (US)", "region: EU ✗ (unknown)"
  double fraction = 1.0;            // met / (met + failed); see above
  int met_count = 0;
  int failed_count = 0;
  int unknown_count = 0;
};

class IcpFilter {
 public:
  // Validates the criteria: unknown function, seniority or region names and an empty or inverted
  // size range fail with kInvalidArgument naming the value. `places` must outlive the filter.
  static core::Result<IcpFilter> Create(IcpCriteria criteria, const Gazetteer& places);

  // Evaluates one enrichment. Thread-safe.
  FitResult Evaluate(const Enrichment& e) const;

 private:
  IcpFilter(IcpCriteria criteria, const Gazetteer& places, std::vector<JobFunction> functions,
            std::vector<Seniority> seniorities);
  IcpCriteria criteria_;
  const Gazetteer* places_;
  std::vector<JobFunction> functions_;
  std::vector<Seniority> seniorities_;
};

}  // namespace leados::enrich
