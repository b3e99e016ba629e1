// The `leados audit` checker from data: every src/app/testdata/audit/*.toml is a configuration
// with the finding ids it must produce (see the README there); plus the master-key strength rule
// and the two output formats.
#include "app/deployment_audit.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/encoding.h"
#include "core/json.h"

namespace leados::app {
namespace {

namespace fs = std::filesystem;

const fs::path kCases = fs::path(LEADOS_TEST_SOURCE_DIR) / "src/app/testdata/audit";

// 32 bytes from /dev/urandom once: a strong key.
const std::string kStrongKey = *core::Base64Decode("3q2+7wQkVbH0mX9yLk1ZpC8aR2nTdE6uJfGs5oIhWcM=");

struct Case {
  std::vector<std::string> expect;
  std::map<std::string, std::string> env;
  DeploymentFacts facts;
};

Case ReadCase(const fs::path& file) {
  Case c;
  c.facts.config_file = file.string();
  c.facts.config_file_mode = 0600;
  c.facts.master_key = {
      "security.master_key_file", "/etc/leados/master.key", kStrongKey, "", 0600u, false};
  std::ifstream in(file);
  std::string line;
  bool saw_expect = false;
  while (std::getline(in, line)) {
    if (!line.starts_with("# ")) continue;
    std::istringstream words(line.substr(2));
    std::string head;
    words >> head;
    if (head == "expect:") {
      saw_expect = true;
      for (std::string id; words >> id;) c.expect.push_back(id);
    } else if (head == "env:") {
      std::string kv;
      words >> kv;
      c.env[kv.substr(0, kv.find('='))] = kv.substr(kv.find('=') + 1);
    } else if (head == "config_mode:") {
      std::string mode;
      words >> mode;
      c.facts.config_file_mode = std::stoul(mode, nullptr, 8);
    } else if (head == "key:") {
      MasterKeyFacts& k = c.facts.master_key;
      for (std::string kv; words >> kv;) {
        const std::string name = kv.substr(0, kv.find('='));
        const std::string value = kv.substr(kv.find('=') + 1);
        if (name == "origin" && value == "none")
          k = MasterKeyFacts{};
        else if (name == "origin" && value == "remote")
          k = {"security.master_key_source", "", std::nullopt, "", std::nullopt, true};
        else if (name == "origin" && value == "security.master_key")
          k = {value, "", kStrongKey, "", std::nullopt, false};
        else if (name == "origin")
          k.origin = value;
        else if (name == "mode")
          k.file_mode = std::stoul(value, nullptr, 8);
        else if (name == "base64")
          k.bytes = *core::Base64Decode(value);
      }
    }
  }
  EXPECT_TRUE(saw_expect) << file << " has no '# expect:' line";
  std::sort(c.expect.begin(), c.expect.end());
  return c;
}

TEST(DeploymentAudit, EveryCaseFileGivesItsFindings) {
  int cases = 0;
  for (const auto& entry : fs::directory_iterator(kCases)) {
    if (entry.path().extension() != ".toml") continue;
    ++cases;
    SCOPED_TRACE(entry.path().filename().string());
    Case c = ReadCase(entry.path());
    auto config = core::Config::Load(AuditConfigSchema(), entry.path(), c.env);
    ASSERT_TRUE(config) << config.error().message;
    std::vector<AuditFinding> findings = AuditDeployment(*config, c.facts);
    std::vector<std::string> ids;
    for (const auto& f : findings) {
      ids.push_back(f.id);
      EXPECT_FALSE(f.setting.empty()) << f.id;
      EXPECT_FALSE(f.problem.empty()) << f.id;
      EXPECT_FALSE(f.fix.empty()) << f.id;
    }
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(ids, c.expect) << FormatAuditTable(findings);
    // Errors come first, then warnings, then info.
    EXPECT_TRUE(std::is_sorted(findings.begin(), findings.end(), [](const auto& a, const auto& b) {
      return static_cast<int>(a.severity) < static_cast<int>(b.severity);
    }));
  }
  EXPECT_GE(cases, 8);
}

TEST(DeploymentAudit, SecretsInAWorldReadableFileAreErrorsAndNameTheEnvironmentVariable) {
  Case c = ReadCase(kCases / "secrets_in_file.toml");
  auto config = core::Config::Load(AuditConfigSchema(), kCases / "secrets_in_file.toml", c.env);
  ASSERT_TRUE(config) << config.error().message;
  int seen = 0;
  for (const auto& f : AuditDeployment(*config, c.facts)) {
    if (f.setting != "stripe.api_key") continue;
    ++seen;
    EXPECT_EQ(f.severity, AuditSeverity::kError);
    EXPECT_NE(f.fix.find("LEADOS_STRIPE_API_KEY"), std::string::npos) << f.fix;
    EXPECT_EQ(f.problem.find("sk_live_in_the_file"), std::string::npos) << "the secret is echoed";
  }
  EXPECT_EQ(seen, 1);
}

TEST(DeploymentAudit, WeakKeys) {
  EXPECT_FALSE(WeakKeyReason(kStrongKey));
  EXPECT_NE(WeakKeyReason(kStrongKey.substr(0, 16)).value_or("").find("16 bytes"),
            std::string::npos);
  EXPECT_NE(WeakKeyReason(std::string(32, '\0')).value_or("").find("repeats"), std::string::npos);
  std::string run;
  for (int i = 0; i < 32; ++i) run += static_cast<char>(i);
  EXPECT_NE(WeakKeyReason(run).value_or("").find("consecutive"), std::string::npos);
  EXPECT_NE(WeakKeyReason("correct horse battery staple 123").value_or("").find("printable"),
            std::string::npos);
  std::string pattern;
  for (int i = 0; i < 8; ++i) pattern += "\x01\x9a\xff\x42";
  EXPECT_NE(WeakKeyReason(pattern).value_or("").find("4-byte pattern"), std::string::npos);
  std::string few = kStrongKey;
  for (size_t i = 0; i < few.size(); ++i) few[i] = static_cast<char>(0x80 + (kStrongKey[i] & 7));
  few[0] = '\x90';  // no period
  EXPECT_NE(WeakKeyReason(few).value_or("").find("distinct"), std::string::npos);
}

TEST(DeploymentAudit, TableAndJson) {
  std::vector<AuditFinding> findings = {
      {"admin.allow_ips.world", AuditSeverity::kError, "admin.allow_ips", "open", "narrow it"},
      {"tls.local_only", AuditSeverity::kInfo, "server.public_url", "local", "https"}};
  const std::string table = FormatAuditTable(findings);
  EXPECT_NE(table.find("error    admin.allow_ips  [admin.allow_ips.world]"), std::string::npos)
      << table;
  EXPECT_NE(table.find("change:  narrow it"), std::string::npos) << table;
  EXPECT_NE(table.find("1 error(s), 0 warning(s), 1 info"), std::string::npos) << table;
  auto json = core::ParseJson(FormatAuditJson(findings));
  ASSERT_TRUE(json);
  EXPECT_EQ(json->as_object().at("errors"), core::json::value(1));
  EXPECT_EQ(json->as_object().at("findings").as_array()[1].as_object().at("severity"),
            core::json::value("info"));
}

}  // namespace
}  // namespace leados::app
