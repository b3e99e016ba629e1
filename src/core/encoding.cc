#include "core/encoding.h"

#include <array>
#include <cstdint>

namespace leados::core {
namespace {

constexpr char kHex[] = "0123456789abcdef";
constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kB64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr char kB32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string EncodeBits(std::string_view bytes, const char* alphabet, int bits_per_char, bool pad,
                       size_t pad_block) {
  std::string out;
  out.reserve(bytes.size() * 8 / bits_per_char + 8);
  uint32_t buffer = 0;
  int bits = 0;
  const uint32_t mask = (1u << bits_per_char) - 1;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= bits_per_char) {
      out.push_back(alphabet[(buffer >> (bits - bits_per_char)) & mask]);
      bits -= bits_per_char;
    }
  }
  if (bits > 0) out.push_back(alphabet[(buffer << (bits_per_char - bits)) & mask]);
  if (pad) {
    while (out.size() % pad_block != 0) out.push_back('=');
  }
  return out;
}

std::optional<std::string> DecodeBits(std::string_view text, const std::array<int8_t, 256>& table,
                                      int bits_per_char) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  std::string out;
  out.reserve(text.size() * bits_per_char / 8);
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : text) {
    const int v = table[c];
    if (v < 0) return std::nullopt;
    buffer = (buffer << bits_per_char) | static_cast<uint32_t>(v);
    bits += bits_per_char;
    if (bits >= 8) {
      out.push_back(static_cast<char>((buffer >> (bits - 8)) & 0xFF));
      bits -= 8;
    }
  }
  // Leftover bits must be zero padding, or the text was not produced by an encoder.
  if (bits >= bits_per_char || (buffer & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

std::array<int8_t, 256> Table(const char* alphabet, bool fold_case) {
  std::array<int8_t, 256> t{};
  t.fill(-1);
  for (int i = 0; alphabet[i]; ++i) {
    const auto c = static_cast<unsigned char>(alphabet[i]);
    t[c] = static_cast<int8_t>(i);
    if (fold_case && c >= 'A' && c <= 'Z') t[c - 'A' + 'a'] = static_cast<int8_t>(i);
  }
  return t;
}

}  // namespace

std::string HexEncode(std::string_view bytes) {
  std::string out(bytes.size() * 2, '\0');
  for (size_t i = 0; i < bytes.size(); ++i) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    out[2 * i] = kHex[b >> 4];
    out[2 * i + 1] = kHex[b & 0xF];
  }
  return out;
}

std::optional<std::string> HexDecode(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  std::string out(text.size() / 2, '\0');
  for (size_t i = 0; i < out.size(); ++i) {
    const int hi = HexValue(text[2 * i]);
    const int lo = HexValue(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<char>((hi << 4) | lo);
  }
  return out;
}

std::string Base64Encode(std::string_view bytes) { return EncodeBits(bytes, kB64, 6, true, 4); }

std::optional<std::string> Base64Decode(std::string_view text) {
  static const auto table = Table(kB64, false);
  return DecodeBits(text, table, 6);
}

std::string Base64UrlEncode(std::string_view bytes) { return EncodeBits(bytes, kB64Url, 6, false, 4); }

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  static const auto table = Table(kB64Url, false);
  return DecodeBits(text, table, 6);
}

std::string Base32Encode(std::string_view bytes) { return EncodeBits(bytes, kB32, 5, false, 8); }

std::optional<std::string> Base32Decode(std::string_view text) {
  static const auto table = Table(kB32, true);
  return DecodeBits(text, table, 5);
}

std::string CrockfordBase32Encode(std::string_view bytes) {
  return EncodeBits(bytes, kCrockford, 5, false, 8);
}

std::string PercentEncode(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size());
  for (char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace leados::core
