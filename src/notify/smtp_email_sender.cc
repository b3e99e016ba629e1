#include "notify/smtp_email_sender.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "core/crypto.h"
#include "core/encoding.h"
#include "notify/mime.h"

namespace leados::notify {
namespace {

struct Upload {
  std::string_view data;
  size_t pos = 0;
};

size_t ReadBody(char* buffer, size_t size, size_t nitems, void* userdata) {
  auto* upload = static_cast<Upload*>(userdata);
  size_t n = std::min(size * nitems, upload->data.size() - upload->pos);
  std::memcpy(buffer, upload->data.data() + upload->pos, n);
  upload->pos += n;
  return n;
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

}  // namespace

core::Result<StartTls> ParseStartTls(std::string_view text) {
  if (text == "required") return StartTls::kRequired;
  if (text == "opportunistic") return StartTls::kOpportunistic;
  if (text == "off") return StartTls::kOff;
  return core::InvalidArgument(
      fmt::format("email.smtp_starttls must be required, opportunistic or off, not '{}'", text));
}

SmtpEmailSender::SmtpEmailSender(SmtpOptions options, const core::Clock& clock)
    : options_(std::move(options)), clock_(clock) {}

core::Status SmtpEmailSender::Send(const Email& email) {
  if (!IsPlausibleAddress(email.to)) {
    return core::InvalidArgument(fmt::format("'{}' is not a valid email address", email.to));
  }
  const std::string from_address = BareAddress(options_.from);
  if (!IsPlausibleAddress(from_address)) {
    return core::Fail(core::ErrorCode::kFailedPrecondition,
                      fmt::format("email.from '{}' has no valid address", options_.from));
  }
  const std::string key = email.id.empty() ? core::HexEncode(core::RandomBytes(8)) : email.id;
  const std::string message =
      BuildMimeMessage(email, options_.from, clock_.Now(), key + "@" + AddressDomain(options_.from),
                       "=_leados_" + core::HexEncode(core::RandomBytes(12)));

  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return core::Internal("curl_easy_init failed");
  CURL* c = curl.get();
  std::unique_ptr<curl_slist, SlistDeleter> rcpt(
      curl_slist_append(nullptr, ("<" + email.to + ">").c_str()));
  const std::string mail_from = "<" + from_address + ">";
  Upload upload{message, 0};
  char error_buffer[CURL_ERROR_SIZE] = {0};

  curl_easy_setopt(c, CURLOPT_URL, options_.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
  if (!options_.username.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, options_.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, options_.password.c_str());
  }
  long use_ssl = CURLUSESSL_ALL;
  if (options_.starttls == StartTls::kOpportunistic) use_ssl = CURLUSESSL_TRY;
  if (options_.starttls == StartTls::kOff) use_ssl = CURLUSESSL_NONE;
  if (options_.url.starts_with("smtps://")) use_ssl = CURLUSESSL_ALL;  // implicit TLS
  curl_easy_setopt(c, CURLOPT_USE_SSL, use_ssl);
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadBody);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));

  CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK) return core::Ok();

  long reply = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
  std::string detail = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(rc);
  std::string what = fmt::format("SMTP {} for {}: {}", options_.url, email.to, detail);
  if (rc == CURLE_LOGIN_DENIED) {
    return core::Fail(core::ErrorCode::kUnauthenticated,
                      what + " (check email.smtp_username / email.smtp_password)");
  }
  if (rc == CURLE_USE_SSL_FAILED) {
    return core::Fail(
        core::ErrorCode::kFailedPrecondition,
        what + " (the server does not offer STARTTLS; email.smtp_starttls is required)");
  }
  if (rc == CURLE_OPERATION_TIMEDOUT) return core::Fail(core::ErrorCode::kDeadlineExceeded, what);
  if (reply >= 500 && reply < 600) return core::InvalidArgument(what);  // permanent rejection
  if (reply >= 400 && reply < 500) return core::Unavailable(what);      // try again later
  switch (rc) {
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return core::Fail(core::ErrorCode::kFailedPrecondition, what + " (check email.smtp_url)");
    default: return core::Unavailable(what);
  }
}

}  // namespace leados::notify
