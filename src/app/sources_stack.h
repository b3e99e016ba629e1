#pragma once
// SourcesStack: ingest's composition for `leados serve` — the sources table (with the
// configuration file's sources synced in at start), the runners (Reddit credentials from
// reddit.*; they fetch through the runtime's shared Fetcher), the deduper on the runtime's KV, the
// sink (default: the queue topic "signals"; injectable), the admin alert by email, and the
// scheduler (started by StartScheduler when ingest.scheduler is true, stopped by Stop or the
// destructor before anything it uses goes away).

#include <memory>

#include "accounts/admin_service.h"
#include "accounts/audit_log.h"
#include "api/accounts_api.h"
#include "app/runtime.h"
#include "app/source_alert_mailer.h"
#include "http/router.h"
#include "ingest/fetcher.h"
#include "ingest/http_client.h"
#include "ingest/signal_deduper.h"
#include "ingest/signal_sink.h"
#include "ingest/source_runner.h"
#include "ingest/source_scheduler.h"
#include "ingest/source_store.h"

namespace leados::app {

class SourcesStack {
 public:
  // `runtime` and `admins` must outlive the stack. `sink`: where new signals go; null means a
  // QueueSignalSink on the runtime's queue (the lead engineer's wrapper passes its own, which
  // must outlive the stack). Errors: an unreadable or invalid ingest.sources_file, the
  // database's.
  static core::Result<std::unique_ptr<SourcesStack>> Open(Runtime& runtime,
                                                          accounts::AdminService& admins,
                                                          ingest::SignalSink* sink = nullptr);
  ~SourcesStack();

  // Adds the admin source routes behind `api`'s pipeline (before the router is frozen).
  void RegisterRoutes(api::AccountsApi& api, accounts::AuditLog& audit, http::Router& router);
  // Starts the scheduler threads when ingest.scheduler is true.
  void StartScheduler();
  // Stops the scheduler after the polls in progress. Idempotent.
  void Stop();

  ingest::SourceStore& store() { return *store_; }
  ingest::SourceScheduler& scheduler() { return *scheduler_; }

 private:
  explicit SourcesStack(Runtime& runtime) : rt_(runtime) {}

  Runtime& rt_;
  std::unique_ptr<ingest::SourceStore> store_;
  std::unique_ptr<ingest::SignalSink> own_sink_;
  std::unique_ptr<ingest::SignalDeduper> deduper_;
  std::unique_ptr<ingest::RunnerSet> runners_;
  std::unique_ptr<SourceAlertMailer> alerts_;
  std::unique_ptr<ingest::SourceScheduler> scheduler_;
  bool scheduler_enabled_ = true;
};

}  // namespace leados::app
