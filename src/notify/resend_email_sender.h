#pragma once
// ResendEmailSender: sends through the Resend HTTP API (POST /emails), libcurl inside the .cc.

#include <chrono>
#include <string>

#include "notify/email_sender.h"

namespace leados::notify {

struct ResendOptions {
  std::string api_key;  // secret, "re_…"
  std::string base_url = "https://api.resend.com";
  std::string from;  // "LeadOS <no-reply@example.com>" (a domain verified in Resend)
  std::chrono::milliseconds timeout{std::chrono::seconds(30)};
};

class ResendEmailSender final : public EmailSender {
 public:
  explicit ResendEmailSender(ResendOptions options);

  // POST {base_url}/emails with `Authorization: Bearer <api_key>` and JSON
  // {from, to: [to], subject, html, text}; `Idempotency-Key: <email.id>` when the id is set.
  // 2xx is success. Transient: connection errors and timeouts (kUnavailable / kDeadlineExceeded),
  // 429 (kResourceExhausted), 5xx (kUnavailable). Permanent: 401/403 (kUnauthenticated /
  // kPermissionDenied), any other 4xx (kInvalidArgument, with Resend's message). Thread-safe.
  core::Status Send(const Email& email) override;

 private:
  ResendOptions options_;
};

}  // namespace leados::notify
