#include "notify/resend_email_sender.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <boost/json/array.hpp>
#include <memory>

#include "core/encoding.h"
#include "core/json.h"

namespace leados::notify {
namespace {

size_t CollectBody(char* data, size_t size, size_t nmemb, void* userdata) {
  auto* body = static_cast<std::string*>(userdata);
  size_t n = size * nmemb;
  if (body->size() < 64 * 1024) body->append(data, std::min(n, 64 * 1024 - body->size()));
  return n;
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

// Resend's error body is {"statusCode":422,"name":"…","message":"…"}; fall back to raw text.
std::string ErrorMessage(const std::string& body) {
  auto parsed = core::ParseJsonObject(body);
  if (parsed) {
    std::string message = core::StringOr(*parsed, "message");
    if (!message.empty()) return message;
  }
  return body.substr(0, 300);
}

}  // namespace

ResendEmailSender::ResendEmailSender(ResendOptions options) : options_(std::move(options)) {
  while (!options_.base_url.empty() && options_.base_url.back() == '/')
    options_.base_url.pop_back();
}

core::Status ResendEmailSender::Send(const Email& email) {
  if (!IsPlausibleAddress(email.to)) {
    return core::InvalidArgument(fmt::format("'{}' is not a valid email address", email.to));
  }
  if (options_.api_key.empty()) {
    return core::Fail(core::ErrorCode::kFailedPrecondition,
                      "email.resend_api_key is not set (needed when email.sender = resend)");
  }
  core::json::object body;
  body["from"] = options_.from;
  body["to"] = core::json::array{core::json::value(email.to)};
  body["subject"] = email.subject;
  body["html"] = email.html;
  body["text"] = email.text;
  if (!email.attachments.empty()) {
    // Resend's attachments: {filename, content (base64), content_type}.
    core::json::array files;
    for (const auto& file : email.attachments) {
      files.emplace_back(core::json::object{{"filename", file.filename},
                                            {"content", core::Base64Encode(file.content)},
                                            {"content_type", file.content_type}});
    }
    body["attachments"] = std::move(files);
  }
  const std::string payload = core::ToJson(body);
  const std::string url = options_.base_url + "/emails";

  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return core::Internal("curl_easy_init failed");
  CURL* c = curl.get();
  curl_slist* raw_headers = nullptr;
  const std::string auth = "Authorization: Bearer " + options_.api_key;
  raw_headers = curl_slist_append(raw_headers, auth.c_str());
  raw_headers = curl_slist_append(raw_headers, "Content-Type: application/json");
  raw_headers = curl_slist_append(raw_headers, "Accept: application/json");
  raw_headers = curl_slist_append(raw_headers, "Expect:");
  const std::string idempotency = "Idempotency-Key: " + email.id;
  if (!email.id.empty()) raw_headers = curl_slist_append(raw_headers, idempotency.c_str());
  std::unique_ptr<curl_slist, SlistDeleter> headers(raw_headers);
  std::string response;
  char error_buffer[CURL_ERROR_SIZE] = {0};

  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 10'000L);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(payload.size()));
  curl_easy_setopt(c, CURLOPT_USERAGENT, "LeadOS");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, CollectBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &response);

  CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    std::string what = fmt::format("Resend {}: {}", url,
                                   error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(rc));
    if (rc == CURLE_OPERATION_TIMEDOUT) return core::Fail(core::ErrorCode::kDeadlineExceeded, what);
    if (rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL) {
      return core::Fail(core::ErrorCode::kFailedPrecondition,
                        what + " (check email.resend_base_url)");
    }
    return core::Unavailable(what);
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status >= 200 && status < 300) return core::Ok();
  std::string what =
      fmt::format("Resend answered {} for {}: {}", status, email.to, ErrorMessage(response));
  if (status == 429) return core::Fail(core::ErrorCode::kResourceExhausted, what);
  if (status == 408 || status >= 500) return core::Unavailable(what);
  if (status == 401) {
    return core::Fail(core::ErrorCode::kUnauthenticated, what + " (check email.resend_api_key)");
  }
  if (status == 403) return core::Fail(core::ErrorCode::kPermissionDenied, what);
  if (status >= 400) return core::InvalidArgument(what);
  return core::Unavailable(what);  // 1xx/3xx: unexpected, try again later
}

}  // namespace leados::notify
