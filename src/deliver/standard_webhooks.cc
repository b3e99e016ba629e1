#include "deliver/standard_webhooks.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "core/crypto.h"
#include "core/encoding.h"

namespace leados::deliver {

std::string GenerateWebhookSecret(size_t key_bytes) {
  key_bytes = std::clamp<size_t>(key_bytes, 24, 64);
  return std::string(kWebhookSecretPrefix) + core::Base64Encode(core::RandomBytes(key_bytes));
}

core::Result<std::string> DecodeWebhookSecret(std::string_view secret) {
  if (secret.starts_with(kWebhookSecretPrefix)) secret.remove_prefix(kWebhookSecretPrefix.size());
  if (secret.empty()) return core::InvalidArgument("webhook secret is empty");
  auto key = core::Base64Decode(secret);
  if (!key || key->empty()) {
    return core::InvalidArgument("webhook secret must be whsec_ followed by base64");
  }
  return std::move(*key);
}

core::Result<std::string> SignWebhook(std::string_view secret, std::string_view webhook_id,
                                      int64_t timestamp_seconds, std::string_view body) {
  auto key = DecodeWebhookSecret(secret);
  if (!key) return core::Fail(key.error());
  std::string content = fmt::format("{}.{}.", webhook_id, timestamp_seconds);
  content.append(body);
  return "v1," + core::Base64Encode(core::HmacSha256(*key, content));
}

core::Result<std::string> SignatureHeader(const std::vector<std::string>& secrets,
                                          std::string_view webhook_id, int64_t timestamp_seconds,
                                          std::string_view body) {
  if (secrets.empty()) return core::InvalidArgument("no webhook secret to sign with");
  std::string header;
  for (const auto& secret : secrets) {
    auto sig = SignWebhook(secret, webhook_id, timestamp_seconds, body);
    if (!sig) return sig;
    if (!header.empty()) header += ' ';
    header += *sig;
  }
  return header;
}

core::Status VerifyWebhook(std::string_view secret, const WebhookHeaders& headers,
                           std::string_view body, core::TimePoint now, core::Duration tolerance) {
  if (headers.id.empty() || headers.timestamp.empty() || headers.signature.empty()) {
    return core::InvalidArgument(
        "missing webhook-id, webhook-timestamp or webhook-signature header");
  }
  int64_t ts = 0;
  const char* end = headers.timestamp.data() + headers.timestamp.size();
  auto [p, ec] = std::from_chars(headers.timestamp.data(), end, ts);
  if (ec != std::errc() || p != end) {
    return core::InvalidArgument("webhook-timestamp must be whole Unix seconds");
  }
  const auto sent = core::TimePoint(std::chrono::seconds(ts));
  if (sent < now - tolerance || sent > now + tolerance) {
    return core::Fail(core::ErrorCode::kPermissionDenied,
                      fmt::format("webhook-timestamp {} is outside the tolerance", ts));
  }
  auto expected = SignWebhook(secret, headers.id, ts, body);
  if (!expected) return core::Fail(expected.error());
  std::string_view rest = headers.signature;
  while (!rest.empty()) {
    size_t space = rest.find(' ');
    std::string_view entry = rest.substr(0, space);
    rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    if (entry.starts_with("v1,") && core::ConstantTimeEquals(entry, *expected)) return core::Ok();
  }
  return core::Fail(core::ErrorCode::kPermissionDenied, "no signature matches");
}

}  // namespace leados::deliver
