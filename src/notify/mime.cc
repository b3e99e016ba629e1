#include "notify/mime.h"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>

#include "core/encoding.h"

namespace leados::notify {
namespace {

bool IsPrintableAscii(std::string_view text) {
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7e) return false;
  }
  return true;
}

// Strips CR/LF so no header value can inject another header.
std::string OneLine(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) out += (c == '\r' || c == '\n') ? ' ' : c;
  return out;
}

// A filename for a Content-Type/Content-Disposition parameter: printable ASCII without quotes,
// backslashes or path separators (others become '_'); "attachment" when empty.
std::string SafeFilename(std::string_view name) {
  std::string out;
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    const bool ok = u > 0x20 && u < 0x7f && c != '"' && c != '\\' && c != '/';
    out += ok ? c : '_';
  }
  return out.empty() ? "attachment" : out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

std::string FormatRfc5322Date(core::TimePoint t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return fmt::format("{}, {:02d} {} {:04d} {:02d}:{:02d}:{:02d} +0000", kDays[tm.tm_wday],
                     tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                     tm.tm_sec);
}

std::string EncodeHeaderWord(std::string_view text) {
  std::string line = OneLine(text);
  if (IsPrintableAscii(line)) return line;
  // 45 bytes -> 60 base64 characters + 12 for "=?UTF-8?B?" "?=" = 72 <= 75.
  constexpr size_t kChunk = 45;
  std::string out;
  size_t pos = 0;
  while (pos < line.size()) {
    size_t end = std::min(line.size(), pos + kChunk);
    // Do not cut a UTF-8 sequence: move back over continuation bytes.
    while (end < line.size() && end > pos &&
           (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) {
      --end;
    }
    if (end == pos) end = std::min(line.size(), pos + kChunk);
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + core::Base64Encode(std::string_view(line).substr(pos, end - pos)) + "?=";
    pos = end;
  }
  return out;
}

std::string EncodeQuotedPrintable(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  size_t col = 0;
  auto emit = [&](std::string_view piece) {
    if (col + piece.size() > 75) {  // keep room for the soft-break '='
      out += "=\r\n";
      col = 0;
    }
    out += piece;
    col += piece.size();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;  // CRLF -> one break
    if (c == '\n') {
      out += "\r\n";
      col = 0;
      continue;
    }
    auto u = static_cast<unsigned char>(c);
    bool next_is_break = i + 1 == text.size() || text[i + 1] == '\n' || text[i + 1] == '\r';
    bool plain = (u >= 33 && u <= 126 && c != '=') || ((c == ' ' || c == '\t') && !next_is_break);
    if (c == '.' && col == 0) plain = false;
    if (plain) {
      emit(std::string_view(&c, 1));
    } else {
      char buf[3] = {'=', kHex[u >> 4], kHex[u & 0xF]};
      emit(std::string_view(buf, 3));
    }
  }
  return out;
}

std::string DecodeQuotedPrintable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c != '=') {
      out += c;
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '\n') {  // soft break, LF
      i += 1;
      continue;
    }
    if (i + 2 < text.size() && text[i + 1] == '\r' && text[i + 2] == '\n') {  // soft break, CRLF
      i += 2;
      continue;
    }
    if (i + 2 < text.size()) {
      int hi = HexValue(text[i + 1]);
      int lo = HexValue(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += c;  // a stray '=' is kept as text
  }
  return out;
}

std::string BareAddress(std::string_view from) {
  size_t open = from.rfind('<');
  size_t close = from.rfind('>');
  if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
    return std::string(from.substr(open + 1, close - open - 1));
  }
  // Trim spaces.
  size_t b = from.find_first_not_of(' ');
  size_t e = from.find_last_not_of(' ');
  if (b == std::string_view::npos) return "";
  return std::string(from.substr(b, e - b + 1));
}

std::string AddressDomain(std::string_view from) {
  std::string bare = BareAddress(from);
  size_t at = bare.rfind('@');
  if (at == std::string::npos || at + 1 >= bare.size()) return "localhost";
  return bare.substr(at + 1);
}

std::string BuildMimeMessage(const Email& email, std::string_view from, core::TimePoint date,
                             std::string_view message_id, std::string_view boundary) {
  std::string m;
  m.reserve(email.text.size() + email.html.size() + 1024);
  m += "Date: " + FormatRfc5322Date(date) + "\r\n";
  m += "From: " + OneLine(from) + "\r\n";
  m += "To: " + OneLine(email.to) + "\r\n";
  m += "Subject: " + EncodeHeaderWord(email.subject) + "\r\n";
  m += "Message-ID: <" + OneLine(message_id) + ">\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "Auto-Submitted: auto-generated\r\n";
  // With attachments the text and HTML alternatives are the first part of a multipart/mixed
  // whose boundary is the given one with "mixed-" in front (so it cannot occur in the inner one).
  const std::string mixed = "mixed-" + std::string(boundary);
  if (!email.attachments.empty()) {
    m += fmt::format("Content-Type: multipart/mixed; boundary=\"{}\"\r\n", mixed);
    m += "\r\n";
    m += "This is a multi-part message in MIME format.\r\n";
    m += fmt::format("\r\n--{}\r\n", mixed);
  }
  m += fmt::format("Content-Type: multipart/alternative; boundary=\"{}\"\r\n", boundary);
  m += "\r\n";
  if (email.attachments.empty()) m += "This is a multi-part message in MIME format.\r\n";
  auto part = [&](std::string_view type, std::string_view body) {
    m += fmt::format("\r\n--{}\r\n", boundary);
    m += fmt::format("Content-Type: {}; charset=UTF-8\r\n", type);
    m += "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
    m += EncodeQuotedPrintable(body);  // the CRLF before the next delimiter belongs to it
  };
  part("text/plain", email.text);
  part("text/html", email.html);
  m += fmt::format("\r\n--{}--\r\n", boundary);
  for (const auto& file : email.attachments) {
    const std::string name = SafeFilename(file.filename);
    m += fmt::format("\r\n--{}\r\n", mixed);
    m += fmt::format("Content-Type: {}; name=\"{}\"\r\n", OneLine(file.content_type), name);
    m += "Content-Transfer-Encoding: base64\r\n";
    m += fmt::format("Content-Disposition: attachment; filename=\"{}\"\r\n\r\n", name);
    const std::string encoded = core::Base64Encode(file.content);
    for (size_t pos = 0; pos < encoded.size(); pos += 76) {
      m += encoded.substr(pos, 76) + "\r\n";
    }
  }
  if (!email.attachments.empty()) m += fmt::format("\r\n--{}--\r\n", mixed);
  return m;
}

}  // namespace leados::notify
