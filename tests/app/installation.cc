#include "installation.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <thread>

#include "core/json.h"

namespace leados::testing {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::seconds;

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// "abc123…": random lowercase hex, for names no parallel test uses.
std::string RandomHex(size_t n) {
  static std::mt19937_64 rng(std::random_device{}());
  static const char* kHex = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n; ++i) s += kHex[rng() % 16];
  return s;
}

// The newest PostgreSQL client/server tools folder, as scripts/test-services.sh finds it.
std::string PgBin() {
  std::vector<fs::path> dirs;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    if (fs::exists(e.path() / "bin" / "pg_dump")) dirs.push_back(e.path() / "bin");
  }
  if (dirs.empty()) return "";
  std::sort(dirs.begin(), dirs.end(), [](const fs::path& a, const fs::path& b) {
    return std::stoi(a.parent_path().filename().string()) <
           std::stoi(b.parent_path().filename().string());
  });
  return dirs.back().string();
}

// "key=value key=value" (LEADOS_TEST_PG_URL) → the value of `key`, or "".
std::string ConninfoValue(const std::string& conninfo, const std::string& key) {
  std::smatch m;
  if (std::regex_search(conninfo, m, std::regex("(^|\\s)" + key + "=(\\S+)"))) return m[2];
  return "";
}

std::string JsonString(const std::string& body, const std::string& key) {
  auto o = core::ParseJsonObject(body);
  if (!o) return "";
  return core::StringOr(*o, key);
}

}  // namespace

HttpReply Curl(const std::string& method, const std::string& url, const std::string& body,
               const std::vector<std::string>& headers) {
  std::vector<std::string> argv = {"/usr/bin/curl", "-sS", "-i", "-X", method, url};
  for (const auto& h : headers) {
    argv.push_back("-H");
    argv.push_back(h);
  }
  if (!body.empty()) {
    argv.insert(argv.end(), {"-H", "Content-Type: application/json", "--data-binary", body});
  }
  auto r = RunProcess(argv, {}, seconds(60));
  HttpReply reply;
  if (r.exit_code != 0) {
    reply.body = r.err;
    return reply;
  }
  const auto split = r.out.find("\r\n\r\n");
  reply.headers = r.out.substr(0, split);
  reply.body = split == std::string::npos ? "" : r.out.substr(split + 4);
  std::smatch m;
  if (std::regex_search(reply.headers, m, std::regex(R"(^HTTP/\S+ (\d{3}))"))) {
    reply.status = std::stoi(m[1]);
  }
  return reply;
}

std::unique_ptr<Installation> Installation::Create(BackendKind kind, const std::string& extra_toml,
                                                   std::string& skip_reason) {
  std::unique_ptr<Installation> inst(new Installation());
  inst->kind_ = kind;
  inst->dir_ = fs::temp_directory_path() /
               ("leados-proc-" + std::to_string(::getpid()) + "-" + RandomHex(8));
  fs::create_directories(inst->dir_ / "data");
  // Dotted keys at the root, so `extra_toml` may add keys of any section the same way.
  std::string toml = "log.level = \"warn\"\n";
  if (kind == BackendKind::kPostgresRedis) {
    const char* pg = std::getenv("LEADOS_TEST_PG_URL");
    const char* redis = std::getenv("LEADOS_TEST_REDIS_URL");
    if (pg == nullptr || redis == nullptr || *pg == '\0' || *redis == '\0') {
      skip_reason =
          "LEADOS_TEST_PG_URL / LEADOS_TEST_REDIS_URL are not set: run under "
          "scripts/test-services.sh (make test does) for the PostgreSQL + Redis run";
      return nullptr;
    }
    inst->pg_host_ = ConninfoValue(pg, "host");
    inst->pg_port_ = ConninfoValue(pg, "port");
    inst->pg_user_ = ConninfoValue(pg, "user");
    inst->pg_database_ = "leados_proc_" + std::to_string(::getpid()) + "_" + RandomHex(8);
    const std::string bin = PgBin();
    if (bin.empty()) {
      ADD_FAILURE() << "PostgreSQL tools not found under /usr/lib/postgresql/*/bin";
      return nullptr;
    }
    auto made = RunProcess({bin + "/psql", "-h", inst->pg_host_, "-p", inst->pg_port_, "-U",
                            inst->pg_user_, "-d", "postgres", "-qAt", "-c",
                            "CREATE DATABASE " + inst->pg_database_});
    if (made.exit_code != 0) {
      ADD_FAILURE() << "CREATE DATABASE failed: " << made.err;
      inst->pg_database_.clear();
      return nullptr;
    }
    // 32 random bytes, base64: the master key PostgreSQL installations must configure.
    std::string key_b64;
    {
      static const char* kB64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
      std::mt19937 rng(std::random_device{}());
      for (int i = 0; i < 42; ++i) key_b64 += kB64[rng() % 64];
      key_b64 += "A=";  // 43 characters + '=' decode to 32 bytes; the last one keeps 0 low bits
    }
    const fs::path key_file = inst->dir_ / "master.key";
    std::ofstream(key_file) << key_b64 << "\n";
    fs::permissions(key_file, fs::perms::owner_read | fs::perms::owner_write);
    toml += "database.url = \"postgresql://" + inst->pg_user_ + "@" + inst->pg_host_ + ":" +
            inst->pg_port_ + "/" + inst->pg_database_ + "\"\n";
    toml += "kv.url = \"" + std::string(redis) + "\"\n";
    toml += "kv.prefix = \"leados_test_" + RandomHex(12) + ":\"\n";
    toml += "security.master_key_file = \"" + key_file.string() + "\"\n";
    toml += "pipeline.fingerprint_secret = \"process-test-fingerprint-secret-" + RandomHex(16) +
            "\"\n";
  }
  // Leads are free in process tests unless the test meters them (billing.metered is true by
  // default; billing_flow_test and the Stripe tests say so themselves).
  if (extra_toml.find("billing.metered") == std::string::npos) toml += "billing.metered = false\n";
  toml += extra_toml;
  inst->config_file_ = (inst->dir_ / "leados.toml").string();
  std::ofstream(inst->config_file_) << toml;
  return inst;
}

std::string Installation::DatabaseUrl() const {
  if (kind_ == BackendKind::kEmbedded) return "sqlite:" + (data_dir() / "leados.db").string();
  return "postgresql://" + pg_user_ + "@" + pg_host_ + ":" + pg_port_ + "/" + pg_database_;
}

Installation::~Installation() {
  if (!pg_database_.empty()) {
    RunProcess({PgBin() + "/psql", "-h", pg_host_, "-p", pg_port_, "-U", pg_user_, "-d",
                "postgres", "-qAt", "-c", "DROP DATABASE IF EXISTS " + pg_database_ + " WITH (FORCE)"});
  }
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::vector<std::string> Installation::Command(const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {LeadosBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.insert(argv.end(), {"--config", config_file_, "--data", data_dir().string()});
  return argv;
}

ProcessResult Installation::Run(const std::vector<std::string>& args,
                                std::chrono::milliseconds timeout) const {
  return RunProcess(Command(args), {}, timeout);
}

std::string Installation::Query(const std::string& sql) const {
  ProcessResult r;
  if (kind_ == BackendKind::kEmbedded) {
    r = RunProcess({"/usr/bin/sqlite3", (data_dir() / "leados.db").string(), sql});
  } else {
    r = RunProcess({PgBin() + "/psql", "-h", pg_host_, "-p", pg_port_, "-U", pg_user_, "-d",
                    pg_database_, "-qAt", "-c", sql});
  }
  EXPECT_EQ(r.exit_code, 0) << sql << ": " << r.err;
  return r.out;
}

std::string Installation::SqlDump() const {
  ProcessResult r;
  if (kind_ == BackendKind::kEmbedded) {
    r = RunProcess({"/usr/bin/sqlite3", (data_dir() / "leados.db").string(), ".dump"}, {},
                   seconds(120));
  } else {
    r = RunProcess({PgBin() + "/pg_dump", "-h", pg_host_, "-p", pg_port_, "-U", pg_user_, "-d",
                    pg_database_},
                   {}, seconds(120));
  }
  EXPECT_EQ(r.exit_code, 0) << "SQL dump failed: " << r.err;
  EXPECT_FALSE(r.out.empty());
  return r.out;
}

std::string ServeUrl(BackgroundProcess& serve) {
  auto out = serve.WaitForOutput("LeadOS listening on ", seconds(90));
  if (out.empty()) {
    ADD_FAILURE() << "leados serve did not start: " << serve.Wait(seconds(1)).err;
    return "";
  }
  std::smatch m;
  if (!std::regex_search(out, m, std::regex(R"(http://127\.0\.0\.1:(\d+))"))) {
    ADD_FAILURE() << "no URL in: " << out;
    return "";
  }
  return m[0];
}

std::optional<Client> SetUpClient(const std::string& base_url, const Installation& inst,
                                  const std::string& query, const std::string& hook_url,
                                  const std::function<void(const std::string&)>& on_secret) {
  const std::string email = "ops-" + RandomHex(6) + "@example.com";
  const std::string password = "a long good passphrase for tests";
  auto signup =
      Curl("POST", base_url + "/v1/signup",
           R"({"name":"Process Test","email":")" + email +
               R"(","company_name":"Process Test Ltd","billing_address":"1 Main St",)"
               R"("password":")" + password +
               R"(","terms_version":"2026-11-01","privacy_version":"2026-11-01",)"
               R"("confirm_business":true,"confirm_adult":true})");
  if (signup.status != 202) {
    ADD_FAILURE() << "signup: " << signup.status << " " << signup.body;
    return std::nullopt;
  }
  // The file sender writes the verification email into <data>/mail (quoted-printable body).
  std::string token;
  const fs::path mail = inst.data_dir() / "mail";
  for (int i = 0; i < 600 && token.empty(); ++i) {
    std::error_code ec;
    for (const auto& f : fs::directory_iterator(mail, ec)) {
      if (f.path().extension() != ".eml") continue;
      std::string text = ReadFile(f.path());
      text = std::regex_replace(text, std::regex("=\r?\n"), "");
      text = std::regex_replace(text, std::regex("=3D"), "=");
      // Only this client's email: an installation may sign up several clients.
      if (text.find(email) == std::string::npos) continue;
      std::smatch m;
      if (std::regex_search(text, m, std::regex(R"(verify-email\?token=([A-Za-z0-9_\-]+))"))) {
        token = m[1];
      }
    }
    if (token.empty()) std::this_thread::sleep_for(milliseconds(100));
  }
  if (token.empty()) {
    ADD_FAILURE() << "no verification email in " << mail;
    return std::nullopt;
  }
  auto verified =
      Curl("POST", base_url + "/v1/verify-email", R"({"token":")" + token + R"("})");
  if (verified.status != 200) {
    ADD_FAILURE() << "verify-email: " << verified.status << " " << verified.body;
    return std::nullopt;
  }
  auto login = Curl("POST", base_url + "/v1/login",
                    R"({"email":")" + email + R"(","password":")" + password + R"("})");
  std::smatch cookie;
  if (login.status != 200 ||
      !std::regex_search(login.headers, cookie,
                         std::regex(R"(Set-Cookie: (__Host-leados_session=[^;\r\n]+))",
                                    std::regex::icase))) {
    ADD_FAILURE() << "login: " << login.status << " " << login.headers << login.body;
    return std::nullopt;
  }
  const std::string csrf = JsonString(login.body, "csrf_token");
  auto key = Curl("POST", base_url + "/v1/api-keys",
                  R"({"name":"process test","scopes":["leads:read","campaigns:write",)"
                  R"("webhooks:write"]})",
                  {"Cookie: " + std::string(cookie[1]), "X-CSRF-Token: " + csrf});
  Client client;
  client.api_key = JsonString(key.body, "secret");
  if (key.status != 201 || client.api_key.empty()) {
    ADD_FAILURE() << "create API key: " << key.status << " " << key.body;
    return std::nullopt;
  }
  const std::string bearer = "Authorization: Bearer " + client.api_key;
  auto endpoint = Curl("POST", base_url + "/v1/webhook-endpoints",
                       R"({"url":")" + hook_url + R"(","event_types":["lead.created"]})", {bearer});
  client.endpoint_id = JsonString(endpoint.body, "id");
  client.webhook_secret = JsonString(endpoint.body, "secret");
  if (endpoint.status != 201 || client.webhook_secret.empty()) {
    ADD_FAILURE() << "create webhook endpoint: " << endpoint.status << " " << endpoint.body;
    return std::nullopt;
  }
  on_secret(client.webhook_secret);
  core::json::object campaign{{"name", "Process test campaign"},
                              {"query", query},
                              {"min_score", 0},
                              {"channels", core::json::array{"webhook", "api"}},
                              {"status", "active"}};
  auto made = Curl("POST", base_url + "/v1/campaigns", core::ToJson(campaign), {bearer});
  client.campaign_id = JsonString(made.body, "id");
  if (made.status != 201 || client.campaign_id.empty()) {
    ADD_FAILURE() << "create campaign: " << made.status << " " << made.body;
    return std::nullopt;
  }
  return client;
}

double WaitForMetricAtLeast(const std::string& url, const std::string& metric, double at_least,
                            std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  double value = -1;
  while (true) {
    const std::string text = RunProcess({"/usr/bin/curl", "-sS", url + "/metrics"}).out;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
      if (line.rfind(metric + " ", 0) == 0) value = std::stod(line.substr(metric.size() + 1));
    }
    if (value >= at_least || std::chrono::steady_clock::now() > deadline) return value;
    std::this_thread::sleep_for(milliseconds(200));
  }
}

}  // namespace leados::testing
