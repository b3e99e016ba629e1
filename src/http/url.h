#pragma once
// Percent-decoding of request targets (RFC 3986) and query strings
// (application/x-www-form-urlencoded). Pure functions; used by the server and the router.

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace leados::http {

// Decodes %XX escapes; with `plus_is_space`, '+' becomes ' ' (query strings). Returns nullopt for
// a malformed escape ("%G1", a trailing "%") or an encoded NUL byte.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space = false);

// Splits "a=1&b=x+y&flag" into {a:1, b:"x y", flag:""}. Malformed escapes are kept verbatim.
std::multimap<std::string, std::string> ParseQuery(std::string_view query);

}  // namespace leados::http
