#pragma once
// `leados usage rollup`: rolls every finished UTC day's usage events up into the daily totals now
// (src/usage/usage_rollup.h; `leados serve` does it hourly), printing the days rolled up.
// Idempotent: a day already rolled up is skipped. Exit 0; 1 on a database error.

namespace CLI {
class App;
}

namespace leados::app {

// Adds `usage` and its subcommands to `app`.
void AddUsageCommands(CLI::App& app);

}  // namespace leados::app
