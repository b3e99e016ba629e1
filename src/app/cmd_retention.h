#pragma once
// `leados retention run [--dry-run]`: enforces the retention table now (src/retention), printing
// per category what was (or, with --dry-run, would be) deleted, per table. Exit 0; 1 on a
// database error; 2 on a bad configuration (e.g. a retention period longer than the policy).

namespace CLI {
class App;
}

namespace leados::app {

// Adds `retention` and its subcommands to `app`.
void AddRetentionCommands(CLI::App& app);

}  // namespace leados::app
