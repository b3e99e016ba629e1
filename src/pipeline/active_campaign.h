#pragma once
// ActiveCampaign: a campaign as the pipeline uses it — the stored campaign plus its ICP filter,
// built once per revision — and the lookup the processor asks for it.

#include <memory>
#include <string_view>

#include "campaigns/campaign.h"
#include "core/result.h"
#include "enrich/gazetteer.h"
#include "enrich/icp_filter.h"
#include "ingest/signal.h"

namespace leados::pipeline {

struct ActiveCampaign {
  campaigns::Campaign campaign;
  enrich::IcpFilter icp;
};

// The campaign's ICP criteria: company size, industries, regions, roles (job functions) and
// seniority. Sources and languages are not ICP criteria: they are hard filters (FilterDropReason).
enrich::IcpCriteria CampaignIcp(const campaigns::CampaignFilters& filters);

// Builds the ActiveCampaign. Errors: IcpFilter::Create's (a region the gazetteer does not know).
core::Result<std::shared_ptr<const ActiveCampaign>> MakeActiveCampaign(
    campaigns::Campaign campaign, const enrich::Gazetteer& places);

// The hard filters: the signal's source kind must be in `sources` (when set) and its language in
// `languages` (when set; a signal of unknown language does not pass then, as in supply scans).
// Returns the drop reason ("source_filter", "language_filter"), or nullptr when the signal passes.
const char* FilterDropReason(const campaigns::CampaignFilters& filters, const ingest::Signal& signal);

// Where the processor finds campaigns by id. Thread-safe implementations only.
class CampaignLookup {
 public:
  virtual ~CampaignLookup() = default;
  // The campaign when it exists and is active; nullptr otherwise.
  virtual std::shared_ptr<const ActiveCampaign> Find(std::string_view campaign_id) const = 0;
};

}  // namespace leados::pipeline
