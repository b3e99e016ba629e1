#pragma once
// Character encodings of fetched documents: find the declared encoding (BOM, HTTP charset, XML
// declaration, HTML meta) and convert the bytes to valid UTF-8 with glibc iconv.
// Pure functions, thread-safe.
//
// Policy for wrong declarations (documented in src/ingest/README.md):
//  - declared (or defaulted) UTF-8 but the bytes are not valid UTF-8 -> decoded as windows-1252,
//    the usual mislabel;
//  - declared ISO-8859-1/windows-1252/ASCII but the bytes are valid UTF-8 with multi-byte
//    sequences -> taken as UTF-8 (a server default that lies);
//  - an unknown encoding name -> UTF-8 with invalid sequences replaced by U+FFFD;
//  - bytes invalid in the declared encoding -> each bad byte becomes U+FFFD.
// The result is always valid UTF-8; `repaired` says one of the fallbacks was taken.

#include <string>
#include <string_view>

namespace leados::ingest {

// The encoding the document declares, lowercased ("utf-8", "iso-8859-2", "gb2312"), in the order
// of precedence: byte order mark, then `http_charset` (from Content-Type), then the XML
// declaration's encoding="…" or an HTML <meta charset>. Empty when nothing is declared.
std::string DeclaredEncoding(std::string_view bytes, std::string_view http_charset = "");

struct Utf8Text {
  std::string text;       // valid UTF-8, without a byte order mark
  std::string encoding;   // the encoding actually used to decode ("utf-8", "windows-1252", …)
  bool repaired = false;  // a fallback of the policy above was taken
};

// Converts `bytes` declared as `encoding` (empty = UTF-8) to UTF-8 following the policy above.
// Never fails.
Utf8Text ToUtf8(std::string_view bytes, std::string_view encoding);

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view text);
// `text` with every ill-formed byte replaced by U+FFFD.
std::string RepairUtf8(std::string_view text);
// Appends the UTF-8 form of code point `cp` (invalid code points become U+FFFD).
void AppendUtf8(std::string& out, char32_t cp);

}  // namespace leados::ingest
