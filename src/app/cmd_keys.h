#pragma once
// The field-encryption key subcommands: keys status, keys rotate, keys reencrypt, keys rewrap.

namespace CLI {
class App;
}

namespace leados::app {

// Adds `keys` and its subcommands to `app`.
void AddKeysCommands(CLI::App& app);

}  // namespace leados::app
