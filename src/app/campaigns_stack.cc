#include "app/campaigns_stack.h"

#include "api/campaign_routes.h"
#include "core/log.h"

namespace leados::app {

core::Result<std::unique_ptr<CampaignsStack>> CampaignsStack::Open(Runtime& rt,
                                                                   accounts::AuditLog& audit) {
  std::unique_ptr<CampaignsStack> s(new CampaignsStack());
  s->store_ = std::make_unique<campaigns::CampaignStore>(rt.database(), rt.clock(), audit);
  s->matcher_ = std::make_unique<match::Matcher>();
  if (auto loaded = s->Reload(); !loaded) return core::Fail(loaded.error());
  return s;
}

core::Result<uint64_t> CampaignsStack::Reload() {
  auto active = store_->ListActive();
  if (!active) return core::Fail(active.error());
  std::vector<match::CampaignQuery> queries;
  queries.reserve(active->size());
  for (const auto& c : *active) queries.push_back({c.id, c.spec.query});
  const size_t count = queries.size();
  const uint64_t version = matcher_->UpdateCampaigns(std::move(queries));
  core::log::Info("campaigns.reloaded", {{"active", static_cast<int64_t>(count)},
                                         {"matcher_version", static_cast<int64_t>(version)}});
  return version;
}

void CampaignsStack::RegisterRoutes(api::AccountsApi& api, http::Router& router) {
  api::AddCampaignRoutes(api, router, *store_, [this] {
    if (auto reloaded = Reload(); !reloaded) {
      core::log::Error("campaigns.reload_failed", {{"error", reloaded.error().message}});
    }
  });
}

}  // namespace leados::app
