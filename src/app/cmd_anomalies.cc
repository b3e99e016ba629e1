#include "app/cmd_anomalies.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "accounts/audit_log.h"
#include "app/cli_options.h"
#include "app/commands.h"
#include "app/oversight_stack.h"
#include "app/serve.h"
#include "core/clock.h"
#include "core/log.h"
#include "oversight/anomaly_detector.h"
#include "store/migrations.h"

namespace leados::app {
namespace {

int RunScan(const CommonOptions& common) {
  auto config = LoadConfig(common);
  if (!config) return ConfigError(config.error());
  core::log::SetLevel(core::log::ParseLevel(config->GetString("log.level")));
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
  oversight::AnomalyFlagStore flags(**db, clock, audit);
  oversight::AnomalyDetector detector(**db, clock, flags, AnomalyThresholdsFrom(*config));
  auto report = detector.Scan();
  if (!report) {
    std::cerr << "leados: anomaly scan failed: " << report.error().message << "\n";
    return 1;
  }
  std::cout << oversight::FormatScanReport(*report) << std::flush;
  return 0;
}

}  // namespace

void AddAnomalyCommands(CLI::App& app) {
  auto common = std::make_shared<CommonOptions>();
  auto* anomalies = app.add_subcommand("anomalies", "Anomaly flags for admins");
  anomalies->require_subcommand(1);
  auto* scan = anomalies->add_subcommand(
      "scan",
      "Look for credit burn, failed sign-in bursts and API key bursts now and raise flags for the "
      "admin console; `leados serve` does this once an hour");
  AddCommonOptions(*scan, *common);
  scan->callback([common] { SetExitCode(RunScan(*common)); });
}

}  // namespace leados::app
