#include "ingest/text_encoding.h"

#include <iconv.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <optional>

namespace leados::ingest {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Trim(std::string_view s) {
  while (!s.empty() && (std::isspace(static_cast<unsigned char>(s.front())) || s.front() == '"' ||
                        s.front() == '\'')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (std::isspace(static_cast<unsigned char>(s.back())) || s.back() == '"' ||
                        s.back() == '\'' || s.back() == ';')) {
    s.remove_suffix(1);
  }
  return std::string(s);
}

// Length of the well-formed UTF-8 sequence at the start of `s`, 0 when ill-formed.
size_t Utf8SeqLen(std::string_view s) {
  auto b = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  unsigned char c = b(0);
  if (c < 0x80) return 1;
  size_t n;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (s.size() < n) return 0;
  if (b(1) < lo || b(1) > hi) return 0;
  for (size_t i = 2; i < n; ++i) {
    if (b(i) < 0x80 || b(i) > 0xBF) return 0;
  }
  return n;
}

bool HasMultibyteUtf8(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

// windows-1252 0x80..0x9F; the rest is ISO-8859-1.
constexpr std::array<char16_t, 32> kCp1252High = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

std::string Windows1252ToUtf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (char ch : bytes) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out.push_back(ch);
    } else if (c < 0xA0) {
      AppendUtf8(out, kCp1252High[c - 0x80]);
    } else {
      AppendUtf8(out, c);
    }
  }
  return out;
}

bool IsUtf8Name(std::string_view e) { return e.empty() || e == "utf-8" || e == "utf8"; }
bool IsLatin1Family(std::string_view e) {
  return e == "iso-8859-1" || e == "latin1" || e == "latin-1" || e == "iso8859-1" ||
         e == "windows-1252" || e == "cp1252" || e == "us-ascii" || e == "ascii" ||
         e == "iso_8859-1";
}

// Converts with iconv; bytes the decoder rejects become U+FFFD. nullopt when iconv does not
// know the encoding.
std::optional<std::string> IconvToUtf8(std::string_view bytes, const std::string& from, bool* bad) {
  std::string name = from;
  // gb2312 pages routinely use GBK/GB18030 characters; GB18030 is a superset.
  if (name == "gb2312" || name == "gbk" || name == "x-gbk") name = "gb18030";
  iconv_t cd = iconv_open("UTF-8", name.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::string out;
  out.reserve(bytes.size() * 2);
  std::array<char, 16384> buf;
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  while (in_left > 0) {
    char* o = buf.data();
    size_t o_left = buf.size();
    size_t r = iconv(cd, &in, &in_left, &o, &o_left);
    out.append(buf.data(), buf.size() - o_left);
    if (r == static_cast<size_t>(-1)) {
      if (errno == E2BIG) continue;
      // EILSEQ or EINVAL (truncated sequence at the end): replace one byte and go on.
      *bad = true;
      AppendUtf8(out, 0xFFFD);
      ++in;
      --in_left;
      iconv(cd, nullptr, nullptr, nullptr, nullptr);
    }
  }
  iconv_close(cd);
  return out;
}

}  // namespace

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    // Fast path over ASCII.
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t n = Utf8SeqLen(text.substr(i));
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string RepairUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    size_t n = Utf8SeqLen(text.substr(i));
    if (n == 0) {
      AppendUtf8(out, 0xFFFD);
      ++i;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::string DeclaredEncoding(std::string_view bytes, std::string_view http_charset) {
  if (bytes.starts_with("\xEF\xBB\xBF")) return "utf-8";
  if (bytes.starts_with("\xFF\xFE")) return "utf-16le";
  if (bytes.starts_with("\xFE\xFF")) return "utf-16be";
  if (!http_charset.empty()) return Lower(Trim(http_charset));
  // UTF-16 without a BOM: "<\0?\0" or "\0<\0?".
  if (bytes.starts_with(std::string_view("<\0?\0", 4))) return "utf-16le";
  if (bytes.starts_with(std::string_view("\0<\0?", 4))) return "utf-16be";
  std::string_view head = bytes.substr(0, 1024);
  if (head.starts_with("<?xml")) {
    auto end = head.find("?>");
    std::string_view decl = head.substr(0, end);
    auto pos = decl.find("encoding");
    if (pos != std::string_view::npos) {
      auto q = decl.find_first_of("\"'", pos);
      if (q != std::string_view::npos) {
        auto q2 = decl.find(decl[q], q + 1);
        if (q2 != std::string_view::npos) return Lower(Trim(decl.substr(q + 1, q2 - q - 1)));
      }
    }
    return "";
  }
  // HTML: <meta charset="x"> or content="text/html; charset=x".
  std::string lower = Lower(head);
  auto pos = lower.find("charset=");
  if (pos != std::string::npos && lower.rfind("<meta", pos) != std::string::npos) {
    auto start = pos + 8;
    auto stop = lower.find_first_of(" \"'>;/", start + 1);
    return Trim(std::string_view(lower).substr(
        start, stop == std::string::npos ? std::string::npos : stop - start));
  }
  return "";
}

Utf8Text ToUtf8(std::string_view bytes, std::string_view encoding) {
  std::string enc = Lower(Trim(encoding));
  if (enc == "utf-8" || enc.empty()) {
    if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  }
  if (IsUtf8Name(enc)) {
    if (IsValidUtf8(bytes)) return {std::string(bytes), "utf-8", false};
    return {Windows1252ToUtf8(bytes), "windows-1252", true};
  }
  if (IsLatin1Family(enc)) {
    if (HasMultibyteUtf8(bytes) && IsValidUtf8(bytes)) return {std::string(bytes), "utf-8", true};
    return {Windows1252ToUtf8(bytes), "windows-1252", false};
  }
  bool bad = false;
  auto converted = IconvToUtf8(bytes, enc, &bad);
  if (!converted) return {RepairUtf8(bytes), "utf-8", true};
  std::string_view v = *converted;
  if (v.starts_with("\xEF\xBB\xBF")) v.remove_prefix(3);
  return {std::string(v), enc, bad};
}

}  // namespace leados::ingest
