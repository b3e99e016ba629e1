#include "app/cmd_match.h"

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "app/commands.h"
#include "match/commands.h"

namespace leados::app {
namespace {

struct MatchOptions {
  std::string expr;
  std::string campaigns_file;
  std::string signals_file;
  std::string query;
  int window_days = 0;  // 0: the span of the signals
};

// Opens `path` ("-" is standard input) and runs `fn` with the stream; exit 2 when it cannot.
template <typename Fn>
int WithInput(const std::string& path, const char* what, Fn fn) {
  if (path == "-") return fn(std::cin);
  std::ifstream in(path);
  if (!in) {
    std::cerr << "leados: cannot open " << what << " file '" << path << "'\n";
    return 2;
  }
  return fn(in);
}

}  // namespace

void AddMatchCommands(CLI::App& app) {
  auto opts = std::make_shared<MatchOptions>();

  auto* query =
      app.add_subcommand("query", "Work with LeadOS queries (see docs/query-language.md)");
  query->require_subcommand(1);
  auto* check = query->add_subcommand(
      "check",
      "Print the canonical form of a query (exit 0), or where and why it is invalid (exit 2)");
  check->add_option("EXPR", opts->expr, "The query, e.g. '(crm OR erp) recommend* -hiring'")
      ->required();
  check->callback([opts] { SetExitCode(match::RunQueryCheck(opts->expr, std::cout, std::cerr)); });

  auto* match_cmd = app.add_subcommand(
      "match",
      "Match signals against campaigns offline; prints one JSON line per (signal, campaign) match");
  match_cmd
      ->add_option("--campaigns", opts->campaigns_file,
                   "JSON lines {\"id\":\"c1\",\"query\":\"…\"}")
      ->required();
  match_cmd
      ->add_option("--signals", opts->signals_file,
                   "JSON lines of signals ('-' for standard input)")
      ->required();
  match_cmd->callback([opts] {
    SetExitCode(WithInput(opts->campaigns_file, "campaigns", [&](std::istream& campaigns) {
      return WithInput(opts->signals_file, "signals", [&](std::istream& signals) {
        return match::RunMatchCommand(campaigns, signals, std::cout, std::cerr);
      });
    }));
  });

  auto* scan = app.add_subcommand("scan",
                                  "Estimate what a query would yield on a file of signals (matches "
                                  "per day by source, examples)");
  scan->add_option("--query", opts->query, "The campaign query")->required();
  scan->add_option("--signals", opts->signals_file,
                   "JSON lines of signals ('-' for standard input)")
      ->required();
  scan->add_option("--window-days", opts->window_days,
                   "Count only the last N days before the newest signal (default: all of them)")
      ->check(CLI::Range(1, 3650));
  scan->callback([opts] {
    const std::optional<int> window =
        opts->window_days > 0 ? std::optional<int>(opts->window_days) : std::nullopt;
    SetExitCode(WithInput(opts->signals_file, "signals", [&](std::istream& signals) {
      return match::RunScanCommand(opts->query, signals, window, std::cout, std::cerr);
    }));
  });
}

}  // namespace leados::app
