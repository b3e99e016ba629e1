#include "billing/stripe_signature.h"

#include <fmt/format.h>

#include <charconv>

#include "core/crypto.h"
#include "core/encoding.h"

namespace leados::billing {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

core::Result<StripeSignatureHeader> ParseStripeSignatureHeader(std::string_view header) {
  StripeSignatureHeader out;
  bool have_t = false;
  std::string_view rest = header;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    std::string_view item = Trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (item.empty()) continue;
    const size_t eq = item.find('=');
    if (eq == std::string_view::npos) continue;  // not key=value: ignore like unknown keys
    const std::string_view key = item.substr(0, eq);
    const std::string_view value = item.substr(eq + 1);
    if (key == "t") {
      if (have_t) return core::InvalidArgument("Stripe-Signature: more than one t= value");
      int64_t t = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), t);
      if (ec != std::errc() || end != value.data() + value.size() || t <= 0) {
        return core::InvalidArgument("Stripe-Signature: t= must be Unix seconds");
      }
      out.timestamp = t;
      have_t = true;
    } else if (key == "v1") {
      out.v1.emplace_back(value);
    }
  }
  if (!have_t) {
    return core::InvalidArgument(
        "Stripe-Signature: no t= timestamp (expected \"t=<seconds>,v1=<hex>\")");
  }
  if (out.v1.empty()) {
    return core::InvalidArgument(
        "Stripe-Signature: no v1= signature (expected \"t=<seconds>,v1=<hex>\")");
  }
  return out;
}

std::string StripeSignature(std::string_view secret, int64_t timestamp, std::string_view payload) {
  std::string signed_payload = std::to_string(timestamp);
  signed_payload += '.';
  signed_payload += payload;
  return core::HexEncode(core::HmacSha256(secret, signed_payload));
}

std::string StripeSignatureHeaderFor(std::string_view secret, int64_t timestamp,
                                     std::string_view payload) {
  return fmt::format("t={},v1={}", timestamp, StripeSignature(secret, timestamp, payload));
}

core::Status VerifyStripeSignature(std::string_view secret, std::string_view header,
                                   std::string_view payload, core::TimePoint now,
                                   core::Duration tolerance) {
  if (secret.empty()) {
    return core::Fail(core::ErrorCode::kFailedPrecondition,
                      "stripe.webhook_secret is not configured: set it to the endpoint's signing "
                      "secret (whsec_…) from the Stripe dashboard");
  }
  if (header.empty()) return core::InvalidArgument("Stripe-Signature: header is missing");
  auto parsed = ParseStripeSignatureHeader(header);
  if (!parsed) return core::Fail(parsed.error());
  const int64_t now_s =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const int64_t tol_s = std::chrono::duration_cast<std::chrono::seconds>(tolerance).count();
  const int64_t skew = now_s - parsed->timestamp;
  if (skew > tol_s || skew < -tol_s) {
    return core::Fail(
        core::ErrorCode::kPermissionDenied,
        fmt::format("Stripe-Signature: timestamp is {} s {} our clock, outside the "
                    "{} s tolerance (a replayed or delayed event, or a wrong clock)",
                    skew > 0 ? skew : -skew, skew > 0 ? "behind" : "ahead of", tol_s));
  }
  const std::string expected = StripeSignature(secret, parsed->timestamp, payload);
  bool match = false;
  // Compare against every v1 without stopping early, so timing does not tell which one matched.
  for (const auto& candidate : parsed->v1) {
    match = core::ConstantTimeEquals(expected, candidate) || match;
  }
  if (!match) {
    return core::Fail(core::ErrorCode::kPermissionDenied,
                      "Stripe-Signature: no v1 signature matches the body (check "
                      "stripe.webhook_secret and that the body reaches us unchanged)");
  }
  return core::Ok();
}

}  // namespace leados::billing
