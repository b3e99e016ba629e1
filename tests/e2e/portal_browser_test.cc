// The client portal in Debian's Chromium against a real `leados serve` (issue 10, "what must be
// shown"), on each backend: this test makes the installation (tests/app/installation.h), starts
// serve with the built portal (server.static_dir = web/dist), and runs
// tests/e2e/portal_browser.mjs (playwright-core), which signs up, verifies the email from the file
// sender, creates a campaign (parse error first, then a supply scan), sees leads from signals
// replayed with `leados signals publish`, adds a webhook and sees its deliveries, and creates and
// revokes an API key, buys credits (tests/e2e/billing_steps.mjs: Stripe Checkout through the
// Node.js stand-in tests/e2e/stripe_standin.mjs, the signed checkout.session.completed event, the
// invoice PDF downloaded), and resets a forgotten password. The embedded run writes the
// screenshots to docs/screenshots/.
// Then tests/e2e/admin_steps.mjs walks the admin console (an admin made with `leados admin create
// --password-stdin`, TOTP codes from oathtool, the allow-list with a trusted proxy).
//
// Needs: web/dist (make build-debug builds it), /usr/bin/chromium (scripts/install-deps.sh),
// tests/e2e/node_modules (scripts/install-web-deps.sh). A missing one fails with what to run.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "core/json.h"
#include "installation.h"
#include "subprocess.h"

namespace leados::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kAdminEmail = "root@ops.example";
constexpr const char* kAdminPassword = "a long admin passphrase for the console";
// The admin console (admin_steps.mjs): the browser on 127.0.0.1 is allow-listed; a context sending
// X-Forwarded-For: 203.0.113.9 through the trusted "proxy" 127.0.0.1 is a client from elsewhere.
constexpr const char* kAdminToml =
    "admin.allow_ips = [\"127.0.0.1/32\"]\n"
    "admin.trusted_proxies = [\"127.0.0.1/32\"]\n";

// A loopback port that was free a moment ago: the public URL (the CSRF origin and the emailed
// links) must be known before serve starts, so port 0 will not do.
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

// The Stripe stand-in's key and webhook signing secret (test values, not secrets).
constexpr const char* kStripeKey = "sk_test_portal_3Rb";
constexpr const char* kStripeWebhookSecret = "whsec_portal_8Tq1";

class PortalBrowserTest : public ::testing::TestWithParam<BackendKind> {};

}  // namespace

// The backend's name in test output (instead of "4-byte object <00-00 00-00>").
void PrintTo(BackendKind kind, std::ostream* os) {
  *os << (kind == BackendKind::kEmbedded ? "embedded" : "postgres_redis");
}

namespace {

TEST_P(PortalBrowserTest, ANewClientDoesEverythingThroughThePortal) {
  const char* src = std::getenv("LEADOS_SOURCE_DIR");
  ASSERT_NE(src, nullptr) << "LEADOS_SOURCE_DIR must name the checkout";
  const fs::path source(src);
  ASSERT_TRUE(fs::exists(source / "web/dist/index.html"))
      << "the portal is not built: run make build-debug (or npm run build in web/)";
  ASSERT_TRUE(fs::exists("/usr/bin/chromium")) << "install chromium: scripts/install-deps.sh";
  ASSERT_TRUE(fs::exists(source / "tests/e2e/node_modules/playwright-core"))
      << "npm packages missing: run scripts/install-web-deps.sh";

  // Stripe: leados serve calls the stand-in; billing_steps.mjs lands on its Checkout page and
  // asks it for the signed checkout.session.completed event.
  BackgroundProcess standin(
      {"/usr/bin/env", "node", (source / "tests/e2e/stripe_standin.mjs").string(), kStripeKey});
  const std::string standin_out = standin.WaitForOutput("PORT ", std::chrono::seconds(20));
  ASSERT_FALSE(standin_out.empty()) << "the Stripe stand-in did not start";
  int standin_port = 0;
  std::istringstream(standin_out.substr(standin_out.find("PORT ") + 5)) >> standin_port;
  ASSERT_GT(standin_port, 0);
  const std::string stripe_base = "http://127.0.0.1:" + std::to_string(standin_port);

  const std::string url = "http://127.0.0.1:" + std::to_string(FreePort());
  const std::string toml = "server.listen = \"" + url.substr(7) + "\"\n" +
                           "server.public_url = \"" + url + "\"\n" + "server.static_dir = \"" +
                           (source / "web/dist").string() + "\"\n" +
                           // hermetic: supply scans read the local recent-signal window only
                           "scan.hn_search_url = \"\"\n" + "stripe.base_url = \"" + stripe_base +
                           "\"\n" + "stripe.api_key = \"" + kStripeKey + "\"\n" +
                           "stripe.webhook_secret = \"" + kStripeWebhookSecret + "\"\n" +
                           "billing.packs = [\"starter:100:2000:usd\", \"team:1000:15000:eur\"]\n" +
                           // A scripted browser clicks far faster than a person: roomier
                           // per-address limits (every request is still counted, issue 9).
                           "ratelimit.ip_per_second = 50\n" + "ratelimit.ip_burst = 500\n";
  std::string skip;
  auto inst = Installation::Create(GetParam(), toml + kAdminToml, skip);
  if (!inst) {
    if (!skip.empty()) GTEST_SKIP() << skip;
    FAIL() << "cannot make the installation";
  }
  // Webhooks to the test's receiver on 127.0.0.1 (refused as SSRF otherwise).
  BackgroundProcess serve(inst->Command({"serve"}),
                          {{"LEADOS_DELIVER_ALLOW_HTTP_LOOPBACK", "true"}});
  ASSERT_EQ(ServeUrl(serve), url);

  // The wiring in leados serve: the portal at a deep link, with the CSP; API paths stay JSON.
  auto deep = Curl("GET", url + "/campaigns/new");
  EXPECT_EQ(deep.status, 200);
  EXPECT_THAT(deep.body, HasSubstr("<div id=\"root\">"));
  EXPECT_THAT(deep.headers, HasSubstr("Content-Security-Policy: default-src 'none'; script-src "
                                      "'self'; style-src 'self';"));
  auto api = Curl("GET", url + "/v1/no-such-thing");
  EXPECT_EQ(api.status, 404);
  EXPECT_THAT(api.body, HasSubstr("\"not_found\""));
  EXPECT_THAT(api.headers, HasSubstr("X-Content-Type-Options: nosniff"));

  // An admin made with the CLI (password on stdin); its TOTP secret from the enrolment URI.
  std::string admin_cmd = "printf '%s\\n' '" + std::string(kAdminPassword) + "' |";
  for (const auto& a :
       inst->Command({"admin", "create", "--email", kAdminEmail, "--password-stdin"})) {
    admin_cmd += " '" + a + "'";
  }
  auto admin = RunProcess({"/bin/sh", "-c", admin_cmd});
  ASSERT_EQ(admin.exit_code, 0) << admin.out << admin.err;
  const size_t secret_at = admin.out.find("secret=");
  ASSERT_NE(secret_at, std::string::npos) << admin.out;
  const std::string totp_secret =
      admin.out.substr(secret_at + 7, admin.out.find_first_of("&\n", secret_at) - secret_at - 7);
  // The console's deep links answer the SPA for allow-listed clients; its API stays JSON; from
  // elsewhere every /admin path is a 404.
  auto admin_deep = Curl("GET", url + "/admin/accounts/acct_x");
  EXPECT_EQ(admin_deep.status, 200);
  EXPECT_THAT(admin_deep.body, HasSubstr("<div id=\"root\">"));
  auto admin_api = Curl("GET", url + "/admin/api/no-such-thing");
  EXPECT_EQ(admin_api.status, 404);
  EXPECT_THAT(admin_api.body, HasSubstr("\"not_found\""));
  auto admin_hidden = Curl("GET", url + "/admin/accounts", "", {"X-Forwarded-For: 203.0.113.9"});
  EXPECT_EQ(admin_hidden.status, 404);
  EXPECT_THAT(admin_hidden.body, Not(HasSubstr("<div id=\"root\">")));

  core::json::array publish;
  for (const auto& a : inst->Command({"signals", "publish"})) publish.emplace_back(a);
  // `leados anomalies scan` of this installation (oversight_steps.mjs).
  core::json::array scan;
  for (const auto& a : inst->Command({"anomalies", "scan"})) scan.emplace_back(a);
  std::map<std::string, std::string> env = {
      {"PORTAL_URL", url},
      {"MAIL_DIR", (inst->data_dir() / "mail").string()},
      {"PUBLISH_ARGV", core::ToJson(publish)},
      {"SCAN_ARGV", core::ToJson(scan)},
      {"SIGNALS_FILE", (source / "data/demo/signals.jsonl").string()},
      {"LEADOS_DELIVER_ALLOW_HTTP_LOOPBACK", "true"},
      {"STRIPE_STANDIN_URL", stripe_base},
      {"STRIPE_WEBHOOK_SECRET", kStripeWebhookSecret},
      {"ADMIN_EMAIL", kAdminEmail},
      {"ADMIN_PASSWORD", kAdminPassword},
      {"ADMIN_TOTP_SECRET", totp_secret}};
  if (GetParam() == BackendKind::kEmbedded) {
    env["SCREENSHOT_DIR"] = (source / "docs/screenshots").string();
  }
  auto run =
      RunProcess({"/usr/bin/env", "node", (source / "tests/e2e/portal_browser.mjs").string()}, env,
                 std::chrono::minutes(8));
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_THAT(run.out, HasSubstr("every step passed")) << run.err;

  serve.Signal(SIGTERM);
  auto stopped = serve.Wait(std::chrono::seconds(60));
  EXPECT_EQ(stopped.exit_code, 0) << stopped.err;
}

INSTANTIATE_TEST_SUITE_P(Backends, PortalBrowserTest,
                         ::testing::Values(BackendKind::kEmbedded, BackendKind::kPostgresRedis),
                         [](const auto& info) {
                           return info.param == BackendKind::kEmbedded ? "embedded"
                                                                       : "postgres_redis";
                         });

}  // namespace
}  // namespace leados::testing
