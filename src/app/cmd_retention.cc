#include "app/cmd_retention.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "accounts/audit_log.h"
#include "app/cli_options.h"
#include "app/commands.h"
#include "app/invoices_stack.h"
#include "app/retention_stack.h"
#include "app/serve.h"
#include "core/clock.h"
#include "core/log.h"
#include "retention/retention_engine.h"
#include "retention/retention_status.h"
#include "store/migrations.h"

namespace leados::app {
namespace {

struct RetentionCliOptions {
  CommonOptions common;
  bool dry_run = false;
};

int RunRetention(const RetentionCliOptions& opts) {
  auto config = LoadConfig(opts.common);
  if (!config) return ConfigError(config.error());
  core::log::SetLevel(core::log::ParseLevel(config->GetString("log.level")));
  auto periods = RetentionPeriodsFrom(*config);
  if (!periods) return ConfigError(periods.error());
  const retention::KvTtls ttls = KvTtlsFrom(*config);
  if (auto ok = retention::CheckKvTtls(*periods, ttls); !ok) {
    std::cerr << "leados: " << ok.error().message << "\n";
    return 2;
  }
  core::SystemClock clock;
  auto db = OpenDatabase(*config);
  if (!db) {
    std::cerr << "leados: cannot open the database: " << db.error().message << "\n";
    return 1;
  }
  if (auto st = store::Migrate(**db, clock); !st) {
    std::cerr << "leados: migration failed: " << st.error().message << "\n";
    return 1;
  }
  accounts::AuditLog audit(clock);
  retention::RetentionEngine engine(**db, clock, audit, *periods, ttls,
                                    RetentionOptionsFrom(*config));
  // The invoice PDFs, as `leados serve` stores them (billing.object_store); S3 endpoints are the
  // operator's choice, often on a private network.
  ingest::CurlHttpClient http(ingest::CurlHttpClientOptions{
      .ssrf = ingest::SsrfPolicy{.allow_private = true, .allowed_endpoints = {}}});
  auto objects = OpenObjectStore(*config, http, clock);
  if (!objects) return ConfigError(objects.error());
  engine.SetObjectStore(objects->get());
  // Recorded for the admin console's retention page (also a dry run, and a failed one).
  retention::RetentionRunLog log(**db, clock);
  auto report = log.RunAndRecord(engine, opts.dry_run);
  if (!report) {
    std::cerr << "leados: retention run failed: " << report.error().message << "\n";
    return 1;
  }
  std::cout << retention::FormatReport(*report) << std::flush;
  return 0;
}

}  // namespace

void AddRetentionCommands(CLI::App& app) {
  auto opts = std::make_shared<RetentionCliOptions>();
  auto* retention = app.add_subcommand("retention", "Enforce the data retention policy");
  retention->require_subcommand(1);
  auto* run = retention->add_subcommand(
      "run",
      "Delete what is past its retention period now (batched), printing the rows per category "
      "and table; `leados serve` does this once a day");
  AddCommonOptions(*run, opts->common);
  run->add_flag("--dry-run", opts->dry_run, "count what would be deleted, delete nothing");
  run->callback([opts] { SetExitCode(RunRetention(*opts)); });
}

}  // namespace leados::app
