#pragma once
// The credit ledger subcommands: `leados ledger verify` (every balance equals the sum of its
// entries and the balance_after chain holds; exit 0 when clean, 1 with the list of inconsistent
// accounts on stderr), `leados ledger balance ACCOUNT` and `leados ledger adjust ACCOUNT AMOUNT
// --reason TEXT [--key KEY]` (an operator's audited adjustment).

namespace CLI {
class App;
}

namespace leados::app {

// Adds `ledger` and its subcommands to `app`.
void AddLedgerCommands(CLI::App& app);

}  // namespace leados::app
