#pragma once
// The match subcommands: `query check EXPR`, `match --campaigns F --signals F`,
// `scan --query Q --signals F [--window-days N]`. The logic lives in src/match/commands.h.

namespace CLI {
class App;
}

namespace leados::app {

// Registers the three subcommands on `app`; each stores its exit status with SetExitCode.
void AddMatchCommands(CLI::App& app);

}  // namespace leados::app
