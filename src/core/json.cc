#include "core/json.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cmath>
#include <fmt/format.h>

namespace leados::core {

Result<json::value> ParseJson(std::string_view text) {
  boost::system::error_code ec;
  json::parse_options opts;
  opts.max_depth = 64;
  json::value v = json::parse(text, ec, {}, opts);
  if (ec) return InvalidArgument(fmt::format("invalid JSON: {}", ec.message()));
  return v;
}

Result<json::object> ParseJsonObject(std::string_view text) {
  auto v = ParseJson(text);
  if (!v) return Fail(v.error());
  if (!v->is_object()) return InvalidArgument("expected a JSON object");
  return std::move(v->as_object());
}

std::string ToJson(const json::value& v) { return json::serialize(v); }

namespace {
const json::value* Field(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return nullptr;
  return &it->value();
}
std::unexpected<Error> WrongType(std::string_view key, std::string_view type) {
  return InvalidArgument(fmt::format("field '{}' must be {}", key, type));
}
}  // namespace

Result<std::optional<std::string>> OptString(const json::object& o, std::string_view key) {
  const auto* v = Field(o, key);
  if (!v) return std::optional<std::string>();
  if (!v->is_string()) return WrongType(key, "a string");
  return std::optional<std::string>(std::string(v->as_string()));
}

Result<std::optional<int64_t>> OptInt(const json::object& o, std::string_view key) {
  const auto* v = Field(o, key);
  if (!v) return std::optional<int64_t>();
  if (v->is_int64()) return std::optional<int64_t>(v->as_int64());
  if (v->is_uint64() && v->as_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
    return std::optional<int64_t>(static_cast<int64_t>(v->as_uint64()));
  }
  if (v->is_double() && std::trunc(v->as_double()) == v->as_double() &&
      std::fabs(v->as_double()) < 9.0e15) {
    return std::optional<int64_t>(static_cast<int64_t>(v->as_double()));
  }
  return WrongType(key, "an integer");
}

Result<std::optional<double>> OptDouble(const json::object& o, std::string_view key) {
  const auto* v = Field(o, key);
  if (!v) return std::optional<double>();
  if (v->is_double()) return std::optional<double>(v->as_double());
  if (v->is_int64()) return std::optional<double>(static_cast<double>(v->as_int64()));
  if (v->is_uint64()) return std::optional<double>(static_cast<double>(v->as_uint64()));
  return WrongType(key, "a number");
}

Result<std::optional<bool>> OptBool(const json::object& o, std::string_view key) {
  const auto* v = Field(o, key);
  if (!v) return std::optional<bool>();
  if (!v->is_bool()) return WrongType(key, "true or false");
  return std::optional<bool>(v->as_bool());
}

Result<std::string> ReqString(const json::object& o, std::string_view key) {
  auto r = OptString(o, key);
  if (!r) return Fail(r.error());
  if (!*r) return InvalidArgument(fmt::format("field '{}' is required", key));
  return std::move(**r);
}

Result<int64_t> ReqInt(const json::object& o, std::string_view key) {
  auto r = OptInt(o, key);
  if (!r) return Fail(r.error());
  if (!*r) return InvalidArgument(fmt::format("field '{}' is required", key));
  return **r;
}

std::string StringOr(const json::object& o, std::string_view key, std::string_view fallback) {
  const auto* v = Field(o, key);
  if (v && v->is_string()) return std::string(v->as_string());
  return std::string(fallback);
}

int64_t IntOr(const json::object& o, std::string_view key, int64_t fallback) {
  auto r = OptInt(o, key);
  return (r && *r) ? **r : fallback;
}

bool BoolOr(const json::object& o, std::string_view key, bool fallback) {
  const auto* v = Field(o, key);
  return (v && v->is_bool()) ? v->as_bool() : fallback;
}

std::string ErrorBody(const Error& error) {
  json::object inner;
  inner["code"] = CodeName(error.code);
  inner["message"] = error.message;
  json::object outer;
  outer["error"] = std::move(inner);
  return json::serialize(outer);
}

}  // namespace leados::core
