#pragma once
// The privacy subcommands (issue 9): `leados privacy import-drop FILE` (California DROP deletion
// list into the suppression list) and `leados privacy status` (suppression list counts).

namespace CLI {
class App;
}

namespace leados::app {

// Adds `privacy` and its subcommands to `app`.
void AddPrivacyCommands(CLI::App& app);

}  // namespace leados::app
