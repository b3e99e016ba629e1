#pragma once
// Options every subcommand takes (--config, --data) and loading the effective configuration
// from them: schema defaults < config file < LEADOS_* environment < command-line flags.

#include <optional>
#include <string>

#include "core/config.h"

namespace CLI {
class App;
}

namespace leados::app {

struct CommonOptions {
  std::string config_file;  // --config FILE; default ./leados.toml when that file exists
  std::string data_dir;     // --data DIR; overrides data.dir
};

// Adds --config and --data to `cmd`, bound to `opts`.
void AddCommonOptions(CLI::App& cmd, CommonOptions& opts);
// For the few subcommands whose own `--data FILE` the issues name (`model train/eval --data
// FILE.jsonl`): adds --config and --data-dir DIR for the data folder instead.
void AddCommonOptionsDataDir(CLI::App& cmd, CommonOptions& opts);

// Loads the configuration named by `opts`. Errors name the file, the key and the problem.
core::Result<core::Config> LoadConfig(const CommonOptions& opts);

// Prints "leados: <message>" to stderr and returns the exit code for a bad configuration (2).
int ConfigError(const core::Error& error);

}  // namespace leados::app
