#pragma once
// The security self-check behind `leados audit` (issue 9): inspects a deployment's effective
// configuration and a few facts about its environment (the master key's bytes and file mode, the
// config file's mode) and returns findings, each with a stable id, a severity, the setting
// concerned, what is wrong and what to change. Every check is listed in docs/security.md.
//
// AuditDeployment is pure (configuration + facts in, findings out), so it is tested from data
// files (src/app/testdata/audit/*.toml); GatherDeploymentFacts reads the files.
//
// Decisions, where the issue was silent:
//  - Severity: error = exposes data or credentials as deployed (or would stop `serve`); warning =
//    weaker than it should be, fix it soon; info = fine for a local trial, say what production
//    needs. `leados audit` exits 1 when there is an error, 0 otherwise (warnings alone pass, so
//    a deployment script can gate on errors without being blocked by advice).
//  - LeadOS serves HTTP and, with tls.cert_file/key_file, HTTPS itself; without them TLS must be
//    terminated by a proxy in front, which we can only infer: server.public_url is https and
//    admin.trusted_proxies names the proxy. Listening on loopback with an http URL is a local
//    trial (info), not an error.
//  - Allow-lists: 0.0.0.0/0 or ::/0 (or any prefix shorter than /8 for IPv4, /16 for IPv6) is
//    "the whole world" (error); a public range wider than /16 (IPv4) or /32 (IPv6) is a warning;
//    private ranges (10/8, 172.16/12, 192.168/16, fc00::/7, loopback) are the usual VPN and
//    proxy networks and pass.
//  - A strong master key is 32 bytes that look random: not fewer than 32 bytes, not mostly one
//    value, not a repeating pattern or a run (0,1,2,…), not printable text (a password is not a
//    key), at least 16 distinct byte values (random 32 bytes have ~30).
//  - Secrets in the config file: any key the schema marks secret whose value came from the file
//    (not the environment), and passwords inside database.url / kv.url / queue.url /
//    email.smtp_url. The environment (LEADOS_…, from the service manager's secret store) or a key
//    file with mode 0600 is where they belong.

#include <optional>
#include <string>
#include <vector>

#include "core/config.h"

namespace leados::app {

enum class AuditSeverity { kError, kWarning, kInfo };
// "error" | "warning" | "info".
std::string_view AuditSeverityName(AuditSeverity severity);

struct AuditFinding {
  std::string id;  // stable, e.g. "admin.allow_ips.world"
  AuditSeverity severity = AuditSeverity::kInfo;
  std::string setting;  // the configuration key (or file) concerned
  std::string problem;  // what is wrong
  std::string fix;      // what to change
};

// Where the master key comes from and what it is, as far as could be read.
struct MasterKeyFacts {
  // "security.master_key_source", "security.master_key", "security.master_key_file",
  // "generated" (<data.dir>/master.key of the embedded default) or "" (none configured).
  std::string origin;
  std::string path;                   // the file, when the key is in one
  std::optional<std::string> bytes;   // the decoded key, when it could be read and decoded
  std::string unreadable;             // why it could not be read or decoded ("" otherwise)
  std::optional<unsigned> file_mode;  // permission bits of the key file
  bool remote = false;                // aws-secretsmanager: not fetched by the audit
};

struct DeploymentFacts {
  MasterKeyFacts master_key;
  std::string config_file;  // "" when no file was loaded
  std::optional<unsigned> config_file_mode;
};

// The configuration schema for auditing: ConfigSchema() without the retention.* validators, so a
// period longer than the policy loads and is reported as a finding instead of refusing to load.
const std::vector<core::ConfigKey>& AuditConfigSchema();

// Reads the facts above for `config` (loaded from `config_file`, "" for none). Never fails: what
// cannot be read is recorded as such.
DeploymentFacts GatherDeploymentFacts(const core::Config& config, const std::string& config_file);

// Every finding, errors first, then warnings, then info; in check order within a severity.
std::vector<AuditFinding> AuditDeployment(const core::Config& config, const DeploymentFacts& facts);

// Whether the master key `bytes` is strong (above); the reason it is not otherwise.
std::optional<std::string> WeakKeyReason(std::string_view bytes);

// The findings as a readable table (one block per finding) and a last line with the counts.
std::string FormatAuditTable(const std::vector<AuditFinding>& findings);
// {"findings":[{id,severity,setting,problem,fix}],"errors":N,"warnings":N,"infos":N}
std::string FormatAuditJson(const std::vector<AuditFinding>& findings);

}  // namespace leados::app
