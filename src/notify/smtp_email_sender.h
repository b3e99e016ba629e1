#pragma once
// SmtpEmailSender: submits emails to an SMTP server (libcurl; no curl header here).

#include <chrono>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "notify/email_sender.h"

namespace leados::notify {

// email.smtp_starttls: "required" (fail unless the server upgrades to TLS), "opportunistic"
// (upgrade when offered), "off" (plain text; only for a relay on localhost).
enum class StartTls { kRequired, kOpportunistic, kOff };
// "required" | "opportunistic" | "off"; kInvalidArgument otherwise.
core::Result<StartTls> ParseStartTls(std::string_view text);

struct SmtpOptions {
  std::string url;       // "smtp://host:587" (STARTTLS per `starttls`) or "smtps://host:465"
  std::string username;  // empty: no AUTH
  std::string password;  // secret
  StartTls starttls = StartTls::kRequired;
  std::string from;  // "LeadOS <no-reply@example.com>"
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};
  std::chrono::milliseconds timeout{std::chrono::seconds(60)};  // the whole transaction
};

class SmtpEmailSender final : public EmailSender {
 public:
  // `clock` (for the Date header) must outlive the sender.
  SmtpEmailSender(SmtpOptions options, const core::Clock& clock);

  // One SMTP transaction per email (MAIL FROM, RCPT TO, DATA). Errors: connection failures,
  // timeouts and 4xx replies are transient (kUnavailable / kDeadlineExceeded); 5xx replies and
  // bad addresses are permanent (kInvalidArgument); refused login is kUnauthenticated; a server
  // that will not do TLS when `required` is kFailedPrecondition. Thread-safe.
  core::Status Send(const Email& email) override;

 private:
  SmtpOptions options_;
  const core::Clock& clock_;
};

}  // namespace leados::notify
