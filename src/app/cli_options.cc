#include "app/cli_options.h"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>

#include "app/config_schema.h"

namespace leados::app {

void AddCommonOptions(CLI::App& cmd, CommonOptions& opts) {
  cmd.add_option("--config", opts.config_file,
                 "TOML configuration file (default: ./leados.toml when present)");
  cmd.add_option("--data", opts.data_dir, "data folder of the embedded default (default: ./var)");
}

void AddCommonOptionsDataDir(CLI::App& cmd, CommonOptions& opts) {
  cmd.add_option("--config", opts.config_file,
                 "TOML configuration file (default: ./leados.toml when present)");
  cmd.add_option("--data-dir", opts.data_dir, "data folder of the embedded default (default: ./var)");
}

core::Result<core::Config> LoadConfig(const CommonOptions& opts) {
  std::optional<std::filesystem::path> file;
  if (!opts.config_file.empty()) {
    if (!std::filesystem::exists(opts.config_file)) {
      return core::InvalidArgument(opts.config_file + ": no such configuration file");
    }
    file = opts.config_file;
  } else if (std::filesystem::exists("leados.toml")) {
    file = "leados.toml";
  }
  auto config = core::Config::Load(ConfigSchema(), file, core::Config::ProcessEnvironment());
  if (!config) return config;
  if (!opts.data_dir.empty()) config->Set("data.dir", opts.data_dir, "flag --data");
  return config;
}

int ConfigError(const core::Error& error) {
  std::cerr << "leados: " << error.message << "\n";
  return 2;
}

}  // namespace leados::app
