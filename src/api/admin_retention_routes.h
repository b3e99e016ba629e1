#pragma once
// adminGetRetentionStatus (GET /admin/api/retention, issue 10): what the admin console's
// "Retention" page shows (src/retention/retention_status.h). Admin session; read-only. Shape:
//   {"now": RFC 3339,
//    "categories": [{"key", "policy", "policy_days", "configured_days", "governs", "time_column",
//      "kv_ttl", "last_run": null | {"id", "at", "rows_deleted"}, "within": bool,
//      "oldest": [{"table", "column", "oldest_at": null | RFC 3339, "age_days": null | number,
//                  "within": bool}]}],   (in the policy's order; oldest is empty for KV TTLs)
//    "runs": [{"id", "started_at", "finished_at", "dry_run", "rows_deleted", "deleted": {…},
//              "error": null | text}]}   (the 10 newest, newest first)
// "within" allows one day past the period (the job runs daily); age_days has one decimal.

#include "api/accounts_api.h"
#include "core/clock.h"
#include "http/router.h"
#include "retention/retention_policy.h"
#include "store/database.h"

namespace leados::api {

// Registers the route behind `api`'s checks. `db` and `clock` must outlive the router.
void AddAdminRetentionRoutes(AccountsApi& api, http::Router& router, store::Database& db,
                             const core::Clock& clock, retention::RetentionPeriods periods);

}  // namespace leados::api
