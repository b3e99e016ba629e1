#pragma once
// Registration of every subcommand. A subcommand's callback stores its exit code with
// SetExitCode; main returns it after CLI11 has run the callbacks.

namespace CLI {
class App;
}

namespace leados::app {

// Adds every subcommand of the binary to `app`.
void AddAllCommands(CLI::App& app);

void SetExitCode(int code);
int ExitCode();

}  // namespace leados::app
