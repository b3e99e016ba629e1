#include "app/cmd_privacy.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "app/cli_options.h"
#include "app/commands.h"
#include "app/serve.h"
#include "core/clock.h"
#include "core/log.h"
#include "privacy/suppression_store.h"
#include "store/migrations.h"

namespace leados::app {
namespace {

struct PrivacyOptions {
  CommonOptions common;
  std::string file;
};

int Failed(const core::Error& error) {
  std::cerr << "leados: " << error.message << "\n";
  return 1;
}

core::Result<std::unique_ptr<store::Database>> OpenMigrated(const core::Config& config,
                                                            const core::Clock& clock) {
  core::log::SetLevel(core::log::ParseLevel(config.GetString("log.level")));
  auto db = OpenDatabase(config);
  if (!db) return core::Fail(db.error());
  if (auto st = store::Migrate(**db, clock); !st) {
    return core::Fail(st.error().code, "migration failed: " + st.error().message);
  }
  return std::move(*db);
}

int RunImportDrop(const PrivacyOptions& opts) {
  core::SystemClock clock;
  auto config = LoadConfig(opts.common);
  if (!config) return ConfigError(config.error());
  std::ifstream in(opts.file, std::ios::binary);
  if (!in) return Failed(core::Error{core::ErrorCode::kNotFound, "cannot read " + opts.file});
  std::stringstream text;
  text << in.rdbuf();
  auto db = OpenMigrated(*config, clock);
  if (!db) return Failed(db.error());
  privacy::SuppressionStore store(**db, clock);
  auto imported = store.ImportDrop(text.str());
  if (!imported)
    return Failed(core::Error{imported.error().code, opts.file + ": " + imported.error().message});
  std::cout << fmt::format("{}: {} hashes read, {} added, {} already on the suppression list\n",
                           opts.file, imported->lines, imported->added, imported->already);
  return 0;
}

int RunStatus(const CommonOptions& common) {
  core::SystemClock clock;
  auto config = LoadConfig(common);
  if (!config) return ConfigError(config.error());
  auto db = OpenMigrated(*config, clock);
  if (!db) return Failed(db.error());
  privacy::SuppressionStore store(**db, clock);
  auto counts = store.Counts();
  if (!counts) return Failed(counts.error());
  std::cout << fmt::format(
      "suppression list: {} keyed hashes (deletion requests), {} DROP hashes\n", counts->first,
      counts->second);
  return 0;
}

}  // namespace

void AddPrivacyCommands(CLI::App& app) {
  auto* privacy = app.add_subcommand("privacy", "Rights requests and the suppression list");
  privacy->require_subcommand(1);
  auto opts = std::make_shared<PrivacyOptions>();

  auto* import = privacy->add_subcommand(
      "import-drop",
      "Add a California DROP deletion list to the suppression list: one base64 SHA-256 hash per "
      "line (the Hash column of the DROP CSV); all or nothing, idempotent");
  AddCommonOptions(*import, opts->common);
  import->add_option("FILE", opts->file, "the file of hashes")->required();
  import->callback([opts] { SetExitCode(RunImportDrop(*opts));
});

auto* status =
    privacy->add_subcommand("status", "Print how many hashes the suppression list holds");
AddCommonOptions(*status, opts->common);
status->callback([opts] { SetExitCode(RunStatus(opts->common)); });
}  // namespace leados::app

}  // namespace leados::app
