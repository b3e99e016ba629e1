#pragma once
// The demo subcommands behind `make run` (scripts/run-demo.sh):
//   leados demo setup --receiver-url URL [--signals FILE]
//     makes (or finds) the demo account, its campaign and its webhook endpoint, prints fresh
//     credentials as KEY=VALUE lines, and writes the demo sources file (see cmd_demo.cc);
//   leados demo receiver --listen HOST:PORT
//     a webhook receiver that verifies every request's Standard Webhooks signature with the
//     secret in LEADOS_DEMO_WEBHOOK_SECRET and prints one line per lead it receives.

namespace CLI {
class App;
}

namespace leados::app {

void AddDemoCommands(CLI::App& app);

}  // namespace leados::app
