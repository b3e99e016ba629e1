#include "pipeline/active_campaign.h"

#include <algorithm>

namespace leados::pipeline {
namespace {

bool Allowed(const std::vector<std::string>& allowed, std::string_view value) {
  return allowed.empty() || std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

}  // namespace

enrich::IcpCriteria CampaignIcp(const campaigns::CampaignFilters& f) {
  enrich::IcpCriteria c;
  c.min_employees = f.company_size_min;
  c.max_employees = f.company_size_max;
  c.industries = f.industries;
  c.regions = f.regions;
  c.functions = f.roles;
  c.seniorities = f.seniority;
  return c;
}

core::Result<std::shared_ptr<const ActiveCampaign>> MakeActiveCampaign(
    campaigns::Campaign campaign, const enrich::Gazetteer& places) {
  auto icp = enrich::IcpFilter::Create(CampaignIcp(campaign.spec.filters), places);
  if (!icp) {
    return core::InvalidArgument("campaign " + campaign.id + ": " + icp.error().message);
  }
  return std::make_shared<const ActiveCampaign>(
      ActiveCampaign{std::move(campaign), std::move(*icp)});
}

const char* FilterDropReason(const campaigns::CampaignFilters& f, const ingest::Signal& s) {
  if (!Allowed(f.sources, ingest::SourceKindName(s.source))) return "source_filter";
  if (!Allowed(f.languages, s.language)) return "language_filter";
  return nullptr;
}

}  // namespace leados::pipeline
