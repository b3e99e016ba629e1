#pragma once
// The feed subcommands: `leados feed parse FILE [--base-url URL]`.

namespace CLI {
class App;
}

namespace leados::app {

void AddFeedCommands(CLI::App& app);

}  // namespace leados::app
