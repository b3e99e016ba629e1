#pragma once
// Small helpers every API handler uses: reading a JSON body, answering errors (with Retry-After on
// 429), reading cookies, and formatting times.

#include <optional>
#include <string>
#include <string_view>

#include "core/json.h"
#include "core/result.h"
#include "http/request.h"
#include "http/response.h"

namespace leados::api {

// The body as a JSON object. kInvalidArgument "the request body must be a JSON object (…)" when it
// is empty, not JSON, or not an object.
core::Result<core::json::object> JsonBody(const http::Request& req);

// The JSON error answer for `error` (core::ErrorBody), with Retry-After when it is a 429, and
// the code `account_suspended` for accounts::SuspendedError() (403).
http::Response ErrorResponse(const core::Error& error);

// The value of cookie `name` in the request's Cookie headers, or nullopt.
std::optional<std::string> CookieValue(const http::Request& req, std::string_view name);

// RFC 3339 UTC text of a Unix-millisecond time ("2026-11-29T10:00:00.000Z").
std::string Rfc3339Millis(int64_t unix_ms);
// A JSON string of that time, or null.
core::json::value TimeOrNull(std::optional<int64_t> unix_ms);
// Parses an RFC 3339 time into Unix milliseconds; kInvalidArgument naming `field` otherwise.
core::Result<int64_t> ParseTimeField(std::string_view field, std::string_view text);

// A whole number from `lo` to `hi` in the query parameter `field`; kInvalidArgument "<field>: must
// be a whole number from lo to hi (got '…')" otherwise.
core::Result<int> IntParam(std::string_view field, std::string_view text, int lo, int hi);
// The `limit` query parameter of a listing: `fallback` when absent, else IntParam("limit", 1, max).
core::Result<int> LimitParam(const http::Request& req, int fallback, int max);

// Parses a JSON Schema written as a literal in the code (for http::Operation docs); aborts with a
// message on a typo, which the OpenAPI test catches at once.
core::json::value JsonSchema(std::string_view text);

}  // namespace leados::api
