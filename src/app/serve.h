#pragma once
// `leados serve`: opens the runtime, registers every route, runs the HTTP server until SIGTERM or
// SIGINT, then shuts down gracefully (in-flight requests finish) and exits 0.

#include <memory>
#include <string>

#include "app/cli_options.h"
#include "core/config.h"
#include "store/database.h"

namespace leados::app {

// Returns the process exit code: 0 after a graceful stop, 1 when it cannot start, 2 for a bad
// configuration.
int RunServe(const CommonOptions& opts, const std::string& listen_override);

// Opens the database named by the configuration (SQLite in data.dir by default).
core::Result<std::unique_ptr<store::Database>> OpenDatabase(const core::Config& config);

}  // namespace leados::app
