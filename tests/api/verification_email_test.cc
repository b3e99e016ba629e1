// End to end through a real SMTP server (Debian's python3-aiosmtpd): sign-up writes the
// verification email to the outbox, the outbox worker sends it over SMTP, the message arrives
// with the link, and following the link verifies the account.
#include <gtest/gtest.h>

#include <filesystem>

#include "accounts_api_fixture.h"
#include "notify/outbox_worker.h"
#include "notify/smtp_email_sender.h"
#include "notify/test_util.h"

namespace leados::api::testing {
namespace {

namespace json = core::json;

class VerificationEmailTest : public AccountsApiFixture {};

TEST_P(VerificationEmailTest, TheLinkArrivesBySmtpAndVerifiesTheAccount) {
  const std::string python = notify::testing::PythonWithAiosmtpd();
  if (python.empty()) GTEST_SKIP() << "python3-aiosmtpd is not installed";
  store::testing::ScopedTempDir dir;
  const auto maildir = dir.path() / "maildir";
  notify::testing::AiosmtpdServer smtp(python, maildir);
  ASSERT_TRUE(smtp.WaitReady()) << "aiosmtpd did not start";
  notify::SmtpEmailSender sender({.url = "smtp://127.0.0.1:" + std::to_string(smtp.port()),
                                  .starttls = notify::StartTls::kOff,
                                  .from = "LeadOS <no-reply@leados.test>"},
                                 clock_);
  notify::OutboxWorker worker(*db_, sender, clock_);

  ASSERT_EQ(Call("POST", "/v1/signup", SignupBody("ana@example.com", "1 Main St")).status, 202);
  auto run = worker.RunOnce();
  ASSERT_TRUE(run) << run.error().message;
  EXPECT_EQ(run->sent, 1);

  std::string raw;
  ASSERT_TRUE(store::testing::WaitFor(
      [&] {
        if (!std::filesystem::exists(maildir / "new")) return false;
        for (const auto& f : std::filesystem::directory_iterator(maildir / "new")) {
          raw = notify::testing::ReadWholeFile(f.path().string());
        }
        return !raw.empty();
      },
      std::chrono::seconds(10)))
      << "no message arrived";
  notify::testing::ParsedEml mail = notify::testing::ParseEml(raw);
  EXPECT_EQ(mail.headers["to"], "ana@example.com");
  const std::string token = TokenFromLink(mail.text, "/verify-email");
  ASSERT_FALSE(token.empty()) << mail.text;

  const json::object credentials{{"email", "ana@example.com"}, {"password", kPassword}};
  EXPECT_EQ(Call("POST", "/v1/login", core::ToJson(credentials)).status, 422);
  Reply page = Call("GET", "/verify-email?token=" + token);
  EXPECT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(Call("POST", "/v1/login", core::ToJson(credentials)).status, 200);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, VerificationEmailTest, ::testing::Values(store::Dialect::kSqlite),
                         DialectParamName);

}  // namespace
}  // namespace leados::api::testing
