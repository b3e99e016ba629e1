#pragma once
// The system subcommands: serve, migrate, config check, version.

namespace CLI {
class App;
}

namespace leados::app {

void AddSystemCommands(CLI::App& app);

}  // namespace leados::app
