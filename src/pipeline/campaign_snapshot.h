#pragma once
// CampaignSnapshot: the CampaignLookup the pipeline uses in a process — the active campaigns by id,
// replaced as a whole when the campaign set changes (the same moments the matcher is updated),
// read without locks (an atomic shared_ptr swap).

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "campaigns/campaign.h"
#include "enrich/gazetteer.h"
#include "pipeline/active_campaign.h"

namespace leados::pipeline {

class CampaignSnapshot final : public CampaignLookup {
 public:
  // `places` must outlive the snapshot.
  explicit CampaignSnapshot(const enrich::Gazetteer& places) : places_(places) {}

  // Installs `active` (the store's ListActive). An unchanged campaign (same id and revision) keeps
  // its built ICP filter. A campaign whose ICP criteria do not build is left out (it then drops as
  // "campaign_inactive") and named in the returned list of "cmp_…: message" errors. Thread-safe.
  std::vector<std::string> Replace(std::vector<campaigns::Campaign> active);

  std::shared_ptr<const ActiveCampaign> Find(std::string_view campaign_id) const override;
  size_t size() const;

 private:
  using Map = std::map<std::string, std::shared_ptr<const ActiveCampaign>, std::less<>>;
  const enrich::Gazetteer& places_;
  std::atomic<std::shared_ptr<const Map>> map_{std::make_shared<const Map>()};
};

}  // namespace leados::pipeline
