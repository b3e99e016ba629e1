#pragma once
// The invoice subcommands:
//   leados invoices statements --month YYYY-MM   issue the monthly usage statements of a month
//                                                 (idempotent: a second run issues nothing new)
//   leados invoices store-pending                 store the PDFs a failed upload left pending
// Monthly statements take their lines from the credit ledger through StatementSourceFor().

#include "app/runtime.h"
#include "billing/invoice_service.h"

namespace CLI {
class App;
}

namespace leados::app {

// Adds `invoices` and its subcommands to `app`.
void AddInvoicesCommands(CLI::App& app);

// Where monthly statements get their lines: the accounts that consumed credits in a month and
// their credits per campaign. The credit ledger (issue 8, part 1) provides it; until it is wired
// here both functions answer kFailedPrecondition saying so.
billing::StatementSource StatementSourceFor(Runtime& runtime);

// Parses "YYYY-MM"; kInvalidArgument "--month: …" otherwise.
core::Result<std::pair<int, int>> ParseMonth(std::string_view text);

}  // namespace leados::app
