// Process-level tests of the leados binary: what an operator sees on the command line.

#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "subprocess.h"

namespace leados::testing {
namespace {

namespace fs = std::filesystem;
using std::chrono::seconds;

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("leados-cli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    auto p = dir_ / name;
    std::ofstream(p) << text;
    return p.string();
  }

  fs::path dir_;
};

TEST_F(CliTest, HelpListsEverySubcommand) {
  auto r = RunProcess({LeadosBinary(), "--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* sub : {"serve", "migrate", "config", "version"}) {
    EXPECT_NE(r.out.find(sub), std::string::npos) << sub << " missing from:\n" << r.out;
  }
  for (const char* sub : {"serve", "migrate", "version"}) {
    auto h = RunProcess({LeadosBinary(), sub, "--help"});
    EXPECT_EQ(h.exit_code, 0) << sub;
    EXPECT_NE(h.out.find("--config"), std::string::npos) << sub;
    EXPECT_NE(h.out.find("--data"), std::string::npos) << sub;
  }
  auto serve = RunProcess({LeadosBinary(), "serve", "--help"});
  EXPECT_NE(serve.out.find("--listen"), std::string::npos);
}

TEST_F(CliTest, UnknownSubcommandIsAnErrorOnStderr) {
  auto r = RunProcess({LeadosBinary(), "frobnicate"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_FALSE(r.err.empty());
}

TEST_F(CliTest, VersionPrintsVersion) {
  auto r = RunProcess({LeadosBinary(), "version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(^leados \d+\.\d+\.\d+)")));
}

TEST_F(CliTest, ConfigCheckPrintsEffectiveConfigWithSecretsMasked) {
  auto file = Write("leados.toml", "[server]\nlisten = \"127.0.0.1:9999\"\n[stripe]\nwebhook_secret = \"whsec_topsecret\"\n");
  auto r = RunProcess({LeadosBinary(), "config", "check", "--config", file},
                      {{"LEADOS_SERVER_THREADS", "4"}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("listen = \"127.0.0.1:9999\"  # " + file), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("threads = 4  # env LEADOS_SERVER_THREADS"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("whsec_topsecret"), std::string::npos);
  EXPECT_NE(r.out.find("webhook_secret = \"********\""), std::string::npos);
}

TEST_F(CliTest, BadConfigurationExitsTwoNamingFileKeyAndProblem) {
  auto file = Write("bad.toml", "[server]\nlisten = \"no-port-here\"\n");
  auto r = RunProcess({LeadosBinary(), "config", "check", "--config", file});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(file + ": server.listen: must be HOST:PORT"), std::string::npos) << r.err;

  auto unknown = Write("unknown.toml", "[servre]\nlisten = \"x:1\"\n");
  r = RunProcess({LeadosBinary(), "serve", "--config", unknown});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("servre.listen: unknown key"), std::string::npos) << r.err;

  r = RunProcess({LeadosBinary(), "config", "check"}, {{"LEADOS_DATABASE_URL", "mysql://x"}});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("LEADOS_DATABASE_URL: database.url"), std::string::npos) << r.err;

  r = RunProcess({LeadosBinary(), "config", "check", "--config", (dir_ / "missing.toml").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no such configuration file"), std::string::npos) << r.err;
}

TEST_F(CliTest, ConfigurationDocsAreCurrent) {
  // docs/configuration.md is generated from the schema; a new key must be documented.
  auto r = RunProcess({LeadosBinary(), "config", "docs"});
  ASSERT_EQ(r.exit_code, 0);
  const char* src = std::getenv("LEADOS_SOURCE_DIR");
  ASSERT_NE(src, nullptr);
  std::ifstream in(fs::path(src) / "docs" / "configuration.md");
  std::stringstream doc;
  doc << in.rdbuf();
  EXPECT_EQ(doc.str(), r.out) << "regenerate with: build/debug/leados config docs > docs/configuration.md";
}

TEST_F(CliTest, MigrateIsIdempotent) {
  auto data = (dir_ / "data").string();
  auto first = RunProcess({LeadosBinary(), "migrate", "--data", data});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("applied"), std::string::npos);
  auto second = RunProcess({LeadosBinary(), "migrate", "--data", data});
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(first.out, second.out);
  EXPECT_EQ(second.out.find("pending"), std::string::npos);
}

TEST_F(CliTest, ServeAnswersHealthzThenStopsCleanlyOnSigterm) {
  BackgroundProcess serve({LeadosBinary(), "serve", "--data", (dir_ / "data").string(), "--listen",
                           "127.0.0.1:0"});
  auto out = serve.WaitForOutput("LeadOS listening on ", seconds(60));
  ASSERT_FALSE(out.empty()) << serve.Wait(seconds(1)).err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(out, m, std::regex(R"(http://127\.0\.0\.1:(\d+))")));
  const std::string url = m[0];
  auto health = RunProcess({"/usr/bin/curl", "-sS", "-w", "\n%{http_code}", url + "/healthz"});
  EXPECT_NE(health.out.find("\"status\":\"ok\""), std::string::npos) << health.out;
  EXPECT_NE(health.out.find("\n200"), std::string::npos) << health.out;
  auto ready = RunProcess({"/usr/bin/curl", "-sS", "-w", "\n%{http_code}", url + "/readyz"});
  EXPECT_NE(ready.out.find("\n200"), std::string::npos) << ready.out;
  auto missing = RunProcess({"/usr/bin/curl", "-sS", "-w", "\n%{http_code}", url + "/nope"});
  EXPECT_NE(missing.out.find("{\"error\":{\"code\":\"not_found\""), std::string::npos) << missing.out;
  EXPECT_NE(missing.out.find("\n404"), std::string::npos);

  serve.Signal(SIGTERM);
  auto r = serve.Wait(seconds(30));
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST_F(CliTest, ServeRefusesAnUnusableListenAddress) {
  auto r = RunProcess({LeadosBinary(), "serve", "--data", (dir_ / "data").string(), "--listen", "nonsense"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--listen"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace leados::testing
