#pragma once
// adminGetHealth (GET /admin/api/health, issue 10): what the admin console's "Delivery health"
// page shows — webhook deliveries created in the last 24 h by status, endpoints (total, disabled,
// failing) with the disabled ones listed (id, account, reason, when), and sources by status
// (ok, failing, pending, disabled) with the failing ones named. Admin session; read-only.
// Shape:
//   {"window_start": RFC 3339, "deliveries": {"pending": n, …, "dead": n},
//    "endpoints": {"total", "disabled", "failing", "disabled_list": [{id, account_id, reason,
//    disabled_at}]}, "sources": {"total", "ok", "failing", "pending", "disabled",
//    "failing_list": [{id, name, consecutive_failures, last_error}]}}

#include "api/accounts_api.h"
#include "core/clock.h"
#include "http/router.h"
#include "ingest/source_store.h"
#include "store/database.h"

namespace leados::api {

// Registers the route behind `api`'s checks. `db`, `clock` and `sources` must outlive the router.
void AddAdminHealthRoutes(AccountsApi& api, http::Router& router, store::Database& db,
                          const core::Clock& clock, ingest::SourceStore& sources);

}  // namespace leados::api
