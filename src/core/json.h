#pragma once
// JSON helpers over Boost.JSON: parsing into Result, typed field access with messages that name
// the field, and compact serialisation. Thread-safe (no shared state).

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace leados::core {

namespace json = boost::json;

// Parses `text`; a syntax error becomes kInvalidArgument "invalid JSON at offset N: …".
Result<json::value> ParseJson(std::string_view text);
// Parses and requires an object at the top level.
Result<json::object> ParseJsonObject(std::string_view text);
// Compact serialisation.
std::string ToJson(const json::value& v);

// Typed access to an object's field. Missing or null fields give nullopt; a field of the wrong
// type gives kInvalidArgument naming the field, e.g. "field 'name' must be a string".
Result<std::optional<std::string>> OptString(const json::object& o, std::string_view key);
Result<std::optional<int64_t>> OptInt(const json::object& o, std::string_view key);
Result<std::optional<double>> OptDouble(const json::object& o, std::string_view key);
Result<std::optional<bool>> OptBool(const json::object& o, std::string_view key);
// As above, but a missing field is kInvalidArgument "field 'name' is required".
Result<std::string> ReqString(const json::object& o, std::string_view key);
Result<int64_t> ReqInt(const json::object& o, std::string_view key);

// Lenient readers for parsing third-party payloads: the value when present with the right type,
// otherwise the fallback.
std::string StringOr(const json::object& o, std::string_view key, std::string_view fallback = "");
int64_t IntOr(const json::object& o, std::string_view key, int64_t fallback = 0);
bool BoolOr(const json::object& o, std::string_view key, bool fallback = false);

// The JSON body of every API error: {"error":{"code":"…","message":"…"}}.
std::string ErrorBody(const Error& error);

}  // namespace leados::core
