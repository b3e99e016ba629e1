#include "app/cmd_ledger.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cctype>
#include <iostream>
#include <memory>
#include <string>

#include "accounts/audit_log.h"
#include "app/cli_options.h"
#include "app/commands.h"
#include "app/serve.h"
#include "billing/ledger.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/encoding.h"
#include "core/log.h"
#include "store/migrations.h"

namespace leados::app {
namespace {

struct LedgerOptions {
  CommonOptions common;
  std::string account;
  int64_t amount = 0;
  std::string reason;
  std::string key;
};

// The configured database, migrated (a fresh installation verifies clean, not "no table").
core::Result<std::unique_ptr<store::Database>> OpenLedgerDatabase(const CommonOptions& opts,
                                                                  const core::Clock& clock,
                                                                  int& exit_code) {
  auto config = LoadConfig(opts);
  if (!config) {
    exit_code = ConfigError(config.error());
    return core::Fail(config.error());
  }
  core::log::SetLevel(core::log::ParseLevel(config->GetString("log.level")));
  auto db = OpenDatabase(*config);
  if (!db) {
    exit_code = 1;
    std::cerr << "leados: cannot open the database: " << db.error().message << "\n";
    return core::Fail(db.error());
  }
  if (auto st = store::Migrate(**db, clock); !st) {
    exit_code = 1;
    std::cerr << "leados: migration failed: " << st.error().message << "\n";
    return core::Fail(st.error());
  }
  return std::move(*db);
}

int RunVerify(const CommonOptions& opts) {
  core::SystemClock clock;
  int code = 0;
  auto db = OpenLedgerDatabase(opts, clock, code);
  if (!db) return code;
  billing::Ledger ledger(**db, clock);
  auto report = ledger.Verify();
  if (!report) {
    std::cerr << "leados: ledger verify failed: " << report.error().message << "\n";
    return 1;
  }
  if (report->clean()) {
    std::cout << fmt::format("ledger clean: {} accounts, {} entries", report->accounts,
                             report->entries)
              << std::endl;
    return 0;
  }
  std::cout << fmt::format("ledger INCONSISTENT: {} problems in {} accounts, {} entries checked",
                           report->problems.size(), report->accounts, report->entries)
            << std::endl;
  for (const auto& p : report->problems) {
    std::cerr << p.account_id << ": " << p.problem << "\n";
  }
  return 1;
}

int RunBalance(const LedgerOptions& opts) {
  core::SystemClock clock;
  int code = 0;
  auto db = OpenLedgerDatabase(opts.common, clock, code);
  if (!db) return code;
  billing::Ledger ledger(**db, clock);
  auto balance = ledger.Balance(opts.account);
  if (!balance) {
    std::cerr << "leados: " << balance.error().message << "\n";
    return 1;
  }
  std::cout << *balance << std::endl;
  return 0;
}

// An operator's adjustment from the command line: one ledger entry (reason adjustment) and one
// audit event (actor system "cli"), in one transaction. A running `leados serve` releases held
// leads of the account at its next periodic round (billing.release_interval_seconds).
int RunAdjust(const LedgerOptions& opts) {
  core::SystemClock clock;
  int code = 0;
  auto db = OpenLedgerDatabase(opts.common, clock, code);
  if (!db) return code;
  std::string reason = opts.reason;
  while (!reason.empty() && std::isspace(static_cast<unsigned char>(reason.back())))
    reason.pop_back();
  if (reason.empty()) {
    std::cerr << "leados: --reason: required (why the credits change; kept in the ledger and the "
                 "audit log)\n";
    return 2;
  }
  if (opts.amount == 0) {
    std::cerr << "leados: amount: must not be 0 (positive adds credits, negative removes them)\n";
    return 2;
  }
  billing::Ledger ledger(**db, clock);
  accounts::AuditLog audit(clock);
  billing::AppendRequest request{
      opts.account, opts.amount, billing::EntryReason::kAdjustment, "cli: " + reason,
      "cli:" + (opts.key.empty() ? core::HexEncode(core::RandomBytes(16)) : opts.key)};
  billing::LedgerEntry entry;
  auto st = (*db)->Transact([&](store::SqlSession& tx) -> core::Status {
    auto e = ledger.AppendIn(tx, request);
    if (!e) return core::Fail(e.error());
    entry = std::move(*e);
    if (entry.replayed) return core::Ok();
    auto audited =
        audit.Record(tx, {accounts::ActorKind::kSystem, "cli", opts.account, "admin.credits_adjust",
                          opts.account, "", accounts::AuditOutcome::kSuccess,
                          fmt::format("amount {} balance {} reason: {}", entry.amount,
                                      entry.balance_after, reason)});
    if (!audited) return core::Fail(audited.error());
    return core::Ok();
  });
  if (!st) {
    std::cerr << "leados: " << st.error().message << "\n";
    return 1;
  }
  std::cout << fmt::format("{} {} credits: balance {}{}", opts.account,
                           entry.amount > 0 ? "added" : "removed", entry.balance_after,
                           entry.replayed ? " (already done)" : "")
            << std::endl;
  return 0;
}

}  // namespace

void AddLedgerCommands(CLI::App& app) {
  auto opts = std::make_shared<LedgerOptions>();
  auto* ledger = app.add_subcommand("ledger", "Check the prepaid credit ledger");
  ledger->require_subcommand(1);

  auto* verify = ledger->add_subcommand(
      "verify",
      "Check that every balance equals the sum of its entries (exit 0 clean, 1 with the "
      "inconsistent accounts on stderr)");
  AddCommonOptions(*verify, opts->common);
  verify->callback([opts] { SetExitCode(RunVerify(opts->common)); });

  auto* balance = ledger->add_subcommand("balance", "Print an account's credit balance");
  AddCommonOptions(*balance, opts->common);
  balance->add_option("account", opts->account, "the account id (acct_…)")->required();
  balance->callback([opts] { SetExitCode(RunBalance(*opts)); });

  auto* adjust = ledger->add_subcommand(
      "adjust",
      "Add (positive) or remove (negative) credits of an account, with a reason (audited)");
  AddCommonOptions(*adjust, opts->common);
  adjust->add_option("account", opts->account, "the account id (acct_…)")->required();
  adjust->add_option("amount", opts->amount, "credits to add (negative: remove)")->required();
  adjust->add_option("--reason", opts->reason, "why (kept in the ledger and the audit log)")
      ->required();
  adjust->add_option("--key", opts->key,
                     "an idempotency key: running the same adjustment again changes nothing");
  adjust->callback([opts] { SetExitCode(RunAdjust(*opts)); });
}

}  // namespace leados::app
