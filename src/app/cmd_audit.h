#pragma once
// `leados audit [--json]`: the deployment security self-check (issue 9). Loads the configuration
// as `serve` would (--config / leados.toml, LEADOS_* environment, --data) — except that retention
// periods longer than the policy load and are reported instead of refused — reads the master key
// and the files' modes, and prints every finding of app/deployment_audit.h with what to change:
// a table by default, JSON with --json. Touches no database and no network.
// Exit 0 when there is no error-level finding (warnings and info alone pass), 1 when there is
// one, 2 when the configuration cannot be loaded at all (unknown key, wrong type).

namespace CLI {
class App;
}

namespace leados::app {

// Adds `audit` to `app`.
void AddAuditCommands(CLI::App& app);

}  // namespace leados::app
