#pragma once
// Byte <-> text encodings: hex, base64 (standard and URL-safe), base32 (RFC 4648) and
// Crockford base32 (used by ids). Pure functions, thread-safe.

#include <optional>
#include <string>
#include <string_view>

namespace leados::core {

std::string HexEncode(std::string_view bytes);                     // lowercase
std::optional<std::string> HexDecode(std::string_view text);       // either case
std::string Base64Encode(std::string_view bytes);                  // with '=' padding
std::optional<std::string> Base64Decode(std::string_view text);    // padding optional
std::string Base64UrlEncode(std::string_view bytes);               // no padding
std::optional<std::string> Base64UrlDecode(std::string_view text);
std::string Base32Encode(std::string_view bytes);                  // RFC 4648, no padding
std::optional<std::string> Base32Decode(std::string_view text);    // case- and padding-insensitive
std::string CrockfordBase32Encode(std::string_view bytes);         // uppercase, no padding
// RFC 3986 percent-encoding for a URL query value: A-Z a-z 0-9 - . _ ~ kept, every other byte
// %XX (uppercase hex), so ' ' is %20 and '"' is %22.
std::string PercentEncode(std::string_view bytes);

}  // namespace leados::core
