// The portal's billing pages with metered leads (issue 10: "credit balance with a low-credit
// banner", "usage charts"), in Debian's Chromium against a real `leados serve` with
// billing.metered = true, on each backend: a client with no credits gets three leads, which are
// held; tests/e2e/billing_metered.mjs sees the held-leads and low-credit banners on the
// dashboard, buys a pack through the Stripe stand-in (tests/e2e/stripe_standin.mjs) with the
// signed checkout.session.completed event, and sees the held leads released: the banners gone,
// three `lead` lines in the ledger and the usage chart drawn with them. The test then checks that
// the released leads reached the client's webhook. The embedded run writes
// docs/screenshots/billing-usage-desktop.png.
//
// (portal_browser_test keeps billing.metered off: there the leads of its inbox steps must not
// wait for credits; this test is the one where leads cost credits.)
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/json.h"
#include "installation.h"
#include "subprocess.h"
#include "webhook_receiver.h"

namespace leados::testing {
namespace {

namespace fs = std::filesystem;
using std::chrono::seconds;

constexpr const char* kStripeKey = "sk_test_metered_6Vw";
constexpr const char* kStripeWebhookSecret = "whsec_metered_2Lp9";
// The password SetUpClient (tests/app/installation.cc) signs up with.
constexpr const char* kClientPassword = "a long good passphrase for tests";

// A loopback port that was free a moment ago (the public URL must be known before serve starts).
int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

bool WaitUntil(const std::function<bool()>& done, seconds timeout) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return done();
}

std::string Trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

class BillingMeteredBrowserTest : public ::testing::TestWithParam<BackendKind> {};

}  // namespace

// The backend's name in test output (instead of "4-byte object <00-00 00-00>").
void PrintTo(BackendKind kind, std::ostream* os) {
  *os << (kind == BackendKind::kEmbedded ? "embedded" : "postgres_redis");
}

namespace {

TEST_P(BillingMeteredBrowserTest, HeldLeadsBannerThenAPurchaseReleasesThemIntoTheUsageChart) {
  const char* src = std::getenv("LEADOS_SOURCE_DIR");
  ASSERT_NE(src, nullptr) << "LEADOS_SOURCE_DIR must name the checkout";
  const fs::path source(src);
  ASSERT_TRUE(fs::exists(source / "web/dist/index.html"))
      << "the portal is not built: run make build-debug (or npm run build in web/)";
  ASSERT_TRUE(fs::exists("/usr/bin/chromium")) << "install chromium: scripts/install-deps.sh";
  ASSERT_TRUE(fs::exists(source / "tests/e2e/node_modules/playwright-core"))
      << "npm packages missing: run scripts/install-web-deps.sh";

  BackgroundProcess standin(
      {"/usr/bin/env", "node", (source / "tests/e2e/stripe_standin.mjs").string(), kStripeKey});
  const std::string standin_out = standin.WaitForOutput("PORT ", std::chrono::seconds(20));
  ASSERT_FALSE(standin_out.empty()) << "the Stripe stand-in did not start";
  int standin_port = 0;
  std::istringstream(standin_out.substr(standin_out.find("PORT ") + 5)) >> standin_port;
  ASSERT_GT(standin_port, 0);
  const std::string stripe_base = "http://127.0.0.1:" + std::to_string(standin_port);

  const std::string url = "http://127.0.0.1:" + std::to_string(FreePort());
  std::string skip;
  auto inst = Installation::Create(
      GetParam(),
      "server.listen = \"" + url.substr(7) + "\"\n" + "server.public_url = \"" + url + "\"\n" +
          "server.static_dir = \"" + (source / "web/dist").string() + "\"\n" +
          "scan.hn_search_url = \"\"\n" + "billing.metered = true\n" +
          "billing.release_interval_seconds = 1\n" + "deliver.allow_http_loopback = true\n" +
          "stripe.base_url = \"" + stripe_base + "\"\n" + "stripe.api_key = \"" + kStripeKey +
          "\"\n" + "stripe.webhook_secret = \"" + kStripeWebhookSecret + "\"\n" +
          "billing.packs = [\"starter:100:2000:usd\"]\n",
      skip);
  if (!inst) {
    if (!skip.empty()) GTEST_SKIP() << skip;
    FAIL() << "cannot make the installation";
  }
  WebhookReceiver receiver;
  BackgroundProcess serve(inst->Command({"serve"}));
  ASSERT_EQ(ServeUrl(serve), url);
  auto client = SetUpClient(url, *inst, "billingprobe", receiver.url(),
                            [&](const std::string& secret) { receiver.SetSecret(secret); });
  ASSERT_TRUE(client);
  const std::string email = Trimmed(inst->Query("SELECT email FROM users"));
  ASSERT_NE(email.find('@'), std::string::npos) << email;

  // Three matching posts; with no credits their leads are held.
  const auto signals_file = inst->dir() / "signals.jsonl";
  {
    std::ofstream out(signals_file);
    for (int i = 1; i <= 3; ++i) {
      core::json::object s{
          {"source", "hn"},
          {"source_id", "mb-" + std::to_string(i)},
          {"url", "https://news.ycombinator.com/item?id=7100" + std::to_string(i)},
          {"title", "Ask HN: which billingprobe tool do you use " + std::to_string(i)},
          {"body", "We are looking for a billingprobe vendor."},
          {"author", "metered_author_" + std::to_string(i)},
          {"author_url",
           "https://news.ycombinator.com/user?id=metered_author_" + std::to_string(i)},
          {"published", "2026-11-28T12:0" + std::to_string(i) + ":00Z"},
          {"language", "en"}};
      out << core::ToJson(s) << "\n";
    }
  }
  auto published = inst->Run({"signals", "publish", signals_file.string()});
  ASSERT_EQ(published.exit_code, 0) << published.err;
  ASSERT_TRUE(WaitUntil(
      [&] {
        return Trimmed(inst->Query(
                   "SELECT COUNT(*) FROM credit_reservations WHERE status = 'held'")) == "3";
      },
      seconds(60)))
      << inst->Query("SELECT lead_id, status FROM credit_reservations");
  EXPECT_EQ(receiver.DistinctLeads(), 0u);

  std::map<std::string, std::string> env = {{"PORTAL_URL", url},
                                            {"PORTAL_EMAIL", email},
                                            {"PORTAL_PASSWORD", kClientPassword},
                                            {"STRIPE_STANDIN_URL", stripe_base},
                                            {"STRIPE_WEBHOOK_SECRET", kStripeWebhookSecret}};
  if (GetParam() == BackendKind::kEmbedded) {
    env["SCREENSHOT_DIR"] = (source / "docs/screenshots").string();
  }
  auto run =
      RunProcess({"/usr/bin/env", "node", (source / "tests/e2e/billing_metered.mjs").string()}, env,
                 std::chrono::minutes(5));
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("every step passed"), std::string::npos) << run.err;

  // The released leads were charged and reached the client.
  EXPECT_TRUE(WaitUntil([&] { return receiver.DistinctLeads() == 3; }, seconds(30)))
      << receiver.DistinctLeads();
  EXPECT_EQ(Trimmed(inst->Query("SELECT balance FROM credit_balances")), "97");

  serve.Signal(SIGTERM);
  auto stopped = serve.Wait(std::chrono::seconds(60));
  EXPECT_EQ(stopped.exit_code, 0) << stopped.err;
}

INSTANTIATE_TEST_SUITE_P(Backends, BillingMeteredBrowserTest,
                         ::testing::Values(BackendKind::kEmbedded, BackendKind::kPostgresRedis),
                         [](const auto& info) {
                           return info.param == BackendKind::kEmbedded ? "embedded"
                                                                       : "postgres_redis";
                         });

}  // namespace
}  // namespace leados::testing
