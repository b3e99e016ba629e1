#include "app/cmd_usage.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "app/cli_options.h"
#include "app/commands.h"
#include "app/serve.h"
#include "core/clock.h"
#include "core/log.h"
#include "store/migrations.h"
#include "usage/usage_rollup.h"

namespace leados::app {
namespace {

int RunRollup(const CommonOptions& opts) {
  auto config = LoadConfig(opts);
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
  usage::UsageRollup rollup(**db, clock);
  auto report = rollup.Run();
  if (!report) {
    std::cerr << "leados: usage roll-up failed: " << report.error().message << "\n";
    return 1;
  }
  if (report->days.empty()) {
    std::cout << "usage: nothing to roll up (every finished day is rolled up)\n";
  }
  for (const auto& day : report->days) std::cout << "usage: rolled up " << day << "\n";
  if (!report->days.empty()) {
    std::cout << "usage: days rolled up: " << report->days.size() << ", events: " << report->events
              << "\n";
  }
  return 0;
}

}  // namespace

void AddUsageCommands(CLI::App& app) {
  auto opts = std::make_shared<CommonOptions>();
  auto* usage = app.add_subcommand("usage", "Usage tracking: the daily roll-up");
  usage->require_subcommand(1);
  auto* rollup = usage->add_subcommand(
      "rollup",
      "Roll finished UTC days' usage events up into daily totals now (idempotent; `leados "
      "serve` does this hourly)");
  AddCommonOptions(*rollup, *opts);
  rollup->callback([opts] { SetExitCode(RunRollup(*opts)); });
}

}  // namespace leados::app
