// S3ObjectStore (see object_store_s3.h).
#include "billing/object_store_s3.h"

#include <fmt/format.h>

#include "core/crypto.h"

namespace leados::billing {
namespace {

// The text of the first <tag>…</tag> in `xml`, or "". S3 error bodies are small and flat.
std::string XmlText(std::string_view xml, std::string_view tag) {
  const std::string open = fmt::format("<{}>", tag);
  const std::string close = fmt::format("</{}>", tag);
  size_t a = xml.find(open);
  if (a == std::string_view::npos) return "";
  a += open.size();
  size_t b = xml.find(close, a);
  if (b == std::string_view::npos) return "";
  return std::string(xml.substr(a, b - a));
}

// "https://host:port/path" split into scheme ("https://"), authority and the path ("" or "/…").
struct Endpoint {
  std::string scheme;
  std::string authority;
  std::string path;
};

Endpoint SplitEndpoint(std::string_view url) {
  Endpoint e;
  size_t s = url.find("://");
  if (s == std::string_view::npos) return e;
  e.scheme = std::string(url.substr(0, s + 3));
  std::string_view rest = url.substr(s + 3);
  size_t slash = rest.find('/');
  e.authority = std::string(rest.substr(0, slash));
  if (slash != std::string_view::npos) e.path = std::string(rest.substr(slash));
  while (!e.path.empty() && e.path.back() == '/') e.path.pop_back();
  return e;
}

}  // namespace

core::Status ValidateS3Config(const S3Config& c) {
  if (!c.endpoint.starts_with("https://") && !c.endpoint.starts_with("http://")) {
    return core::InvalidArgument(
        "billing.s3.endpoint: must be an http:// or https:// URL such as "
        "https://s3.eu-west-1.amazonaws.com");
  }
  if (SplitEndpoint(c.endpoint).authority.empty()) {
    return core::InvalidArgument("billing.s3.endpoint: has no host");
  }
  if (c.region.empty()) {
    return core::InvalidArgument("billing.s3.region: is required (e.g. eu-west-1, us-east-1)");
  }
  if (c.bucket.empty() || c.bucket.find('/') != std::string::npos) {
    return core::InvalidArgument("billing.s3.bucket: is required (a bucket name without '/')");
  }
  if (!c.prefix.empty()) {
    if (c.prefix.back() != '/') {
      return core::InvalidArgument("billing.s3.prefix: must end with '/' (e.g. leados/)");
    }
    if (auto st = ValidateObjectKey(c.prefix.substr(0, c.prefix.size() - 1)); !st) {
      return core::InvalidArgument("billing.s3.prefix: " + st.error().message);
    }
  }
  if (c.credentials.access_key_id.empty() || c.credentials.secret_access_key.empty()) {
    return core::InvalidArgument(
        "billing.s3.access_key_id and billing.s3.secret_access_key: both are required");
  }
  return core::Ok();
}

core::Error S3Error(int status, std::string_view body, std::string_view what) {
  const std::string code = XmlText(body, "Code");
  const std::string message = XmlText(body, "Message");
  const std::string detail = code.empty() ? fmt::format("HTTP {}", status)
                                          : fmt::format("HTTP {} {}{}{}", status, code,
                                                        message.empty() ? "" : ": ", message);
  if (code == "NoSuchKey" || (code.empty() && status == 404)) {
    return {core::ErrorCode::kNotFound, fmt::format("S3 {}: no such object ({})", what, detail)};
  }
  if (code == "NoSuchBucket") {
    return {core::ErrorCode::kFailedPrecondition,
            fmt::format("S3 {}: the bucket does not exist ({}); check billing.s3.bucket and "
                        "billing.s3.endpoint",
                        what, detail)};
  }
  if (code == "AccessDenied" || code == "InvalidAccessKeyId" || code == "SignatureDoesNotMatch" ||
      status == 401 || status == 403) {
    return {core::ErrorCode::kFailedPrecondition,
            fmt::format("S3 {}: the store refused our credentials ({}); check "
                        "billing.s3.access_key_id, billing.s3.secret_access_key and "
                        "billing.s3.region",
                        what, detail)};
  }
  if (code == "RequestTimeTooSkewed") {
    return {core::ErrorCode::kFailedPrecondition,
            fmt::format("S3 {}: this machine's clock is too far off ({}); fix the time (NTP)", what,
                        detail)};
  }
  if (code == "SlowDown" || status == 429 || status >= 500) {
    return {core::ErrorCode::kUnavailable,
            fmt::format("S3 {}: the store is unavailable, try again later ({})", what, detail)};
  }
  return {core::ErrorCode::kInternal, fmt::format("S3 {}: unexpected answer ({})", what, detail)};
}

S3ObjectStore::S3ObjectStore(S3Config config, ingest::HttpClient& http, const core::Clock& clock)
    : config_(std::move(config)), http_(http), clock_(clock) {}

std::string S3ObjectStore::ObjectUrl(std::string_view key) const {
  const Endpoint e = SplitEndpoint(config_.endpoint);
  const std::string encoded_key = privacy::AwsUriEncode(config_.prefix + std::string(key), true);
  if (config_.virtual_host) {
    return fmt::format("{}{}.{}{}/{}", e.scheme, config_.bucket, e.authority, e.path, encoded_key);
  }
  return fmt::format("{}{}{}/{}/{}", e.scheme, e.authority, e.path,
                     privacy::AwsUriEncode(config_.bucket, false), encoded_key);
}

std::string S3ObjectStore::Describe() const {
  const Endpoint e = SplitEndpoint(config_.endpoint);
  return fmt::format("s3:{}{}/{}/{}", e.scheme, e.authority, config_.bucket, config_.prefix);
}

core::Result<ingest::HttpResponse> S3ObjectStore::Send(std::string method, std::string_view key,
                                                       std::string_view body,
                                                       std::string_view content_type) {
  if (auto st = ValidateObjectKey(key); !st) return core::Fail(st.error());
  ingest::HttpRequest req;
  req.method = std::move(method);
  req.url = ObjectUrl(key);
  req.body = std::string(body);
  req.max_body_bytes = 64 * 1024 * 1024;
  privacy::SigV4Request to_sign{.method = req.method,
                                .url = req.url,
                                .headers = {},
                                .payload_sha256_hex = core::Sha256Hex(body)};
  if (!content_type.empty()) {
    to_sign.headers.emplace_back("content-type", std::string(content_type));
    req.headers.Set("Content-Type", std::string(content_type));
  }
  auto sig = privacy::SignV4(to_sign, config_.credentials,
                             {.region = config_.region, .service = "s3", .time = clock_.Now()},
                             {.s3 = true});
  if (!sig) return core::Fail(sig.error());
  for (const auto& [name, value] : sig->headers_to_add) {
    if (name == "host" || name == "Host") continue;  // curl sends the URL's host itself
    req.headers.Set(name, value);
  }
  return http_.Send(req);
}

core::Status S3ObjectStore::Put(std::string_view key, std::string_view bytes,
                                std::string_view content_type) {
  auto resp = Send("PUT", key, bytes, content_type);
  if (!resp) return core::Fail(resp.error());
  if (resp->status / 100 != 2) {
    return core::Fail(S3Error(resp->status, resp->body, fmt::format("PUT {}", key)));
  }
  return core::Ok();
}

core::Result<StoredObject> S3ObjectStore::Get(std::string_view key) {
  auto resp = Send("GET", key, "", "");
  if (!resp) return core::Fail(resp.error());
  if (resp->status != 200) {
    return core::Fail(S3Error(resp->status, resp->body, fmt::format("GET {}", key)));
  }
  return StoredObject{std::move(resp->body),
                      resp->headers.Get("Content-Type").value_or("application/octet-stream")};
}

core::Result<bool> S3ObjectStore::Exists(std::string_view key) {
  auto resp = Send("HEAD", key, "", "");
  if (!resp) return core::Fail(resp.error());
  if (resp->status == 200) return true;
  if (resp->status == 404) return false;
  return core::Fail(S3Error(resp->status, resp->body, fmt::format("HEAD {}", key)));
}

core::Status S3ObjectStore::Delete(std::string_view key) {
  auto resp = Send("DELETE", key, "", "");
  if (!resp) return core::Fail(resp.error());
  if (resp->status / 100 == 2 || resp->status == 404) return core::Ok();
  return core::Fail(S3Error(resp->status, resp->body, fmt::format("DELETE {}", key)));
}

}  // namespace leados::billing
