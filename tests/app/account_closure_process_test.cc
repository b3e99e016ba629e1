// Issue 9, "what must be shown" for closure, through the real binary on each backend: a client
// signs up (SetUpClient), buys credits (`leados ledger adjust`), closes the account through the
// API; sign-in then answers 403 account_closed; 30 days later (closed_at moved back 30 days and
// one second) `leados retention run` purges it: the SQL dump (sqlite3 .dump / pg_dump) holds none
// of the account's personal fields, and `leados ledger verify` is clean with its ledger kept.
#include <gtest/gtest.h>

#include <csignal>
#include <regex>

#include "installation.h"

namespace leados::testing {
namespace {

using std::chrono::seconds;

class AccountClosureProcess : public ::testing::TestWithParam<BackendKind> {};

TEST_P(AccountClosureProcess, AfterTheGracePeriodTheDumpHoldsNoPersonalFieldAndTheLedgerVerifies) {
  std::string skip;
  auto inst = Installation::Create(
      GetParam(), "server.access_log = false\ndeliver.allow_http_loopback = true\n", skip);
  if (!inst) GTEST_SKIP() << skip;
  BackgroundProcess serve(inst->Command({"serve", "--listen", "127.0.0.1:0"}));
  const std::string url = ServeUrl(serve);
  ASSERT_FALSE(url.empty());
  auto client =
      SetUpClient(url, *inst, "crm", "http://127.0.0.1:9/hook", [](const std::string&) {});
  ASSERT_TRUE(client);
  std::string email = inst->Query("SELECT email FROM users");
  while (!email.empty() && (email.back() == '\n' || email.back() == '\r')) email.pop_back();
  ASSERT_TRUE(email.starts_with("ops-")) << email;
  const std::string password = "a long good passphrase for tests";  // SetUpClient's
  std::string account = inst->Query("SELECT id FROM accounts");
  while (!account.empty() && (account.back() == '\n' || account.back() == '\r')) account.pop_back();
  auto adjusted = inst->Run({"ledger", "adjust", account, "100", "--reason", "test credits"});
  ASSERT_EQ(adjusted.exit_code, 0) << adjusted.err;

  auto login = Curl("POST", url + "/v1/login",
                    R"({"email":")" + email + R"(","password":")" + password + R"("})");
  ASSERT_EQ(login.status, 200) << login.body;
  std::smatch cookie, csrf;
  ASSERT_TRUE(std::regex_search(
      login.headers, cookie,
      std::regex(R"(Set-Cookie: (__Host-leados_session=[^;\r\n]+))", std::regex::icase)));
  ASSERT_TRUE(std::regex_search(login.body, csrf, std::regex(R"("csrf_token":"([^"]+)\")")));
  const std::vector<std::string> auth = {"Cookie: " + std::string(cookie[1]),
                                         "X-CSRF-Token: " + std::string(csrf[1])};

  auto wrong = Curl("POST", url + "/v1/account/close", R"({"password":"not it at all"})", auth);
  EXPECT_EQ(wrong.status, 403) << wrong.body;
  EXPECT_NE(wrong.body.find("password is wrong"), std::string::npos) << wrong.body;
  auto exported = Curl("GET", url + "/v1/account/export", "", auth);
  EXPECT_EQ(exported.status, 200);
  EXPECT_NE(exported.body.find(email), std::string::npos);
  EXPECT_NE(exported.headers.find("attachment; filename=\"leados-account-"), std::string::npos);

  auto closed = Curl("POST", url + "/v1/account/close",
                     R"({"password":")" + password + R"(","reason":"trying another tool"})", auth);
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_NE(closed.body.find("\"reopen_until\""), std::string::npos);
  auto again = Curl("POST", url + "/v1/login",
                    R"({"email":")" + email + R"(","password":")" + password + R"("})");
  EXPECT_EQ(again.status, 403) << again.body;
  EXPECT_NE(again.body.find("\"code\":\"account_closed\""), std::string::npos) << again.body;
  auto by_key = Curl("GET", url + "/v1/leads", "", {"Authorization: Bearer " + client->api_key});
  EXPECT_EQ(by_key.status, 403) << by_key.body;

  // Thirty days and a second later (the retention engine's clock is the system clock). serve
  // stops first: the sqlite3 tool that moves closed_at back has no busy timeout.
  serve.Signal(SIGTERM);
  ASSERT_EQ(serve.Wait(seconds(30)).exit_code, 0);
  inst->Query("UPDATE accounts SET closed_at = closed_at - 2592001000");
  auto run = inst->Run({"retention", "run"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("account_data (kept 30 days): deleted"), std::string::npos) << run.out;

  const std::string dump = inst->SqlDump();
  for (const std::string& personal : {email, std::string("Process Test"), std::string("1 Main St"),
                                      std::string("trying another tool")}) {
    EXPECT_EQ(dump.find(personal), std::string::npos) << personal << " is still in the dump";
  }
  EXPECT_NE(dump.find(account), std::string::npos) << "the tombstone and the ledger keep the id";
  EXPECT_EQ(inst->Query("SELECT COUNT(*) FROM users"), "0\n")
      << "users, with their password hashes";
  auto verify = inst->Run({"ledger", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_NE(verify.out.find("ledger clean: 1 accounts, 1 entries"), std::string::npos)
      << verify.out;
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountClosureProcess,
                         ::testing::Values(BackendKind::kEmbedded, BackendKind::kPostgresRedis),
                         [](const auto& info) {
                           return info.param == BackendKind::kEmbedded ? "Embedded"
                                                                       : "PostgresRedis";
                         });

}  // namespace
}  // namespace leados::testing
