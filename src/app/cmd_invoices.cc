#include "app/cmd_invoices.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <iostream>
#include <memory>

#include "app/accounts_stack.h"
#include "app/cli_options.h"
#include "app/commands.h"
#include "app/invoices_stack.h"
#include "billing/ledger_statement.h"
#include "core/log.h"

namespace leados::app {
namespace {

struct InvoicesOptions {
  CommonOptions common;
  std::string month;
};

// Opens the runtime, the accounts (for the sign-up address fallback) and the invoices stack, and
// runs `fn` with them. Returns the exit code.
int WithInvoices(const InvoicesOptions& opts,
                 const std::function<int(Runtime&, InvoicesStack&)>& fn) {
  auto config = LoadConfig(opts.common);
  if (!config) return ConfigError(config.error());
  core::log::SetLevel(core::log::ParseLevel(config->GetString("log.level")));
  auto runtime = Runtime::Open(*config);
  if (!runtime) {
    std::cerr << "leados: " << runtime.error().message << "\n";
    return 1;
  }
  auto accounts = AccountsStack::Open(**runtime);
  if (!accounts) {
    std::cerr << "leados: " << accounts.error().message << "\n";
    return 1;
  }
  auto invoices = InvoicesStack::Open(**runtime, (*accounts)->accounts());
  if (!invoices) {
    std::cerr << "leados: " << invoices.error().message << "\n";
    return 2;
  }
  return fn(**runtime, **invoices);
}

int RunStatements(const InvoicesOptions& opts) {
  auto month = ParseMonth(opts.month);
  if (!month) {
    std::cerr << "leados: " << month.error().message << "\n";
    return 2;
  }
  return WithInvoices(opts, [&](Runtime& rt, InvoicesStack& stack) {
    auto run = stack.invoices().IssueStatementsForMonth(month->first, month->second,
                                                        StatementSourceFor(rt));
    if (!run) {
      std::cerr << "leados: " << run.error().message << "\n";
      return 1;
    }
    for (const auto& f : run->failures) std::cerr << "leados: " << f << "\n";
    std::cout << fmt::format("statements for {}: {} issued, {} already issued, {} failed\n",
                             opts.month, run->issued, run->already_issued, run->failures.size());
    return run->failures.empty() ? 0 : 1;
  });
}

int RunStorePending(const InvoicesOptions& opts) {
  return WithInvoices(opts, [](Runtime&, InvoicesStack& stack) {
    int total = 0;
    while (true) {
      auto stored = stack.invoices().StorePendingPdfs(100);
      if (!stored) {
        std::cerr << "leados: stored " << total << " PDFs, then: " << stored.error().message
                  << "\n";
        return 1;
      }
      total += *stored;
      if (*stored < 100) break;
    }
    std::cout << "stored " << total << " pending invoice PDFs in " << stack.objects().Describe()
              << "\n";
    return 0;
  });
}

}  // namespace

core::Result<std::pair<int, int>> ParseMonth(std::string_view text) {
  int year = 0;
  int month = 0;
  if (text.size() == 7 && text[4] == '-') {
    auto y = std::from_chars(text.data(), text.data() + 4, year);
    auto m = std::from_chars(text.data() + 5, text.data() + 7, month);
    if (y.ec == std::errc() && y.ptr == text.data() + 4 && m.ec == std::errc() &&
        m.ptr == text.data() + 7 && year >= 2000 && month >= 1 && month <= 12) {
      return std::pair{year, month};
    }
  }
  return core::InvalidArgument(
      fmt::format("--month: must be YYYY-MM, e.g. 2026-10 (got '{}')", text));
}

billing::StatementSource StatementSourceFor(Runtime& rt) {
  return billing::LedgerStatementSource(rt.database());
}

void AddInvoicesCommands(CLI::App& app) {
  auto opts = std::make_shared<InvoicesOptions>();
  auto* invoices = app.add_subcommand("invoices", "Invoices and monthly usage statements");
  invoices->require_subcommand(1);
  auto* statements = invoices->add_subcommand(
      "statements",
      "Issue the monthly usage statement of every account that used credits in a past month "
      "(idempotent: accounts already issued are skipped)");
  AddCommonOptions(*statements, opts->common);
  statements->add_option("--month", opts->month, "the month, YYYY-MM (e.g. 2026-10)")->required();
  statements->callback([opts] { SetExitCode(RunStatements(*opts)); });
  auto* pending = invoices->add_subcommand(
      "store-pending",
      "Store the invoice PDFs a failed upload left pending (leados serve also retries every "
      "minute)");
  AddCommonOptions(*pending, opts->common);
  pending->callback([opts] { SetExitCode(RunStorePending(*opts)); });
}

}  // namespace leados::app
