#pragma once
// The usage routes (issue 9; src/usage):
//
//   POST /v1/usage/beacon {page, action}   sendUsageBeacon: the portal reports a page view or an
//        interaction. Session only (with the CSRF header: the portal sends it with
//        fetch(…, {keepalive: true}), since navigator.sendBeacon cannot set headers). page and
//        action must come from usage::PortalPages() / PortalActions(): 400 naming the field and
//        the accepted values otherwise. 204. First-party: no cookie beyond the session, nothing
//        sent to a third party, no URL or free text kept.
//   GET  /v1/usage?from=YYYY-MM-DD&to=YYYY-MM-DD   getUsage: the caller's account's usage per
//        UTC day and kind, totals per kind and top operations (usage::UsageReportJson). Session
//        or API key with scope billing:read. Defaults: the last 30 days to today; at most 366
//        days; 400 naming the parameter otherwise. Includes today's events (live).
//   GET  /admin/api/usage?account=&from=&to=        adminGetUsage: the same for one account
//        (`account`) or, without it, all accounts together. Admin session; not audited (a read
//        of aggregate counts, no personal data).

#include "api/accounts_api.h"
#include "core/clock.h"
#include "http/router.h"
#include "usage/usage_event.h"
#include "usage/usage_report.h"

namespace leados::api {

struct UsageRouteServices {
  usage::UsageSink& sink;  // where beacon events go
  usage::UsageReader& reader;
  const core::Clock& clock;  // "today" for the default range
};

// Registers the routes behind `api`'s checks. Every service must outlive the router.
void AddUsageRoutes(AccountsApi& api, http::Router& router, UsageRouteServices services);

}  // namespace leados::api
