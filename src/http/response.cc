#include "http/response.h"

#include "http/request.h"

namespace leados::http {

Response Response::Json(int status, const core::json::value& value) {
  return RawJson(status, core::ToJson(value));
}

Response Response::RawJson(int status, std::string json_text) {
  Response r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "application/json");
  r.body = std::move(json_text);
  return r;
}

Response Response::Text(int status, std::string text, std::string content_type) {
  Response r;
  r.status = status;
  r.headers.emplace_back("Content-Type", std::move(content_type));
  r.body = std::move(text);
  return r;
}

Response Response::Error(const core::Error& error) {
  return Error(core::HttpStatus(error.code), error);
}

Response Response::Error(int status, const core::Error& error) {
  return RawJson(status, core::ErrorBody(error));
}

std::string_view Response::Header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (EqualsIgnoreCase(n, name)) return v;
  }
  return {};
}

}  // namespace leados::http
