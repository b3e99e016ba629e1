#pragma once
// The supply-scan routes (issue 4): startSupplyScan (POST /v1/supply-scans) and getSupplyScan
// (GET /v1/supply-scans/{id}). Shapes: src/campaigns/README.md ("Supply scans").
//
// Authentication: a portal session or an API key. Starting needs the API-key scope
// campaigns:write; reading needs leads:read or campaigns:write. Tenancy: a scan of another account
// is 404. The results email goes to the signed-in user who started the scan, or, for an API key,
// to the account's owners (never to an address given in the request).

#include <functional>
#include <string>
#include <vector>

#include "api/accounts_api.h"
#include "campaigns/supply_scan_service.h"
#include "http/router.h"

namespace leados::api {

// Who should get the results email of a scan started by `caller` (may be empty).
using ScanRecipients = std::function<std::vector<std::string>(const Caller& caller)>;

// Registers the routes on `router` behind `api`'s authentication. `api`, `scans` and `recipients`
// must outlive the router. Call before the router is frozen.
void AddSupplyScanRoutes(AccountsApi& api, http::Router& router,
                         campaigns::SupplyScanService& scans, ScanRecipients recipients);

}  // namespace leados::api
