#include "app/deployment_audit.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "app/config_schema.h"
#include "core/encoding.h"
#include "core/json.h"
#include "retention/retention_policy.h"

namespace leados::app {
namespace {

namespace fs = std::filesystem;
using S = AuditSeverity;

// The host of "HOST:PORT" or "[V6]:PORT".
std::string ListenHost(const std::string& listen) {
  if (!listen.empty() && listen.front() == '[') {
    const size_t end = listen.find(']');
    return end == std::string::npos ? listen : listen.substr(1, end - 1);
  }
  const size_t colon = listen.rfind(':');
  return colon == std::string::npos ? listen : listen.substr(0, colon);
}

// The host of "scheme://[user@]host[:port][/path]".
std::string UrlHost(const std::string& url) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  std::string rest = url.substr(start);
  rest = rest.substr(0, rest.find('/'));
  if (const size_t at = rest.rfind('@'); at != std::string::npos) rest = rest.substr(at + 1);
  if (!rest.empty() && rest.front() == '[') return rest.substr(1, rest.find(']') - 1);
  return rest.substr(0, rest.find(':'));
}

bool IsLoopbackHost(const std::string& host) {
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

// One allow-list entry as address bytes (IPv4 mapped into IPv6) and prefix length over 128 bits;
// nullopt when it does not parse (the config loader refuses those already).
struct Cidr {
  std::array<unsigned char, 16> bytes{};
  bool v4 = false;
  int prefix = 128;  // over the v6 form; an IPv4 /n is 96 + n
};

std::optional<Cidr> ParseCidr(const std::string& entry) {
  const size_t slash = entry.find('/');
  const std::string addr = entry.substr(0, slash);
  Cidr c;
  in_addr a4{};
  in6_addr a6{};
  if (inet_pton(AF_INET, addr.c_str(), &a4) == 1) {
    c.v4 = true;
    c.bytes[10] = c.bytes[11] = 0xff;
    std::memcpy(c.bytes.data() + 12, &a4, 4);
  } else if (inet_pton(AF_INET6, addr.c_str(), &a6) == 1) {
    std::memcpy(c.bytes.data(), &a6, 16);
  } else {
    return std::nullopt;
  }
  int bits = c.v4 ? 32 : 128;
  if (slash != std::string::npos) {
    const std::string p = entry.substr(slash + 1);
    auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), bits);
    if (ec != std::errc() || end != p.data() + p.size()) return std::nullopt;
  }
  c.prefix = c.v4 ? 96 + bits : bits;
  return c;
}

// Private, loopback or link-local networks (where VPNs and proxies live) contain the whole range.
bool IsPrivateRange(const Cidr& c) {
  const auto& b = c.bytes;
  if (c.v4) {
    const int len = c.prefix - 96;
    if (b[12] == 10 && len >= 8) return true;
    if (b[12] == 172 && (b[13] & 0xf0) == 16 && len >= 12) return true;
    if (b[12] == 192 && b[13] == 168 && len >= 16) return true;
    if (b[12] == 127 && len >= 8) return true;
    return false;
  }
  if ((b[0] & 0xfe) == 0xfc && c.prefix >= 7) return true;                   // fc00::/7
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80 && c.prefix >= 10) return true;  // fe80::/10
  return c.prefix == 128 && std::all_of(b.begin(), b.end() - 1, [](unsigned char x) { return !x; });
}

enum class Width { kFine, kWide, kWorld };

Width RangeWidth(const Cidr& c) {
  const int len = c.v4 ? c.prefix - 96 : c.prefix;
  if (len < (c.v4 ? 8 : 16)) return Width::kWorld;
  if (IsPrivateRange(c)) return Width::kFine;
  if (len < (c.v4 ? 16 : 32)) return Width::kWide;
  return Width::kFine;
}

// Whether `url` carries a password in its user info ("scheme://user:PASSWORD@host").
bool UrlHasPassword(const std::string& url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) return false;
  const std::string rest = url.substr(scheme + 3);
  const size_t at = rest.find('@');
  if (at == std::string::npos) return false;
  const std::string userinfo = rest.substr(0, std::min(at, rest.find('/')));
  const size_t colon = userinfo.find(':');
  return colon != std::string::npos && colon + 1 < userinfo.size();
}

bool FromFile(const core::Config& config, std::string_view key, const DeploymentFacts& facts) {
  return !facts.config_file.empty() && config.SourceOf(key) == facts.config_file;
}

void CheckTls(const core::Config& config, std::vector<AuditFinding>& out) {
  const std::string listen = config.GetString("server.listen");
  const std::string host = ListenHost(listen);
  const bool loopback = IsLoopbackHost(host);
  const std::string cert = config.GetString("tls.cert_file");
  const std::string key = config.GetString("tls.key_file");
  const bool own_tls = !cert.empty() && !key.empty();
  const bool proxies = !config.GetStringList("admin.trusted_proxies").empty();
  std::string url = config.GetString("server.public_url");
  if (url.empty()) url = "http://" + listen;
  const bool https = url.starts_with("https://");

  if (cert.empty() != key.empty()) {
    out.push_back({"tls.incomplete", S::kError, cert.empty() ? "tls.cert_file" : "tls.key_file",
                   "only one of tls.cert_file and tls.key_file is set, so the server cannot speak "
                   "TLS",
                   "set both (the PEM certificate chain and its private key), or neither when a "
                   "proxy terminates TLS"});
  }
  if (!own_tls && !loopback && !proxies) {
    out.push_back(
        {"tls.plaintext_listen", S::kError, "server.listen",
         fmt::format("the server listens on {} in plain HTTP and no TLS proxy is trusted in front "
                     "of it: passwords and session cookies cross the network unencrypted",
                     listen),
         "listen on 127.0.0.1 behind a TLS proxy and list the proxy in admin.trusted_proxies, or "
         "set tls.cert_file and tls.key_file"});
  }
  if (!https) {
    if (loopback && IsLoopbackHost(UrlHost(url))) {
      out.push_back({"tls.local_only", S::kInfo, "server.public_url",
                     fmt::format("users reach LeadOS at {}: fine on this machine only", url),
                     "before others use it, set server.public_url to its https:// address"});
    } else {
      out.push_back({"tls.public_url_http", S::kError, "server.public_url",
                     fmt::format("users reach LeadOS at {}, not over HTTPS: the Secure session "
                                 "cookie is not sent back and links in emails are plain HTTP",
                                 url),
                     "serve it over TLS and set server.public_url = \"https://…\""});
    }
  } else if (!own_tls && !proxies && loopback) {
    out.push_back(
        {"tls.proxy_not_trusted", S::kWarning, "admin.trusted_proxies",
         "a proxy terminates TLS but is not in admin.trusted_proxies: every request seems to come "
         "from the proxy, so the admin allow-list and sign-in throttling see one address",
         "add the proxy's address (127.0.0.1 and ::1 when it runs on this machine) to "
         "admin.trusted_proxies"});
  }
}

void CheckAllowLists(const core::Config& config, std::vector<AuditFinding>& out) {
  const auto& allow = config.GetStringList("admin.allow_ips");
  if (allow.empty()) {
    out.push_back({"admin.allow_ips.empty", S::kInfo, "admin.allow_ips",
                   "the list is empty: nobody can reach the admin console",
                   "add your office or VPN addresses when you need the console"});
  }
  struct List {
    const char* key;
    const char* world_problem;
  };
  for (const List& l :
       {List{"admin.allow_ips", "the admin console is reachable from the whole internet"},
        List{"admin.trusted_proxies",
             "any client can send X-Forwarded-For and pretend to come from an allow-listed "
             "address"}}) {
    for (const auto& entry : config.GetStringList(l.key)) {
      auto c = ParseCidr(entry);
      if (!c) continue;
      const Width w = RangeWidth(*c);
      const std::string kind = std::string(l.key).substr(6);  // allow_ips | trusted_proxies
      if (w == Width::kWorld) {
        out.push_back(
            {fmt::format("admin.{}.world", kind), S::kError, l.key,
             fmt::format("'{}' covers (nearly) every address: {}", entry, l.world_problem),
             "list only the addresses that need it (single /32 addresses or your VPN's "
             "range)"});
      } else if (w == Width::kWide) {
        out.push_back({fmt::format("admin.{}.wide", kind), S::kWarning, l.key,
                       fmt::format("'{}' is a very wide public range", entry),
                       "narrow it to the addresses that need it"});
      }
    }
  }
}

void CheckMasterKey(const core::Config& config, const DeploymentFacts& facts,
                    std::vector<AuditFinding>& out) {
  const MasterKeyFacts& k = facts.master_key;
  const std::string setting = k.origin.empty() || k.origin == "generated"
                                  ? std::string("security.master_key_file")
                                  : k.origin;
  if (k.origin.empty()) {
    out.push_back({"key.missing", S::kError, "security.master_key_file",
                   "no master key is configured, and the database is not the embedded default: "
                   "`leados serve` will not start",
                   "openssl rand -base64 32 > /etc/leados/master.key && chmod 600 "
                   "/etc/leados/master.key, then set security.master_key_file; keep a copy "
                   "somewhere safe"});
    return;
  }
  if (k.origin == "generated") {
    out.push_back({"key.generated", S::kInfo, "security.master_key_file",
                   fmt::format("the master key was generated into {} next to the data it "
                               "protects: fine for a trial",
                               k.path),
                   "for production keep it apart (security.master_key_file on another volume, "
                   "or aws-secretsmanager) and back it up"});
  }
  if (k.remote) {
    out.push_back({"key.remote", S::kInfo, setting,
                   "the master key is in AWS Secrets Manager; the audit does not fetch it",
                   "nothing, if the secret holds 32 random bytes in base64"});
    return;
  }
  if (!k.unreadable.empty()) {
    out.push_back({"key.unreadable", S::kError, setting, k.unreadable,
                   "point the setting at a readable file holding base64 of 32 random bytes"});
  } else if (k.bytes) {
    if (auto weak = WeakKeyReason(*k.bytes)) {
      out.push_back({"key.weak", S::kError, setting, "the master key is weak: " + *weak,
                     "make a new one with `openssl rand -base64 32 > NEW.key`, then `leados keys "
                     "rewrap --new-master-key-file NEW.key` and point the setting at it"});
    }
  }
  if (k.file_mode && (*k.file_mode & 077) != 0) {
    out.push_back({"key.file_mode", S::kError, setting,
                   fmt::format("{} has mode {:04o}: other users of the machine can read the master "
                               "key",
                               k.path, *k.file_mode & 07777),
                   fmt::format("chmod 600 {} (owned by the user LeadOS runs as)", k.path)});
  }
  (void)config;
}

void CheckSecrets(const core::Config& config, const DeploymentFacts& facts,
                  std::vector<AuditFinding>& out) {
  const bool world_readable = facts.config_file_mode && (*facts.config_file_mode & 044) != 0;
  const S severity = world_readable ? S::kError : S::kWarning;
  const std::string readable =
      world_readable ? fmt::format(" (mode {:04o}: readable by other users of the machine)",
                                   *facts.config_file_mode & 07777)
                     : "";
  for (const auto& key : AuditConfigSchema()) {
    if (!key.secret || key.type != core::ConfigType::kString) continue;
    const std::string& value = config.GetString(key.name);
    if (value.empty() || !FromFile(config, key.name, facts)) continue;
    // The source setting holds a secret only in its base64: form (file: and aws- are places).
    if (key.name == "security.master_key_source" && !value.starts_with("base64:")) continue;
    out.push_back(
        {"secret.in_config", severity, key.name,
         fmt::format("the secret is written in plain text in {}{}", facts.config_file, readable),
         fmt::format("remove it from the file and set {} in the service's environment "
                     "(from your secret store){}",
                     core::Config::EnvName(key.name),
                     key.name == "security.master_key"
                         ? ", or use security.master_key_file (mode 0600)"
                         : "")});
  }
  for (const char* key : {"database.url", "kv.url", "queue.url", "email.smtp_url"}) {
    const std::string& value = config.GetString(key);
    if (!UrlHasPassword(value) || !FromFile(config, key, facts)) continue;
    out.push_back({"secret.url_password", severity, key,
                   fmt::format("the URL in {} carries a password in plain text{}",
                               facts.config_file, readable),
                   fmt::format("set {} in the environment instead{}", core::Config::EnvName(key),
                               std::string_view(key) == "database.url"
                                   ? " (or drop the password and use a ~/.pgpass file of mode "
                                     "0600, which libpq reads)"
                                   : "")});
  }
}

void CheckRetention(const core::Config& config, std::vector<AuditFinding>& out) {
  for (const char* name :
       {"account_data", "billing", "audit_logs", "delivery_metadata", "fingerprints", "payloads"}) {
    const std::string key = fmt::format("retention.{}_days", name);
    auto periods = retention::RetentionPeriods::FromDays({{name, config.GetInt(key)}});
    if (periods) continue;
    out.push_back({"retention.looser_than_policy", S::kError, key,
                   periods.error().message + " (the privacy policy promises users that period)",
                   "lower it to the policy's period or less; the privacy policy would have to "
                   "change first (and be published to users) to keep data longer"});
  }
}

void CheckOthers(const core::Config& config, std::vector<AuditFinding>& out) {
  if (config.GetBool("billing.metered") && !config.GetString("stripe.api_key").empty() &&
      config.GetString("stripe.webhook_secret").empty()) {
    out.push_back({"stripe.webhook_secret_missing", S::kError, "stripe.webhook_secret",
                   "billing is metered with Stripe but no webhook signing secret is set: paid "
                   "purchases never turn into credits",
                   "create the webhook endpoint in Stripe (…/webhooks/stripe) and set "
                   "LEADOS_STRIPE_WEBHOOK_SECRET to its whsec_… secret"});
  }
  if (config.GetBool("fetch.allow_private")) {
    out.push_back({"fetch.allow_private", S::kWarning, "fetch.allow_private",
                   "sources and webhooks may reach private and loopback addresses: a client's "
                   "webhook URL can probe your internal network",
                   "set fetch.allow_private = false outside tests"});
  }
  if (config.GetString("email.sender") == "smtp" &&
      config.GetString("email.smtp_starttls") == "off" &&
      !IsLoopbackHost(UrlHost(config.GetString("email.smtp_url")))) {
    out.push_back({"email.smtp_plaintext", S::kWarning, "email.smtp_starttls",
                   "emails (with sign-in and reset links) go to a remote SMTP server unencrypted",
                   "set email.smtp_starttls = \"required\""});
  }
}

std::string ReadFile(const fs::path& p, std::string* error) {
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    *error = fmt::format("cannot read {}", p.string());
    return "";
  }
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::optional<unsigned> FileMode(const fs::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return std::nullopt;
  return static_cast<unsigned>(st.st_mode & 07777);
}

// Decodes base64 text into `k.bytes`, or says why not.
void Decode(std::string_view text, MasterKeyFacts& k) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  auto bytes = core::Base64Decode(text);
  if (!bytes) {
    k.unreadable = "the master key is not base64";
    return;
  }
  k.bytes = std::move(*bytes);
}

void ReadKeyFile(const fs::path& path, MasterKeyFacts& k) {
  k.path = path.string();
  k.file_mode = FileMode(path);
  std::string error;
  const std::string text = ReadFile(path, &error);
  if (!error.empty()) {
    k.unreadable = error;
    return;
  }
  Decode(text, k);
}

}  // namespace

std::string_view AuditSeverityName(AuditSeverity severity) {
  switch (severity) {
    case S::kError: return "error";
    case S::kWarning: return "warning";
    case S::kInfo: break;
  }
  return "info";
}

const std::vector<core::ConfigKey>& AuditConfigSchema() {
  static const std::vector<core::ConfigKey> schema = [] {
    std::vector<core::ConfigKey> s = ConfigSchema();
    for (auto& k : s) {
      if (k.name.starts_with("retention.") && k.name.ends_with("_days")) k.validate = nullptr;
    }
    return s;
  }();
  return schema;
}

std::optional<std::string> WeakKeyReason(std::string_view bytes) {
  if (bytes.size() < 32) {
    return fmt::format("{} bytes, fewer than the 32 an AES-256 key needs", bytes.size());
  }
  std::set<unsigned char> distinct(bytes.begin(), bytes.end());
  if (std::all_of(bytes.begin(), bytes.end(), [](char c) { return c >= 0x20 && c < 0x7f; })) {
    return "it is printable text (a password or a phrase), not random bytes";
  }
  bool run = true;
  for (size_t i = 1; i < bytes.size(); ++i) {
    if (static_cast<unsigned char>(bytes[i]) !=
        static_cast<unsigned char>(static_cast<unsigned char>(bytes[i - 1]) + 1)) {
      run = false;
    }
  }
  if (run) return "it is a run of consecutive byte values";
  for (size_t period = 1; period <= bytes.size() / 2; ++period) {
    if (bytes.substr(period) == bytes.substr(0, bytes.size() - period)) {
      return fmt::format("it repeats a {}-byte pattern", period);
    }
  }
  if (distinct.size() < 16) {
    return fmt::format("only {} distinct byte values (random 32 bytes have about 30)",
                       distinct.size());
  }
  return std::nullopt;
}

DeploymentFacts GatherDeploymentFacts(const core::Config& config, const std::string& config_file) {
  DeploymentFacts f;
  f.config_file = config_file;
  if (!config_file.empty()) f.config_file_mode = FileMode(config_file);
  MasterKeyFacts& k = f.master_key;
  const std::string& source = config.GetString("security.master_key_source");
  if (!source.empty()) {
    k.origin = "security.master_key_source";
    if (source.starts_with("base64:")) {
      Decode(std::string_view(source).substr(7), k);
    } else if (source.starts_with("file:")) {
      ReadKeyFile(source.substr(5), k);
    } else if (source.starts_with("aws-secretsmanager:")) {
      k.remote = true;
    } else {
      k.unreadable =
          "security.master_key_source must start with base64:, file: or "
          "aws-secretsmanager:";
    }
  } else if (!config.GetString("security.master_key").empty()) {
    k.origin = "security.master_key";
    Decode(config.GetString("security.master_key"), k);
  } else if (!config.GetString("security.master_key_file").empty()) {
    k.origin = "security.master_key_file";
    ReadKeyFile(config.GetString("security.master_key_file"), k);
  } else if (config.GetString("database.url").empty()) {
    k.origin = "generated";
    const fs::path p = fs::path(config.GetString("data.dir")) / "master.key";
    if (fs::exists(p)) {
      ReadKeyFile(p, k);
    } else {
      k.path = p.string();  // made by the first `leados serve`, mode 0600
    }
  }
  return f;
}

std::vector<AuditFinding> AuditDeployment(const core::Config& config,
                                          const DeploymentFacts& facts) {
  std::vector<AuditFinding> out;
  CheckTls(config, out);
  CheckAllowLists(config, out);
  CheckMasterKey(config, facts, out);
  CheckSecrets(config, facts, out);
  CheckRetention(config, out);
  CheckOthers(config, out);
  std::stable_sort(out.begin(), out.end(), [](const AuditFinding& a, const AuditFinding& b) {
    return static_cast<int>(a.severity) < static_cast<int>(b.severity);
  });
  return out;
}

std::string FormatAuditTable(const std::vector<AuditFinding>& findings) {
  std::string out;
  int counts[3] = {0, 0, 0};
  for (const auto& f : findings) {
    ++counts[static_cast<int>(f.severity)];
    out += fmt::format("{:<8} {}  [{}]\n", fmt::format("{}", AuditSeverityName(f.severity)),
                       f.setting, f.id);
    out += fmt::format("         problem: {}\n", f.problem);
    out += fmt::format("         change:  {}\n\n", f.fix);
  }
  if (findings.empty()) out += "No findings.\n";
  out += fmt::format("{} error(s), {} warning(s), {} info\n", counts[0], counts[1], counts[2]);
  return out;
}

std::string FormatAuditJson(const std::vector<AuditFinding>& findings) {
  namespace json = core::json;
  json::array list;
  int64_t counts[3] = {0, 0, 0};
  for (const auto& f : findings) {
    ++counts[static_cast<int>(f.severity)];
    list.emplace_back(json::object{{"id", f.id},
                                   {"severity", std::string(AuditSeverityName(f.severity))},
                                   {"setting", f.setting},
                                   {"problem", f.problem},
                                   {"fix", f.fix}});
  }
  return core::ToJson(json::object{{"findings", std::move(list)},
                                   {"errors", counts[0]},
                                   {"warnings", counts[1]},
                                   {"infos", counts[2]}}) +
         "\n";
}

}  // namespace leados::app
