#pragma once
// `leados worker --role ingest|pipeline|deliver`: the scale-out process. It opens the runtime and
// only the stacks its roles need, runs their workers, and serves just the system routes
// (/healthz, /readyz, /metrics, /openapi.json) on --listen (default 127.0.0.1:0, a free port).
// Several workers and `leados serve` instances share the work through the queue (Redis Streams
// consumer groups in production) with the database as the record; schedulers that must run once
// (source polls, webhook deliveries) hold leases in SQL.
//   ingest    the source scheduler (ingest.*): new signals to the queue and the recent window
//   pipeline  the lead pipeline (pipeline.*) with webhook hand-off; campaign changes made through
//             another process's API are picked up within pipeline.campaign_refresh_seconds
//   deliver   the webhook dispatcher (deliver.*)
// A role turns its worker on even when the configuration turns it off for `serve`
// (ingest.scheduler, pipeline.enabled, deliver.dispatcher = false).

#include <string>
#include <vector>

#include "app/cli_options.h"

namespace leados::app {

// Exit code: 0 after SIGTERM/SIGINT, 1 when it cannot start, 2 for bad roles or configuration.
int RunWorker(const CommonOptions& opts, const std::vector<std::string>& roles,
              const std::string& listen);

}  // namespace leados::app
