#include "api/http_util.h"

#include <charconv>
#include <cstdlib>

#include <fmt/format.h>

#include "accounts/account_closed.h"
#include "accounts/account_directory.h"
#include "accounts/email_domain_policy.h"
#include "accounts/login_throttle.h"
#include "core/clock.h"
#include "core/log.h"

namespace leados::api {

core::Result<core::json::object> JsonBody(const http::Request& req) {
  if (req.body.empty()) {
    return core::InvalidArgument("the request body must be a JSON object; it was empty");
  }
  auto parsed = core::ParseJsonObject(req.body);
  if (!parsed) {
    return core::InvalidArgument("the request body must be a JSON object (" +
                                 parsed.error().message + ")");
  }
  return parsed;
}

http::Response ErrorResponse(const core::Error& error) {
  if (accounts::IsSuspendedError(error)) {
    // A code of its own, so that the portal and API clients can tell it from other refusals.
    return http::Response::Json(
        403, core::json::object{{"error", core::json::object{{"code", "account_suspended"},
                                                             {"message", error.message}}}});
  }
  if (accounts::IsAccountClosed(error)) {
    // 403 with its own code, so the portal can show the reopen deadline (account_closed.h).
    return http::Response::Json(
        403, core::json::object{
                 {"error", core::json::object{
                               {"code", "account_closed"},
                               {"message", error.message.substr(
                                               accounts::kAccountClosedPrefix.size())}}}});
  }
  if (accounts::IsDisposableEmailError(error) || accounts::IsBusinessEmailRequiredError(error)) {
    // Codes of their own (issue 9), so clients can tell "use another address" from a typo.
    const char* code =
        accounts::IsDisposableEmailError(error) ? "disposable_email" : "business_email_required";
    return http::Response::Json(
        400, core::json::object{
                 {"error", core::json::object{{"code", code}, {"message", error.message}}}});
  }
  http::Response r = http::Response::Error(error);
  if (error.code == core::ErrorCode::kResourceExhausted) {
    r.WithHeader("Retry-After", std::to_string(accounts::LoginThrottle::RetryAfterSeconds(error)));
  }
  return r;
}

std::optional<std::string> CookieValue(const http::Request& req, std::string_view name) {
  for (std::string_view header : req.headers.GetAll("Cookie")) {
    while (!header.empty()) {
      size_t semi = header.find(';');
      std::string_view pair = header.substr(0, semi);
      header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      size_t eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
        return std::string(pair.substr(eq + 1));
      }
    }
  }
  return std::nullopt;
}

std::string Rfc3339Millis(int64_t unix_ms) {
  return core::FormatRfc3339(core::TimePoint(std::chrono::milliseconds(unix_ms)));
}

core::json::value TimeOrNull(std::optional<int64_t> unix_ms) {
  if (!unix_ms) return nullptr;
  return core::json::value(Rfc3339Millis(*unix_ms));
}

core::Result<int64_t> ParseTimeField(std::string_view field, std::string_view text) {
  auto t = core::ParseRfc3339(text);
  if (!t) {
    return core::InvalidArgument(std::string(field) +
                                 " must be an RFC 3339 time like 2026-12-31T00:00:00Z");
  }
  return std::chrono::duration_cast<std::chrono::milliseconds>(t->time_since_epoch()).count();
}

core::json::value JsonSchema(std::string_view text) {
  auto parsed = core::ParseJson(text);
  if (!parsed) {
    core::log::Error("api.bad_schema", {{"error", parsed.error().message}});
    std::abort();
  }
  return *parsed;
}

core::Result<int> IntParam(std::string_view field, std::string_view text, int lo, int hi) {
  int v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < lo || v > hi) {
    return core::InvalidArgument(
        fmt::format("{}: must be a whole number from {} to {} (got '{}')", field, lo, hi, text));
  }
  return v;
}

core::Result<int> LimitParam(const http::Request& req, int fallback, int max) {
  auto text = req.Query("limit");
  if (!text) return fallback;
  return IntParam("limit", *text, 1, max);
}

}  // namespace leados::api
