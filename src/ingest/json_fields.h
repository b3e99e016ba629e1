#pragma once
// Lenient field readers for third-party JSON payloads (connectors only): a wrong type reads as
// absent, never as an error, because upstream APIs change shapes without notice.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/json.h"

namespace leados::ingest::jsonf {

// String value of `key`; numbers are rendered as integers; "" when absent or another type.
std::string Str(const core::json::object& o, std::string_view key);
// Integer value of `key` (int, uint, or a double such as Reddit's created_utc 1468865461.0).
std::optional<int64_t> Int(const core::json::object& o, std::string_view key);
bool Bool(const core::json::object& o, std::string_view key, bool fallback = false);
// The object / array at `key`, or nullptr.
const core::json::object* Obj(const core::json::object& o, std::string_view key);
const core::json::array* Arr(const core::json::object& o, std::string_view key);
// String or number value `v` as text ("" otherwise).
std::string AsText(const core::json::value& v);

}  // namespace leados::ingest::jsonf
