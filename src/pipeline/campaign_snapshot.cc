#include "pipeline/campaign_snapshot.h"

namespace leados::pipeline {

std::vector<std::string> CampaignSnapshot::Replace(std::vector<campaigns::Campaign> active) {
  const std::shared_ptr<const Map> old = map_.load();
  auto next = std::make_shared<Map>();
  std::vector<std::string> errors;
  for (auto& c : active) {
    if (auto it = old->find(c.id); it != old->end() && it->second->campaign.revision == c.revision) {
      next->emplace(c.id, it->second);
      continue;
    }
    const std::string id = c.id;
    auto built = MakeActiveCampaign(std::move(c), places_);
    if (!built) {
      errors.push_back(built.error().message);
      continue;
    }
    next->emplace(id, std::move(*built));
  }
  map_.store(std::move(next));
  return errors;
}

std::shared_ptr<const ActiveCampaign> CampaignSnapshot::Find(std::string_view campaign_id) const {
  const std::shared_ptr<const Map> map = map_.load();
  auto it = map->find(campaign_id);
  return it == map->end() ? nullptr : it->second;
}

size_t CampaignSnapshot::size() const { return map_.load()->size(); }

}  // namespace leados::pipeline
