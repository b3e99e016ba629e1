#pragma once
// The source routes of the admin console (issue 5), under /admin/api/sources: listSources,
// getSource, createSource, updateSource, deleteSource and runSourceNow. Admin-authenticated
// (admin cookie, CSRF on changes) and behind the admin IP allow-list, like admin_routes.cc;
// every change is audited (admin.source.create / .update / .delete / .run).
//
// A source as JSON: {"id","name","kind","settings","interval_seconds","enabled","origin",
// "created_at","updated_at","state":{"status","consecutive_failures","last_attempt_at",
// "last_success_at","last_error":{"kind","message","at"}|null,"next_run_at","signals_total",
// "alerted_at","cursor"}}; status is "pending" (never ran), "ok", "failing" or "disabled".
// Sources from the configuration file (origin "config") are read-only: 422 failed_precondition.

#include <functional>
#include <string_view>

#include "accounts/audit_log.h"
#include "api/accounts_api.h"
#include "http/router.h"
#include "ingest/source_store.h"
#include "store/database.h"

namespace leados::api {

struct SourceRoutesDeps {
  ingest::SourceStore& sources;
  accounts::AuditLog& audit;
  store::Database& db;  // for the audit log
  // Makes a source run as soon as possible (runSourceNow, and after create/update so a change
  // takes effect at once). src/app: SourceStore::MakeDue + SourceScheduler::Wake.
  std::function<core::Status(std::string_view source_id)> run_now;
};

// Registers the routes on `router` behind `api`'s pipeline. Everything in `deps` must outlive
// the router. Call before the router is frozen.
void AddSourceRoutes(AccountsApi& api, http::Router& router, SourceRoutesDeps deps);

// The JSON form above (also used by tests).
core::json::object SourceJson(const ingest::Source& source);

}  // namespace leados::api
