#include "accounts/session_token.h"

#include <fmt/format.h>

#include "core/crypto.h"
#include "core/encoding.h"

namespace leados::accounts {
namespace {

constexpr size_t kSessionTokenChars = 43;  // base64url of 32 bytes, unpadded

bool IsBase64Url(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' ||
         c == '_';
}

std::string_view SameSite(SessionKind kind) {
  return kind == SessionKind::kAdmin ? "Strict" : "Lax";
}

}  // namespace

std::string NewSessionToken() {
  return core::RandomToken(kSessionTokenBytes);
}

bool IsWellFormedSessionToken(std::string_view token) {
  if (token.size() != kSessionTokenChars) return false;
  for (char c : token) {
    if (!IsBase64Url(c)) return false;
  }
  return true;
}

std::string HashToken(std::string_view token) {
  return core::Sha256Hex(token);
}

std::string_view SessionCookieName(SessionKind kind) {
  return kind == SessionKind::kAdmin ? "__Host-leados_admin" : "__Host-leados_session";
}

std::string SessionCookie(SessionKind kind, std::string_view token, int64_t max_age_seconds) {
  return fmt::format("{}={}; Path=/; Max-Age={}; Secure; HttpOnly; SameSite={}",
                     SessionCookieName(kind), token, max_age_seconds, SameSite(kind));
}

std::string ClearingSessionCookie(SessionKind kind) {
  return fmt::format("{}=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite={}",
                     SessionCookieName(kind), SameSite(kind));
}

std::string CsrfTokenFor(std::string_view csrf_key, std::string_view session_hash) {
  return core::Base64UrlEncode(
      core::HmacSha256(csrf_key, std::string("leados-csrf:").append(session_hash)));
}

core::Status CheckCsrf(const CsrfRequest& request, std::string_view csrf_key,
                       std::string_view site_origin) {
  if (request.method == "GET" || request.method == "HEAD" || request.method == "OPTIONS") {
    return core::Ok();
  }
  if (!request.origin.empty() && request.origin != site_origin) {
    return core::Fail(core::ErrorCode::kPermissionDenied,
                      fmt::format("request came from {}, not from {}: cross-site requests are "
                                  "refused",
                                  request.origin, site_origin));
  }
  if (request.header_token.empty()) {
    return core::Fail(core::ErrorCode::kPermissionDenied,
                      "the X-CSRF-Token header is missing: reload the page and try again");
  }
  if (!core::ConstantTimeEquals(request.header_token,
                                CsrfTokenFor(csrf_key, request.session_hash))) {
    return core::Fail(core::ErrorCode::kPermissionDenied,
                      "the CSRF token does not belong to this session: reload the page and try "
                      "again");
  }
  return core::Ok();
}

}  // namespace leados::accounts
