#pragma once
// `leados anomalies scan`: runs the anomaly detector now (src/oversight) with the anomaly.*
// thresholds and prints how many flags it opened, updated, or found already dismissed. `leados
// serve` does the same once an hour. Exit 0; 1 on a database error; 2 on a bad configuration.

namespace CLI {
class App;
}

namespace leados::app {

// Adds `anomalies` and its subcommands to `app`.
void AddAnomalyCommands(CLI::App& app);

}  // namespace leados::app
