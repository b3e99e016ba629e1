#pragma once
// The admin console's anomaly flags (issue 9/10; src/oversight/README.md), under /admin (only
// allow-listed addresses reach them) and needing an admin session (and its CSRF token to dismiss):
//
//   GET  /admin/api/anomalies?status=open|dismissed|all&kind=&cursor=&limit=   adminListAnomalies:
//        newest first; status defaults to open; kind is credit_burn, failed_signins or key_burst;
//        limit 1..100 (default 50); next_cursor pages on. Each flag: id, kind, account_id (null
//        for an address seen across accounts), account_name, subject, detected_at, updated_at,
//        window_start, window_end, observed, baseline, details (an object of counts), status,
//        dismissed_by, dismissed_at, note.
//   POST /admin/api/anomalies/{id}/dismiss {note}   adminDismissAnomaly: note optional, at most
//        500 characters; audited admin.anomaly.dismiss. 404 no such flag, 409 already dismissed.
//
// Errors: 400 naming the parameter (status, kind, cursor, limit, note).

#include "api/accounts_api.h"
#include "http/router.h"
#include "oversight/anomaly_flag_store.h"

namespace leados::api {

// Registers both routes behind `api`'s checks. `flags` must outlive the router.
void AddAdminAnomalyRoutes(AccountsApi& api, http::Router& router,
                           oversight::AnomalyFlagStore& flags);

}  // namespace leados::api
