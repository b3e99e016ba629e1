#include "app/commands.h"

#include <CLI/CLI.hpp>

#include "app/cmd_admin.h"
#include "app/cmd_audit.h"
#include "app/cmd_companies.h"
#include "app/cmd_demo.h"
#include "app/cmd_feed.h"
#include "app/cmd_invoices.h"
#include "app/cmd_keys.h"
#include "app/cmd_privacy.h"
#include "app/cmd_ledger.h"
#include "app/cmd_match.h"
#include "app/cmd_anomalies.h"
#include "app/cmd_retention.h"
#include "app/cmd_score.h"
#include "app/cmd_signals.h"
#include "app/cmd_system.h"
#include "app/cmd_usage.h"

namespace leados::app {
namespace {
int g_exit_code = 0;  // written once by the subcommand that runs, read by main
}  // namespace

void SetExitCode(int code) {
  g_exit_code = code;
}
int ExitCode() {
  return g_exit_code;
}

void AddAllCommands(CLI::App& app) {
  AddSystemCommands(app);
  AddFeedCommands(app);
  AddMatchCommands(app);
  AddScoreCommands(app);
  AddCompaniesCommands(app);
  AddKeysCommands(app);
  AddAdminCommands(app);
  AddDemoCommands(app);
  AddSignalsCommands(app);
  AddLedgerCommands(app);
  AddInvoicesCommands(app);
  AddPrivacyCommands(app);
  AddRetentionCommands(app);
  AddAuditCommands(app);
  AddAnomalyCommands(app);
  AddUsageCommands(app);
}

}  // namespace leados::app
