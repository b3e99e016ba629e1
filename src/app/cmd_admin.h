#pragma once
// The admin subcommands: `leados admin create --email E`.

namespace CLI {
class App;
}

namespace leados::app {

// Adds `admin` and its subcommands to `app`.
void AddAdminCommands(CLI::App& app);

}  // namespace leados::app
