// The `make run` demo as a process-level test: `leados demo setup` makes the demo account,
// campaign and webhook endpoint; `leados demo receiver` verifies what arrives; `leados serve`
// reads the bundled demo signals (data/demo/signals.jsonl) as a jsonl source — and the leads come
// out both at the receiver (signed webhooks) and in the lead API.

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <regex>
#include <sstream>
#include <thread>

#include "subprocess.h"

namespace leados::testing {
namespace {

namespace fs = std::filesystem;
using std::chrono::seconds;

// A loopback port that was free a moment ago (the receiver's URL must be known before it starts).
int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// KEY=VALUE lines (what `leados demo setup` prints).
std::map<std::string, std::string> ParseSetup(const std::string& out) {
  std::map<std::string, std::string> kv;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    const auto eq = line.find('=');
    if (eq != std::string::npos) kv[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return kv;
}

size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

class DemoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("leados-demo-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    const char* src = std::getenv("LEADOS_SOURCE_DIR");
    ASSERT_NE(src, nullptr) << "LEADOS_SOURCE_DIR must name the checkout";
    signals_ = (fs::path(src) / "data/demo/signals.jsonl").string();
    env_ = {{"LEADOS_DELIVER_ALLOW_HTTP_LOOPBACK", "true"}, {"LEADOS_LOG_LEVEL", "warn"}};
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::map<std::string, std::string> Setup(const std::string& receiver_url) {
    auto r = RunProcess({LeadosBinary(), "demo", "setup", "--data", data(), "--receiver-url",
                         receiver_url, "--signals", signals_},
                        env_, seconds(120));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return ParseSetup(r.out);
  }
  std::string data() const { return (dir_ / "data").string(); }

  fs::path dir_;
  std::string signals_;
  std::map<std::string, std::string> env_;
};

TEST_F(DemoTest, TheBundledSignalsBecomeLeadsAtTheReceiverAndInTheApi) {
  const int port = FreePort();
  const std::string receiver_url = "http://127.0.0.1:" + std::to_string(port) + "/webhook";
  auto first = Setup(receiver_url);
  ASSERT_TRUE(first.contains("DEMO_API_KEY")) << "setup printed no API key";
  EXPECT_EQ(first["DEMO_EMAIL"], "demo@example.com");
  EXPECT_FALSE(first["DEMO_PASSWORD"].empty()) << "a new account's password is shown once";
  EXPECT_TRUE(first["DEMO_WEBHOOK_SECRET"].starts_with("whsec_"));
  EXPECT_EQ(first["DEMO_CREDITS"], "1000") << "the demo account's one-time grant";

  // A second run finds the same account: no password, a new key, the old key revoked.
  auto second = Setup(receiver_url);
  EXPECT_FALSE(second.contains("DEMO_PASSWORD"));
  ASSERT_TRUE(second.contains("DEMO_API_KEY"));
  EXPECT_NE(second["DEMO_API_KEY"], first["DEMO_API_KEY"]);
  const std::string key = second["DEMO_API_KEY"];
  EXPECT_EQ(second["DEMO_CREDITS"], "1000") << "the grant is made once";

  auto receiver_env = env_;
  receiver_env["LEADOS_DEMO_WEBHOOK_SECRET"] = second["DEMO_WEBHOOK_SECRET"];
  BackgroundProcess receiver(
      {LeadosBinary(), "demo", "receiver", "--listen", "127.0.0.1:" + std::to_string(port)},
      receiver_env);
  ASSERT_FALSE(receiver.WaitForOutput("listening on port", seconds(30)).empty());

  auto serve_env = env_;
  serve_env["LEADOS_INGEST_SOURCES_FILE"] = second["DEMO_SOURCES_FILE"];
  BackgroundProcess serve(
      {LeadosBinary(), "serve", "--data", data(), "--listen", "127.0.0.1:0"}, serve_env);
  const std::string started = serve.WaitForOutput("LeadOS listening on ", seconds(60));
  std::smatch m;
  ASSERT_TRUE(std::regex_search(started, m, std::regex(R"(http://127\.0\.0\.1:\d+)")))
      << serve.Wait(seconds(1)).err;
  const std::string url = m[0];

  // The demo campaign matches the posts about choosing or leaving a CRM (written to match) and
  // not the noise; every lead reaches the receiver with a verified signature. Polled until the
  // leads in the API and the deliveries at the receiver agree and stop changing.
  auto leads_in_api = [&] {
    return RunProcess({"/usr/bin/curl", "-sS", "-H", "Authorization: Bearer " + key,
                       url + "/v1/leads?limit=100"})
        .out;
  };
  std::string seen;
  std::string leads;
  size_t stable_rounds = 0;
  for (int i = 0; i < 240 && stable_rounds < 6; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    const size_t before = Count(seen, "VERIFIED ");
    seen = receiver.WaitForOutput("VERIFIED", std::chrono::milliseconds(1));
    leads = leads_in_api();
    const size_t delivered = Count(seen, "VERIFIED ");
    const bool agree = delivered >= 8 && delivered == Count(leads, "\"id\":\"ld_") &&
                       leads.find("\"webhook\":\"pending\"") == std::string::npos;
    stable_rounds = agree && delivered == before ? stable_rounds + 1 : 0;
  }
  const size_t delivered = Count(seen, "VERIFIED ");
  EXPECT_GE(delivered, 8u) << seen;
  EXPECT_EQ(Count(leads, "\"id\":\"ld_"), delivered) << leads;
  EXPECT_EQ(Count(seen, "REFUSED"), 0u) << seen;
  EXPECT_NE(seen.find("lead.created ld_"), std::string::npos) << seen;
  // Noise stays out: the podcast question and the backend job are not leads.
  EXPECT_EQ(leads.find("demo-t3-a4"), std::string::npos);
  EXPECT_EQ(leads.find("demo-gh-2004"), std::string::npos);
  // Leads are metered by default: each delivered lead cost one credit (billing.price.default).
  auto balance = RunProcess({"/usr/bin/curl", "-sS", "-H", "Authorization: Bearer " + key,
                             url + "/v1/balance"});
  EXPECT_NE(balance.out.find("\"balance\":" + std::to_string(1000 - delivered)),
            std::string::npos)
      << balance.out << " after " << delivered << " leads";
  auto old_key = RunProcess({"/usr/bin/curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-H",
                             "Authorization: Bearer " + first["DEMO_API_KEY"], url + "/v1/leads"});
  EXPECT_EQ(old_key.out, "401") << "the previous demo key is revoked";

  serve.Signal(SIGTERM);
  EXPECT_EQ(serve.Wait(seconds(30)).exit_code, 0);
  receiver.Signal(SIGTERM);
  auto r = receiver.Wait(seconds(30));
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST_F(DemoTest, TheReceiverRefusesToStartWithoutASecret) {
  auto r = RunProcess({LeadosBinary(), "demo", "receiver", "--listen", "127.0.0.1:0"}, env_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("LEADOS_DEMO_WEBHOOK_SECRET"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace leados::testing
