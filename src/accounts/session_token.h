#pragma once
// Session tokens, session cookies and CSRF tokens, as pure functions.
//
// A session token is 32 random bytes (256 bits) written base64url without padding (43
// characters). It travels only in a cookie; the database stores only HashToken(token), so a
// database leak does not hand out live sessions.
//
// Cookies: "__Host-leados_session" for users (SameSite=Lax, so following a link into the portal
// keeps you signed in) and "__Host-leados_admin" for admins (SameSite=Strict). Both are Secure,
// HttpOnly and Path=/ with no Domain (what the __Host- prefix requires).
//
// CSRF: a synchronizer token derived from the session, plus an Origin check. For a session,
// CsrfTokenFor(key, session_hash) = base64url(HMAC-SHA-256(key, "leados-csrf:" + session_hash));
// the portal receives it in the sign-in/session response body and sends it back in the
// "X-CSRF-Token" header on every unsafe request (POST, PUT, PATCH, DELETE). The server needs no
// extra storage: it recomputes the token from the session it already looked up. Additionally,
// when the browser sends an Origin header it must equal the site's public origin. Requests that
// authenticate with an API key (no cookie) are not subject to CSRF checks.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace leados::accounts {

inline constexpr size_t kSessionTokenBytes = 32;

// A new session token (43 base64url characters) from the OS CSPRNG. Thread-safe.
std::string NewSessionToken();
// True when `token` has the shape NewSessionToken makes (so junk skips the database lookup).
bool IsWellFormedSessionToken(std::string_view token);
// SHA-256 hex of a session token: the only form that is stored.
std::string HashToken(std::string_view token);

enum class SessionKind { kUser, kAdmin };

// "__Host-leados_session" or "__Host-leados_admin".
std::string_view SessionCookieName(SessionKind kind);
// The Set-Cookie value that stores `token` for `max_age_seconds`, e.g.
// "__Host-leados_session=<token>; Path=/; Max-Age=1209600; Secure; HttpOnly; SameSite=Lax".
std::string SessionCookie(SessionKind kind, std::string_view token, int64_t max_age_seconds);
// The Set-Cookie value that deletes the cookie (sign-out): empty value and Max-Age=0.
std::string ClearingSessionCookie(SessionKind kind);

// The CSRF token bound to the session whose stored hash is `session_hash`. `csrf_key` is a
// server secret (at least 32 bytes). Pure.
std::string CsrfTokenFor(std::string_view csrf_key, std::string_view session_hash);

// What CheckCsrf looks at in a cookie-authenticated request.
struct CsrfRequest {
  std::string_view method;        // "GET", "POST", …
  std::string_view header_token;  // X-CSRF-Token, empty if absent
  std::string_view origin;        // Origin header, empty if absent
  std::string_view session_hash;  // HashToken of the request's session cookie
};

// Ok for safe methods (GET, HEAD, OPTIONS). For others: kPermissionDenied when the Origin header
// is present and is not `site_origin` ("https://leads.example.com"), or when the token is missing
// or not the one for this session; the message tells the user to reload the page. Constant-time
// token comparison.
core::Status CheckCsrf(const CsrfRequest& request, std::string_view csrf_key,
                       std::string_view site_origin);

}  // namespace leados::accounts
