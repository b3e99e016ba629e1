#include "privacy/aws_secrets_manager.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <memory>

#include "core/crypto.h"
#include "core/encoding.h"
#include "core/json.h"

namespace leados::privacy {
namespace {

size_t AppendBody(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

void InitCurlOnce() {
  static const bool done = [] { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }();
  (void)done;
}

}  // namespace

AwsSecretsManagerClient::AwsSecretsManagerClient(SecretsManagerOptions options,
                                                 AwsCredentials credentials,
                                                 const core::Clock& clock)
    : options_(std::move(options)), credentials_(std::move(credentials)), clock_(clock) {
  endpoint_ = options_.endpoint.empty()
                  ? fmt::format("https://secretsmanager.{}.amazonaws.com", options_.region)
                  : options_.endpoint;
  while (endpoint_.ends_with('/')) endpoint_.pop_back();
}

core::Result<std::string> AwsSecretsManagerClient::GetSecretValue(
    std::string_view secret_id) const {
  const std::string body = core::ToJson(core::json::object{{"SecretId", secret_id}});
  SigV4Request request;
  request.method = "POST";
  request.url = endpoint_ + "/";
  request.headers = {{"Content-Type", "application/x-amz-json-1.1"},
                     {"X-Amz-Target", "secretsmanager.GetSecretValue"}};
  request.payload_sha256_hex = core::Sha256Hex(body);
  auto sig = SignV4(request, credentials_, {options_.region, "secretsmanager", clock_.Now()});
  if (!sig) return core::Fail(sig.error());

  InitCurlOnce();
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) return core::Internal("libcurl could not start a request");
  curl_slist* raw_headers = nullptr;
  auto append = [&](const std::string& name, const std::string& value) {
    if (name == "host") return;  // curl sends Host from the URL, with the same value
    raw_headers = curl_slist_append(raw_headers, (name + ": " + value).c_str());
  };
  for (const auto& [name, value] : request.headers) append(name, value);
  for (const auto& [name, value] : sig->headers_to_add) append(name, value);
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(raw_headers,
                                                                      &curl_slist_free_all);
  std::string response;
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &AppendBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &response);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https,http");
  CURLcode rc = curl_easy_perform(h);
  if (rc == CURLE_OPERATION_TIMEDOUT) {
    return core::Fail(core::ErrorCode::kDeadlineExceeded,
                      fmt::format("AWS Secrets Manager at {} did not answer within {} ms",
                                  endpoint_, options_.timeout.count()));
  }
  if (rc != CURLE_OK) {
    return core::Unavailable(fmt::format("cannot reach AWS Secrets Manager at {}: {}", endpoint_,
                                         curl_easy_strerror(rc)));
  }
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);

  auto doc = core::ParseJsonObject(response);
  if (status != 200) {
    std::string type = doc ? core::StringOr(*doc, "__type") : "";
    std::string message =
        doc ? core::StringOr(*doc, "message", core::StringOr(*doc, "Message")) : "";
    // "__type" may carry a namespace prefix ("com.amazonaws…#ResourceNotFoundException").
    if (auto hash = type.rfind('#'); hash != std::string::npos) type = type.substr(hash + 1);
    std::string text = fmt::format(
        "AWS Secrets Manager refused GetSecretValue for '{}' (HTTP {}): "
        "{}: {}",
        secret_id, status, type.empty() ? "error" : type, message);
    core::ErrorCode code = core::ErrorCode::kInternal;
    if (status >= 500) {
      code = core::ErrorCode::kUnavailable;
    } else if (type == "ResourceNotFoundException") {
      code = core::ErrorCode::kNotFound;
    } else if (status == 403 || type == "AccessDeniedException" ||
               type == "UnrecognizedClientException" || type == "InvalidSignatureException" ||
               type == "ExpiredTokenException") {
      code = core::ErrorCode::kPermissionDenied;
    }
    return core::Fail(code, std::move(text));
  }
  if (!doc) {
    return core::Internal(fmt::format(
        "AWS Secrets Manager answered with something that is not JSON: {}", doc.error().message));
  }
  if (auto secret = core::StringOr(*doc, "SecretString"); !secret.empty()) return secret;
  if (auto binary = core::StringOr(*doc, "SecretBinary"); !binary.empty()) {
    auto decoded = core::Base64Decode(binary);
    if (decoded) return *decoded;
  }
  return core::Internal(
      fmt::format("the secret '{}' has neither SecretString nor SecretBinary", secret_id));
}

}  // namespace leados::privacy
