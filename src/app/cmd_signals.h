#pragma once
// The signals subcommands: `leados signals publish FILE.jsonl` — the operator's bulk-import and
// replay tool. It reads JSON lines in the form of ingest::SignalToJson, validates every line
// first (a bad line: exit 2 with `FILE:LINE: what is wrong`, nothing published), then publishes
// each signal on the queue topic "signals" of the configured backend (embedded queue or Redis),
// where `leados serve` and `leados worker --role pipeline` take it. `-` reads standard input.

namespace CLI {
class App;
}

namespace leados::app {

// Adds `signals` and its subcommands to `app`.
void AddSignalsCommands(CLI::App& app);

}  // namespace leados::app
