#pragma once
// Response: what a handler returns. The server adds Content-Length, Connection and X-Request-Id.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json.h"
#include "core/result.h"

namespace leados::http {

struct Response {
  int status = 200;
  // Header fields in order; a name may repeat (Set-Cookie).
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // `value` serialised compactly, Content-Type application/json.
  static Response Json(int status, const core::json::value& value);
  // An already-serialised JSON text (use for static bodies so nothing is re-serialised).
  static Response RawJson(int status, std::string json_text);
  // Plain text, Content-Type `content_type` (default text/plain; charset=utf-8).
  static Response Text(int status, std::string text,
                       std::string content_type = "text/plain; charset=utf-8");
  // {"error":{"code":"…","message":"…"}} with status core::HttpStatus(error.code).
  static Response Error(const core::Error& error);
  // The same body shape with an explicit status, for HTTP-level errors that have a more precise
  // status than the code's (408, 431).
  static Response Error(int status, const core::Error& error);

  // Appends a header field (does not replace an existing one).
  Response& WithHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  // The first value of header `name` (case-insensitive), or "" when absent.
  std::string_view Header(std::string_view name) const;
};

}  // namespace leados::http
