#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>

#include "core/encoding.h"
#include "core/json.h"
#include "notify/file_email_sender.h"
#include "notify/resend_email_sender.h"
#include "notify/smtp_email_sender.h"
#include "notify/templates.h"
#include "notify/test_util.h"
#include "store/test_support.h"

extern char** environ;

namespace leados::notify {
namespace {

using std::chrono::seconds;

const std::string kLink = "https://app.leados.test/verify?token=" + std::string(60, 'k');

Email Verification() {
  auto email = EmailTemplates().Verification("ana@example.com", kLink);
  EXPECT_TRUE(email);
  email->id = "eml_01TEST";
  return *email;
}

std::vector<std::filesystem::path> FilesIn(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  return files;
}

TEST(FileEmailSender, WritesAnEmlWithEncodedSubject) {
  store::testing::ScopedTempDir dir;
  core::ManualClock clock;
  FileEmailSender sender(dir.path() / "mail", "LeadOS <no-reply@leados.test>", clock);
  Email email = Verification();
  email.subject = "Bestätigen Sie Ihre Adresse";
  ASSERT_TRUE(sender.Send(email));
  auto files = FilesIn(dir.path() / "mail");
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].filename().string(), "20260101T000000Z-eml_01TEST.eml");
  auto eml = testing::ParseEml(testing::ReadWholeFile(files[0].string()));
  EXPECT_TRUE(eml.headers["subject"].starts_with("=?UTF-8?B?"));
  EXPECT_EQ(testing::DecodeHeader(eml.headers["subject"]), "Bestätigen Sie Ihre Adresse");
  EXPECT_EQ(eml.headers["date"], "Thu, 01 Jan 2026 00:00:00 +0000");
  EXPECT_NE(eml.text.find(kLink), std::string::npos);
  EXPECT_NE(eml.html.find(kLink), std::string::npos);

  email.to = "bad address@x";
  auto bad = sender.Send(email);
  ASSERT_FALSE(bad);
  EXPECT_FALSE(IsTransient(bad.error()));
}

// --- SMTP against Debian's aiosmtpd -------------------------------------------------------------

TEST(SmtpEmailSender, DeliversToALocalServerAndTheLinkArrives) {
  std::string python = testing::PythonWithAiosmtpd();
  if (python.empty()) GTEST_SKIP() << "python3 with aiosmtpd (python3-aiosmtpd) is not installed";
  store::testing::ScopedTempDir dir;
  testing::AiosmtpdServer server(python, dir.path() / "maildir");
  ASSERT_TRUE(server.WaitReady()) << "aiosmtpd did not start";
  core::ManualClock clock;
  SmtpOptions options{.url = "smtp://127.0.0.1:" + std::to_string(server.port()),
                      .starttls = StartTls::kOff,
                      .from = "LeadOS <no-reply@leados.test>"};
  SmtpEmailSender sender(options, clock);
  auto sent = sender.Send(Verification());
  ASSERT_TRUE(sent) << sent.error().message;

  std::vector<std::filesystem::path> files;
  ASSERT_TRUE(store::testing::WaitFor(
      [&] {
        files = FilesIn(dir.path() / "maildir" / "new");
        return !files.empty();
      },
      seconds(10)));
  ASSERT_EQ(files.size(), 1u);
  auto eml = testing::ParseEml(testing::ReadWholeFile(files[0].string()));
  EXPECT_EQ(eml.headers["subject"], "Confirm your email address for LeadOS");
  EXPECT_EQ(eml.headers["to"], "ana@example.com");
  EXPECT_EQ(eml.headers["message-id"], "<eml_01TEST@leados.test>");
  EXPECT_NE(eml.text.find(kLink), std::string::npos);
  EXPECT_NE(eml.html.find(kLink), std::string::npos);

  // The same server offers no STARTTLS: "required" must refuse to send in clear text.
  options.starttls = StartTls::kRequired;
  auto refused = SmtpEmailSender(options, clock).Send(Verification());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_FALSE(IsTransient(refused.error()));
}

TEST(SmtpEmailSender, ConnectionRefusedIsTransient) {
  core::ManualClock clock;
  SmtpOptions options{.url = "smtp://127.0.0.1:" + std::to_string(testing::FreePort()),
                      .starttls = StartTls::kOff,
                      .from = "LeadOS <no-reply@leados.test>"};
  auto result = SmtpEmailSender(options, clock).Send(Verification());
  ASSERT_FALSE(result);
  EXPECT_TRUE(IsTransient(result.error())) << result.error().message;
  EXPECT_EQ(ParseStartTls("opportunistic"), StartTls::kOpportunistic);
  EXPECT_FALSE(ParseStartTls("yes"));
}

// --- Resend against a local stand-in ------------------------------------------------------------

TEST(ResendEmailSender, PostsJsonWithBearerAndIdempotencyKey) {
  testing::StandInHttpServer server;
  server.Answer(200, R"({"id":"49a3999c-0ce1-4ea6-ab68-afcd6dc2e794"})");
  ResendEmailSender sender({.api_key = "re_test_123",
                            .base_url = server.BaseUrl() + "/",
                            .from = "LeadOS <no-reply@leados.test>"});
  Email email = Verification();
  auto sent = sender.Send(email);
  ASSERT_TRUE(sent) << sent.error().message;
  auto requests = server.Requests();
  ASSERT_EQ(requests.size(), 1u);
  const auto& r = requests[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/emails");
  EXPECT_EQ(r.headers.at("authorization"), "Bearer re_test_123");
  EXPECT_EQ(r.headers.at("content-type"), "application/json");
  EXPECT_EQ(r.headers.at("idempotency-key"), "eml_01TEST");
  auto body = core::ParseJsonObject(r.body);
  ASSERT_TRUE(body) << r.body;
  EXPECT_EQ(core::StringOr(*body, "from"), "LeadOS <no-reply@leados.test>");
  EXPECT_EQ(core::StringOr(*body, "subject"), email.subject);
  EXPECT_EQ(core::StringOr(*body, "text"), email.text);
  EXPECT_EQ(core::StringOr(*body, "html"), email.html);
  ASSERT_TRUE(body->at("to").is_array());
  EXPECT_EQ(body->at("to").as_array().at(0).as_string(), "ana@example.com");
}

TEST(ResendEmailSender, SendsAttachmentsAsBase64) {
  testing::StandInHttpServer server;
  server.Answer(200, R"({"id":"x"})");
  ResendEmailSender sender({.api_key = "re_k", .base_url = server.BaseUrl(), .from = "a@b.co"});
  Email email = Verification();
  email.attachments = {{"LO-2026-000007.pdf", "application/pdf", std::string("%PDF\0\xff", 6)}};
  ASSERT_TRUE(sender.Send(email));
  auto body = core::ParseJsonObject(server.Requests().at(0).body);
  ASSERT_TRUE(body);
  const auto& files = body->at("attachments").as_array();
  ASSERT_EQ(files.size(), 1u);
  const auto& file = files[0].as_object();
  EXPECT_EQ(core::StringOr(file, "filename"), "LO-2026-000007.pdf");
  EXPECT_EQ(core::StringOr(file, "content_type"), "application/pdf");
  EXPECT_EQ(core::Base64Decode(core::StringOr(file, "content")), std::string("%PDF\0\xff", 6));
}

TEST(ResendEmailSender, ClassifiesErrors) {
  testing::StandInHttpServer server;
  ResendEmailSender sender({.api_key = "re_k", .base_url = server.BaseUrl(), .from = "a@b.co"});
  struct Case {
    int status;
    core::ErrorCode code;
    bool transient;
  };
  for (const Case& c : {Case{429, core::ErrorCode::kResourceExhausted, true},
                        Case{503, core::ErrorCode::kUnavailable, true},
                        Case{422, core::ErrorCode::kInvalidArgument, false},
                        Case{401, core::ErrorCode::kUnauthenticated, false}}) {
    server.Answer(c.status, R"({"statusCode":0,"name":"x","message":"Resend says no"})");
    auto result = sender.Send(Verification());
    ASSERT_FALSE(result) << c.status;
    EXPECT_EQ(result.error().code, c.code) << c.status;
    EXPECT_EQ(IsTransient(result.error()), c.transient) << c.status;
    EXPECT_NE(result.error().message.find("Resend says no"), std::string::npos);
  }
  ResendEmailSender down({.api_key = "re_k",
                          .base_url = "http://127.0.0.1:" + std::to_string(testing::FreePort()),
                          .from = "a@b.co"});
  auto refused = down.Send(Verification());
  ASSERT_FALSE(refused);
  EXPECT_TRUE(IsTransient(refused.error()));
}

}  // namespace
}  // namespace leados::notify
