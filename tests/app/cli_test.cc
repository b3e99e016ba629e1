// Process-level tests of the leados binary: what an operator sees on the command line.

#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

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

  // A leados.toml whose sources file polls src/ingest/testdata/signals.jsonl (3 good, distinct
  // signals, a duplicate and bad lines), plus `extra` TOML.
  std::string SignalsFileConfig(const std::string& extra = "") {
    const char* src = std::getenv("LEADOS_SOURCE_DIR");
    EXPECT_NE(src, nullptr);
    const std::string lines =
        (fs::path(src ? src : ".") / "src/ingest/testdata/signals.jsonl").string();
    const std::string sources = Write("sources.toml",
                                      "[[source]]\nname = \"demo\"\n"
                                      "kind = \"jsonl\"\ninterval_seconds = 3600\n"
                                      "settings = { path = \"" +
                                          lines + "\" }\n");
    return Write("leados.toml", "[ingest]\nsources_file = \"" + sources + "\"\n" + extra);
  }

  // The URL a started `leados serve` prints, or "" (the test has failed then).
  static std::string ServeUrl(BackgroundProcess& serve) {
    auto out = serve.WaitForOutput("LeadOS listening on ", std::chrono::seconds(60));
    EXPECT_FALSE(out.empty()) << serve.Wait(std::chrono::seconds(1)).err;
    std::smatch m;
    if (!std::regex_search(out, m, std::regex(R"(http://127\.0\.0\.1:(\d+))"))) return "";
    return m[0];
  }

  // Polls `url`/metrics until it contains `want` (30 s at most); returns the last text.
  static std::string WaitForMetric(const std::string& url, const std::string& want) {
    std::string metrics;
    for (int i = 0; i < 300 && metrics.find(want) == std::string::npos; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      metrics = RunProcess({"/usr/bin/curl", "-sS", url + "/metrics"}).out;
    }
    return metrics;
  }

  fs::path dir_;
};

TEST_F(CliTest, HelpListsEverySubcommand) {
  auto r = RunProcess({LeadosBinary(), "--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* sub :
       {"serve", "worker", "migrate", "config", "version", "keys", "admin", "ledger", "privacy",
        "anomalies"}) {
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
  auto file = Write(
      "leados.toml",
      "[server]\nlisten = \"127.0.0.1:9999\"\n[stripe]\nwebhook_secret = \"whsec_topsecret\"\n");
  auto r = RunProcess({LeadosBinary(), "config", "check", "--config", file},
                      {{"LEADOS_SERVER_THREADS", "4"}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("listen = \"127.0.0.1:9999\"  # " + file), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("threads = 4  # env LEADOS_SERVER_THREADS"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("whsec_topsecret"), std::string::npos);
  EXPECT_NE(r.out.find("webhook_secret = \"********\""), std::string::npos);
}

// `leados audit` (issue 9) on a deliberately weak deployment: plain HTTP on every interface, the
// console open to the world, a password as master key in a file others can read, a Stripe key and
// a retention period longer than the policy in the config file. Exit 1; the table names each
// setting and what to change, --json lists the same findings; a sound setup exits 0.
TEST_F(CliTest, AuditReportsAWeakDeploymentAndExitsOne) {
  auto key = Write("master.key", "cGFzc3dvcmRwYXNzd29yZHBhc3N3b3JkcGFzc3dvcmQ=\n");
  fs::permissions(key, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                           fs::perms::others_read);
  auto file =
      Write("leados.toml",
            "[server]\nlisten = \"0.0.0.0:8080\"\npublic_url = \"http://leads.example.com\"\n"
            "[admin]\nallow_ips = [\"0.0.0.0/0\"]\n"
            "[security]\nmaster_key_file = \"" +
                key +
                "\"\n"
                "[stripe]\napi_key = \"sk_live_in_the_file\"\n"
                "[retention]\npayloads_days = 45\n");
  auto r =
      RunProcess({LeadosBinary(), "audit", "--config", file, "--data", (dir_ / "var").string()});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  for (const std::string& want : std::vector<std::string>{
           "[tls.plaintext_listen]", "[tls.public_url_http]", "[admin.allow_ips.world]",
           "[key.weak]", "[key.file_mode]", "[secret.in_config]", "[stripe.webhook_secret_missing]",
           "[retention.looser_than_policy]", "chmod 600 " + key, "LEADOS_STRIPE_API_KEY"}) {
    EXPECT_NE(r.out.find(want), std::string::npos) << want << " missing from:\n" << r.out;
  }
  EXPECT_EQ(r.out.find("sk_live_in_the_file"), std::string::npos) << "a secret is echoed";

  auto j = RunProcess(
      {LeadosBinary(), "audit", "--json", "--config", file, "--data", (dir_ / "var").string()});
  EXPECT_EQ(j.exit_code, 1) << j.err;
  EXPECT_NE(j.out.find("\"id\":\"admin.allow_ips.world\""), std::string::npos) << j.out;
  EXPECT_NE(j.out.find("\"severity\":\"error\""), std::string::npos) << j.out;

  // Fixed: TLS at a trusted local proxy, a narrow allow-list, a strong key in a 0600 file, the
  // Stripe secrets in the environment. Nothing left but nothing to fail on.
  auto strong = Write("strong.key", "3q2+7wQkVbH0mX9yLk1ZpC8aR2nTdE6uJfGs5oIhWcM=\n");
  fs::permissions(strong, fs::perms::owner_read | fs::perms::owner_write);
  auto good =
      Write("good.toml",
            "[server]\nlisten = \"127.0.0.1:8080\"\npublic_url = \"https://leads.example.com\"\n"
            "[admin]\nallow_ips = [\"203.0.113.7\"]\ntrusted_proxies = [\"127.0.0.1\"]\n"
            "[security]\nmaster_key_file = \"" +
                strong + "\"\n");
  fs::permissions(good, fs::perms::owner_read | fs::perms::owner_write);
  auto ok = RunProcess(
      {LeadosBinary(), "audit", "--config", good},
      {{"LEADOS_STRIPE_API_KEY", "sk_live_env"}, {"LEADOS_STRIPE_WEBHOOK_SECRET", "whsec_env"}});
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("No findings."), std::string::npos) << ok.out;
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
  EXPECT_EQ(doc.str(), r.out)
      << "regenerate with: build/debug/leados config docs > docs/configuration.md";
}

TEST_F(CliTest, AnomalyScanOnTheEmbeddedDefault) {
  auto data = (dir_ / "data").string();
  auto scan = RunProcess({LeadosBinary(), "anomalies", "scan", "--data", data});
  EXPECT_EQ(scan.exit_code, 0) << scan.err;
  EXPECT_EQ(scan.out, "anomaly scan: 0 new flags, 0 updated, 0 already dismissed\n");
  auto bad = Write("bad.toml", "[anomaly]\nburn_factor = 0.5\n");
  auto refused = RunProcess({LeadosBinary(), "anomalies", "scan", "--config", bad, "--data", data});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("anomaly.burn_factor"), std::string::npos) << refused.err;
}

TEST_F(CliTest, LedgerVerifyAdjustAndBalanceOnTheEmbeddedDefault) {
  auto data = (dir_ / "data").string();
  auto fresh = RunProcess({LeadosBinary(), "ledger", "verify", "--data", data});
  EXPECT_EQ(fresh.exit_code, 0) << fresh.err;
  EXPECT_NE(fresh.out.find("ledger clean: 0 accounts"), std::string::npos) << fresh.out;
  auto no_reason = RunProcess({LeadosBinary(), "ledger", "adjust", "acct_x", "5", "--data", data});
  EXPECT_NE(no_reason.exit_code, 0);
  EXPECT_NE(no_reason.err.find("reason"), std::string::npos) << no_reason.err;
  auto added = RunProcess({LeadosBinary(), "ledger", "adjust", "acct_x", "5", "--reason", "welcome",
                           "--key", "w1", "--data", data});
  EXPECT_EQ(added.exit_code, 0) << added.err;
  auto again = RunProcess({LeadosBinary(), "ledger", "adjust", "acct_x", "5", "--reason", "welcome",
                           "--key", "w1", "--data", data});
  EXPECT_NE(again.out.find("already done"), std::string::npos) << again.out;
  auto too_much = RunProcess(
      {LeadosBinary(), "ledger", "adjust", "acct_x", "-6", "--reason", "oops", "--data", data});
  EXPECT_EQ(too_much.exit_code, 1);
  EXPECT_NE(too_much.err.find("insufficient credits"), std::string::npos) << too_much.err;
  auto balance = RunProcess({LeadosBinary(), "ledger", "balance", "acct_x", "--data", data});
  EXPECT_EQ(balance.out, "5\n");
  auto verify = RunProcess({LeadosBinary(), "ledger", "verify", "--data", data});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_NE(verify.out.find("ledger clean: 1 accounts, 1 entries"), std::string::npos)
      << verify.out;
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
  BackgroundProcess serve(
      {LeadosBinary(), "serve", "--data", (dir_ / "data").string(), "--listen", "127.0.0.1:0"});
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
  auto missing =
      RunProcess({"/usr/bin/curl", "-sS", "-w", "\n%{http_code}",
                  url + "/v1/nope"});  // /v1/: the API answers; other paths may be the portal
  EXPECT_NE(missing.out.find("{\"error\":{\"code\":\"not_found\""), std::string::npos)
      << missing.out;
  EXPECT_NE(missing.out.find("\n404"), std::string::npos);

  serve.Signal(SIGTERM);
  auto r = serve.Wait(seconds(30));
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST_F(CliTest, ServePollsTheSourcesFileAndPublishesSignalsToTheQueue) {
  // This instance does not run the pipeline, so the signals stay in the queue for inspection.
  const std::string config = SignalsFileConfig("[pipeline]\nenabled = false\n");
  const std::string data = (dir_ / "data").string();
  BackgroundProcess serve(
      {LeadosBinary(), "serve", "--config", config, "--data", data, "--listen", "127.0.0.1:0"});
  const std::string url = ServeUrl(serve);
  ASSERT_FALSE(url.empty());
  const std::string want = "leados_ingest_signals_total{source=\"demo\",kind=\"jsonl\"} 3";
  const std::string metrics = WaitForMetric(url, want);
  EXPECT_NE(metrics.find(want), std::string::npos) << metrics;
  serve.Signal(SIGTERM);
  auto r = serve.Wait(seconds(30));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("\"event\":\"ingest.sources_synced\""), std::string::npos) << r.err;
  // The signals wait in the queue topic "signals" of the embedded store (not in leados.db).
  auto count = RunProcess({"/usr/bin/sqlite3", data + "/kv.db",
                           "SELECT COUNT(*) FROM queue_messages WHERE topic = 'signals'"});
  EXPECT_EQ(count.out, "3\n") << count.err;
}

TEST_F(CliTest, ServeRunsThePipelineOnTheQueuedSignals) {
  const std::string config = SignalsFileConfig();
  const std::string data = (dir_ / "data").string();
  BackgroundProcess serve(
      {LeadosBinary(), "serve", "--config", config, "--data", data, "--listen", "127.0.0.1:0"});
  const std::string url = ServeUrl(serve);
  ASSERT_FALSE(url.empty());
  // The pipeline workers take the 3 signals off the queue (no campaign yet: no lead).
  const std::string want = "leados_pipeline_signals_total 3";
  const std::string metrics = WaitForMetric(url, want);
  EXPECT_NE(metrics.find(want), std::string::npos) << metrics;
  // The lead API is served (and needs a session or a key).
  auto leads = RunProcess(
      {"/usr/bin/curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", url + "/v1/leads"});
  EXPECT_EQ(leads.out, "401");
  auto openapi = RunProcess({"/usr/bin/curl", "-sS", url + "/openapi.json"});
  for (const char* id :
       {"listLeads", "getLead", "ackLead", "exportLeadsCsv", "dismissLead", "setLeadFeedback"}) {
    EXPECT_NE(openapi.out.find(std::string("\"") + id + "\""), std::string::npos) << id;
  }
  serve.Signal(SIGTERM);
  auto r = serve.Wait(seconds(30));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto count = RunProcess({"/usr/bin/sqlite3", data + "/kv.db",
                           "SELECT COUNT(*) FROM queue_messages WHERE topic = 'signals'"});
  EXPECT_EQ(count.out, "0\n") << count.err;
  // The fingerprint key was made once, private to the user.
  EXPECT_EQ(std::filesystem::status(fs::path(data) / "fingerprint.key").permissions() &
                (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
            std::filesystem::perms::none);
}

TEST_F(CliTest, APipelineWorkerDrainsTheQueueThatServeFilled) {
  const std::string config = SignalsFileConfig("[pipeline]\nenabled = false\n");
  const std::string data = (dir_ / "data").string();
  {
    BackgroundProcess serve(
        {LeadosBinary(), "serve", "--config", config, "--data", data, "--listen", "127.0.0.1:0"});
    const std::string url = ServeUrl(serve);
    ASSERT_FALSE(url.empty());
    const std::string want = "leados_ingest_signals_total{source=\"demo\",kind=\"jsonl\"} 3";
    EXPECT_NE(WaitForMetric(url, want).find(want), std::string::npos);
    serve.Signal(SIGTERM);
    EXPECT_EQ(serve.Wait(seconds(30)).exit_code, 0);
  }
  // A separate process with only the pipeline role (no API) takes the 3 signals.
  BackgroundProcess worker(
      {LeadosBinary(), "worker", "--role", "pipeline", "--config", config, "--data", data});
  auto out = worker.WaitForOutput("LeadOS worker (pipeline) listening on ", seconds(60));
  ASSERT_FALSE(out.empty()) << worker.Wait(seconds(1)).err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(out, m, std::regex(R"(http://127\.0\.0\.1:(\d+))")));
  const std::string want = "leados_pipeline_signals_total 3";
  EXPECT_NE(WaitForMetric(m[0], want).find(want), std::string::npos);
  auto leads = RunProcess({"/usr/bin/curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
                           std::string(m[0]) + "/v1/leads"});
  EXPECT_EQ(leads.out, "404");  // a worker serves no API
  worker.Signal(SIGTERM);
  auto r = worker.Wait(seconds(30));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("\"event\":\"worker.stopped\""), std::string::npos) << r.err;

  auto bad = RunProcess({LeadosBinary(), "worker", "--role", "billing", "--data", data});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--role: unknown role 'billing' (use ingest, pipeline or deliver)"),
            std::string::npos)
      << bad.err;
}

TEST_F(CliTest, ServeRefusesAnInvalidSourcesFile) {
  const std::string sources =
      Write("sources.toml",
            "[[source]]\nname = \"x\"\nkind = \"feed\"\nsettings = { url = \"ftp://x\" }\n");
  const std::string config = Write("leados.toml", "[ingest]\nsources_file = \"" + sources + "\"\n");
  auto r = RunProcess({LeadosBinary(), "serve", "--config", config, "--data",
                       (dir_ / "data").string(), "--listen", "127.0.0.1:0"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("ingest.sources_file " + sources +
                       ": source 'x': settings.url: must be an absolute http:// or https:// URL"),
            std::string::npos)
      << r.err;
}

TEST_F(CliTest, AdminCreatePrintsTheEnrolmentUriOnce) {
  const std::string data = (dir_ / "data").string();
  auto create = [&](const std::string& password) {
    return RunProcess({"/bin/sh", "-c",
                       "printf '%s\n' '" + password + "' | " + LeadosBinary() +
                           " admin create --email ops@example.com --password-stdin --data " +
                           data});
  };
  auto made = create("a long admin passphrase");
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_NE(made.out.find("Created admin adm_"), std::string::npos) << made.out;
  EXPECT_NE(made.out.find("otpauth://totp/"), std::string::npos) << made.out;
  EXPECT_EQ(made.err.find("passphrase"), std::string::npos);  // never echoed or logged
  auto again = create("a long admin passphrase");
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("is an admin already"), std::string::npos) << again.err;
  auto weak =
      RunProcess({"/bin/sh", "-c",
                  "printf 'password1\n' | " + LeadosBinary() +
                      " admin create --email two@example.com --password-stdin --data " + data});
  EXPECT_EQ(weak.exit_code, 2) << weak.err;
}

TEST_F(CliTest, ServeSignsUpAndSendsTheVerificationEmailThroughTheOutbox) {
  const auto data = dir_ / "data";
  BackgroundProcess serve(
      {LeadosBinary(), "serve", "--data", data.string(), "--listen", "127.0.0.1:0"});
  auto out = serve.WaitForOutput("LeadOS listening on ", seconds(60));
  ASSERT_FALSE(out.empty()) << serve.Wait(seconds(1)).err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(out, m, std::regex(R"(http://127\.0\.0\.1:(\d+))")));
  const std::string url = m[0];
  const std::string body = R"({"name":"Ana","email":"ana@example.com","company_name":"Ana Ltd",)"
                           R"("billing_address":"1 Main St","password":"a long good passphrase",)"
                           R"("terms_version":"2026-11-01","privacy_version":"2026-11-01",)"
                           R"("confirm_business":true,"confirm_adult":true})";
  // Files leados creates are private to its user.
  EXPECT_EQ(std::filesystem::status(data / "leados.db").permissions() &
                (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
            std::filesystem::perms::none);
  auto signup = RunProcess({"/usr/bin/curl", "-sS", "-w", "\n%{http_code}", "-H",
                            "Content-Type: application/json", "-d", body, url + "/v1/signup"});
  EXPECT_NE(signup.out.find("\n202"), std::string::npos) << signup.out;
  // The file sender (the embedded default) writes the email into <data>/mail.
  std::string eml;
  for (int i = 0; i < 100 && eml.empty(); ++i) {
    if (std::filesystem::exists(data / "mail")) {
      for (const auto& f : std::filesystem::directory_iterator(data / "mail")) {
        if (f.path().extension() == ".eml") eml = f.path().string();
      }
    }
    if (eml.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_FALSE(eml.empty()) << "no email in " << (data / "mail");
  std::ifstream in(eml);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("/verify-email?token="), std::string::npos);
  // The API is documented with its operations.
  auto openapi = RunProcess({"/usr/bin/curl", "-sS", url + "/openapi.json"});
  for (const char* id : {"signup", "adminLogin", "createCampaign", "listAuditEvents"}) {
    EXPECT_NE(openapi.out.find(std::string("\"") + id + "\""), std::string::npos) << id;
  }
  serve.Signal(SIGTERM);
  EXPECT_EQ(serve.Wait(seconds(30)).exit_code, 0);
}

TEST_F(CliTest, ServeRefusesAnUnusableListenAddress) {
  auto r = RunProcess(
      {LeadosBinary(), "serve", "--data", (dir_ / "data").string(), "--listen", "nonsense"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--listen"), std::string::npos) << r.err;
}

TEST_F(CliTest, KeysStatusThenRotateOnTheEmbeddedDefault) {
  auto data = (dir_ / "data").string();
  auto status = RunProcess({LeadosBinary(), "keys", "status", "--data", data});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_EQ(status.out, "keys: 1\ncurrent key: 1\n");
  // No master key configured with the embedded database: one is generated into the data folder,
  // private to the owner, and the operator is told to set one for production.
  const fs::path key_file = fs::path(data) / "master.key";
  ASSERT_TRUE(fs::exists(key_file));
  EXPECT_EQ(fs::status(key_file).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_NE(status.err.find("security.master_key_file"), std::string::npos) << status.err;
  std::stringstream key_before;
  key_before << std::ifstream(key_file).rdbuf();

  auto rotate = RunProcess({LeadosBinary(), "keys", "rotate", "--data", data});
  ASSERT_EQ(rotate.exit_code, 0) << rotate.err;
  EXPECT_EQ(rotate.out,
            "rotated to key 2; re-encrypted 0 values (accounts.billing_address_enc 0, "
            "admins.totp_seed_enc 0, webhook_endpoints.secret_enc 0, "
            "webhook_endpoints.previous_secret_enc 0, privacy_requests.identifier_enc 0)\n");
  status = RunProcess({LeadosBinary(), "keys", "status", "--data", data});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_EQ(status.out, "keys: 1, 2\ncurrent key: 2\n");
  std::stringstream key_after;
  key_after << std::ifstream(key_file).rdbuf();
  EXPECT_EQ(key_before.str(), key_after.str());
}

TEST_F(CliTest, KeysRefuseAWrongOrMissingMasterKey) {
  auto data = (dir_ / "data").string();
  ASSERT_EQ(RunProcess({LeadosBinary(), "keys", "status", "--data", data}).exit_code, 0);
  // A configured key that is not the one the keyring was made with is refused, not replaced.
  auto other = Write("other.key", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
  auto wrong = RunProcess({LeadosBinary(), "keys", "rotate", "--data", data},
                          {{"LEADOS_SECURITY_MASTER_KEY_FILE", other}});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.err.find("cannot unwrap data key 1: the master key is not the one"),
            std::string::npos)
      << wrong.err;
  auto status = RunProcess({LeadosBinary(), "keys", "status", "--data", data});
  EXPECT_EQ(status.out, "keys: 1\ncurrent key: 1\n") << status.err;

  // PostgreSQL without a master key: refused before connecting, with how to make one.
  auto pg = RunProcess({LeadosBinary(), "keys", "status", "--data", data},
                       {{"LEADOS_DATABASE_URL", "postgresql://leados@127.0.0.1:1/leados"}});
  EXPECT_EQ(pg.exit_code, 1);
  EXPECT_NE(pg.err.find("security.master_key_file is not set"), std::string::npos) << pg.err;
  EXPECT_NE(pg.err.find("openssl rand -base64 32"), std::string::npos) << pg.err;
}

TEST_F(CliTest, KeysRewrapMovesTheKeyringToANewMasterKey) {
  auto data = (dir_ / "data").string();
  ASSERT_EQ(RunProcess({LeadosBinary(), "keys", "rotate", "--data", data}).exit_code, 0);
  auto fresh = Write("new.key", "ZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmY=\n");
  auto rewrap = RunProcess(
      {LeadosBinary(), "keys", "rewrap", "--data", data, "--new-master-key-file", fresh});
  ASSERT_EQ(rewrap.exit_code, 0) << rewrap.err;
  EXPECT_NE(rewrap.out.find("re-wrapped keys 1, 2 with the new master key"), std::string::npos)
      << rewrap.out;
  // The generated key no longer opens it; the new one does, with the same data keys.
  auto old_key = RunProcess({LeadosBinary(), "keys", "status", "--data", data});
  EXPECT_EQ(old_key.exit_code, 1);
  EXPECT_NE(old_key.err.find("cannot unwrap data key"), std::string::npos) << old_key.err;
  auto new_key = RunProcess({LeadosBinary(), "keys", "status", "--data", data},
                            {{"LEADOS_SECURITY_MASTER_KEY_FILE", fresh}});
  EXPECT_EQ(new_key.exit_code, 0) << new_key.err;
  EXPECT_EQ(new_key.out, "keys: 1, 2\ncurrent key: 2\n");
}

}  // namespace
}  // namespace leados::testing
