#pragma once
// The campaign routes (issue 4): createCampaign, listCampaigns, getCampaign, updateCampaign,
// pauseCampaign, resumeCampaign, deleteCampaign and listCampaignRevisions, under /v1/campaigns, and
// validateQuery (POST /v1/queries/validate: checks a query, saves nothing; for the portal's editor).
// Request and response shapes: src/campaigns/README.md.
//
// Authentication: a portal session or an API key (http::Auth::kSessionOrApiKey). Writes need the
// API-key scope campaigns:write. Reads need leads:read or campaigns:write (a key that may write
// campaigns may read them back); keys with neither get 403.
// Tenancy: every route acts on the caller's own account; another account's campaign is 404.

#include <functional>

#include "api/accounts_api.h"
#include "campaigns/campaign_store.h"
#include "http/router.h"

namespace leados::api {

// Registers the routes on `router` behind `api`'s authentication and CSRF checks. `on_change`
// runs after every committed change (create, an update that changed something, pause, resume,
// delete), on the request thread; src/app uses it to rebuild the matcher. `api`, `store` and
// `on_change` must outlive the router. Call before the router is frozen.
void AddCampaignRoutes(AccountsApi& api, http::Router& router, campaigns::CampaignStore& store,
                       std::function<void()> on_change);

}  // namespace leados::api
