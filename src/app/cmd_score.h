#pragma once
// `leados model train|eval` and `leados score`: the intent model's command line. The logic lives
// in src/score/score_commands.h; this file only declares options and calls it.

namespace CLI {
class App;
}

namespace leados::app {

// Adds `model` (with `train` and `eval`) and `score` to `app`.
void AddScoreCommands(CLI::App& app);

}  // namespace leados::app
