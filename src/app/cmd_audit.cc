#include "app/cmd_audit.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <memory>

#include "app/cli_options.h"
#include "app/commands.h"
#include "app/deployment_audit.h"

namespace leados::app {
namespace {

struct AuditCliOptions {
  CommonOptions common;
  bool json = false;
};

int RunAudit(const AuditCliOptions& opts) {
  std::optional<std::filesystem::path> file;
  if (!opts.common.config_file.empty()) {
    if (!std::filesystem::exists(opts.common.config_file)) {
      return ConfigError(core::Error{core::ErrorCode::kInvalidArgument,
                                     opts.common.config_file + ": no such configuration file"});
    }
    file = opts.common.config_file;
  } else if (std::filesystem::exists("leados.toml")) {
    file = "leados.toml";
  }
  auto config = core::Config::Load(AuditConfigSchema(), file, core::Config::ProcessEnvironment());
  if (!config) return ConfigError(config.error());
  if (!opts.common.data_dir.empty()) config->Set("data.dir", opts.common.data_dir, "flag --data");
  const DeploymentFacts facts = GatherDeploymentFacts(*config, file ? file->string() : "");
  const std::vector<AuditFinding> findings = AuditDeployment(*config, facts);
  std::cout << (opts.json ? FormatAuditJson(findings) : FormatAuditTable(findings)) << std::flush;
  for (const auto& f : findings) {
    if (f.severity == AuditSeverity::kError) return 1;
  }
  return 0;
}

}  // namespace

void AddAuditCommands(CLI::App& app) {
  auto opts = std::make_shared<AuditCliOptions>();
  auto* audit = app.add_subcommand(
      "audit",
      "Check this deployment's security settings (TLS, admin allow-list, master key, secrets in "
      "the config file, trusted proxies, retention) and print what to change; exit 1 on errors");
  AddCommonOptions(*audit, opts->common);
  audit->add_flag("--json", opts->json, "print the findings as JSON");
  audit->callback([opts] { SetExitCode(RunAudit(*opts)); });
}

}  // namespace leados::app
