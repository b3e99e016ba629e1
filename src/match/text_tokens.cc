#include "match/text_tokens.h"

#include <algorithm>
#include <array>

namespace leados::match {
namespace {

constexpr char32_t kInvalid = 0xFFFD;

// Decodes the code point at s[i]; sets `len` to its byte length (1 for an invalid byte).
char32_t Decode(std::string_view s, size_t i, size_t& len) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    len = 1;
    return b0;
  }
  size_t need = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    need = 1, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    need = 2, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    need = 3, cp = b0 & 0x07, min = 0x10000;
  } else {
    len = 1;
    return kInvalid;
  }
  if (i + need >= s.size()) {
    len = 1;
    return kInvalid;
  }
  for (size_t k = 1; k <= need; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      len = 1;
      return kInvalid;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    len = 1;
    return kInvalid;
  }
  len = need + 1;
  return cp;
}

void Encode(char32_t cp, std::string& out) {
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

// ASCII classes: 0 separator, 1 word, 2 '+'/'#' (may end a word).
constexpr std::array<uint8_t, 128> MakeAsciiClass() {
  std::array<uint8_t, 128> t{};
  for (int c = '0'; c <= '9'; ++c) t[c] = 1;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = 1;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = 1;
  t['+'] = 2;
  t['#'] = 2;
  return t;
}
constexpr std::array<uint8_t, 128> kAsciiClass = MakeAsciiClass();

bool IsAttachable(char c) {
  return c == '+' || c == '#';
}

bool WordAt(std::string_view s, size_t i) {
  if (i >= s.size()) return false;
  size_t len = 0;
  return IsWordCodePoint(Decode(s, i, len));
}

}  // namespace

char32_t FoldCodePoint(char32_t cp) {
  if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 0x20 : cp;
  if (cp < 0x100) return (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ? cp + 0x20 : cp;
  if (cp < 0x180) {  // Latin Extended-A
    if (cp == 0x130) return 'i';
    if (cp == 0x131 || cp == 0x138 || cp == 0x149) return cp;
    if (cp == 0x178) return 0xFF;
    if (cp == 0x17F) return 's';
    if (cp < 0x138) return (cp % 2 == 0) ? cp + 1 : cp;
    if (cp < 0x149) return (cp % 2 == 1) ? cp + 1 : cp;
    if (cp < 0x178) return (cp % 2 == 0) ? cp + 1 : cp;
    return (cp % 2 == 1) ? cp + 1 : cp;  // 0x179..0x17E
  }
  if (cp >= 0x370 && cp < 0x400) {  // Greek
    if (cp == 0x386) return 0x3AC;
    if (cp >= 0x388 && cp <= 0x38A) return cp + 0x25;
    if (cp == 0x38C) return 0x3CC;
    if (cp == 0x38E || cp == 0x38F) return cp + 0x3F;
    if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) return cp + 0x20;
    if (cp == 0x3C2) return 0x3C3;
    return cp;
  }
  if (cp >= 0x400 && cp < 0x530) {  // Cyrillic and Cyrillic Supplement
    if (cp < 0x410) return cp + 0x50;
    if (cp < 0x430) return cp + 0x20;
    if (cp < 0x460) return cp;
    if (cp < 0x482 || (cp >= 0x48A && cp < 0x4C0) || cp >= 0x4D0)
      return (cp % 2 == 0) ? cp + 1 : cp;
    if (cp == 0x4C0) return 0x4CF;
    if (cp >= 0x4C1 && cp <= 0x4CE) return (cp % 2 == 1) ? cp + 1 : cp;
    return cp;
  }
  if (cp >= 0xFF21 && cp <= 0xFF3A) return cp + 0x20;  // fullwidth A-Z
  return cp;
}

bool IsWordCodePoint(char32_t cp) {
  if (cp < 0x80) return kAsciiClass[cp] == 1;
  if (cp < 0xC0) return cp == 0xAA || cp == 0xB5 || cp == 0xBA;  // NBSP, ©, «, ¿ ... separate
  if (cp == 0xD7 || cp == 0xF7) return false;                    // × ÷
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;  // general punctuation, currency, symbols, arrows
  if (cp >= 0x3000 && cp <= 0x303F) return false;  // CJK punctuation
  if (cp >= 0xFE00 && cp <= 0xFE0F) return false;  // variation selectors
  if (cp >= 0xFE30 && cp <= 0xFE4F) return false;  // CJK compatibility forms
  if (cp == 0xFEFF || cp == kInvalid) return false;
  if (cp >= 0xFF00 && cp <= 0xFF0F) return false;  // fullwidth punctuation
  if (cp >= 0xFF1A && cp <= 0xFF20) return false;
  if (cp >= 0xFF3B && cp <= 0xFF40) return false;
  if (cp >= 0xFF5B && cp <= 0xFF65) return false;
  if (cp >= 0xE000 && cp <= 0xF8FF) return false;    // private use
  if (cp >= 0x1F000 && cp <= 0x1FAFF) return false;  // emoji and pictographs
  return true;
}

void FoldedText::Clear() {
  folded_.clear();
  tokens_.clear();
  field_first_token_.assign(1, 0);
}

int FoldedText::AppendField(std::string_view text) {
  const int field = field_count();
  if (field > 0) folded_.push_back('\n');
  bool in_word = false;
  bool first_in_field = true;
  TokenSpan cur;
  auto start_word = [&](size_t i) {
    if (!first_in_field) folded_.push_back(' ');
    first_in_field = false;
    cur.begin = static_cast<uint32_t>(i);
    cur.folded_begin = static_cast<uint32_t>(folded_.size());
    in_word = true;
  };
  auto end_word = [&](size_t i) {
    cur.end = static_cast<uint32_t>(i);
    cur.folded_end = static_cast<uint32_t>(folded_.size());
    tokens_.push_back(cur);
    in_word = false;
  };
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {  // ASCII fast path
      const uint8_t cls = kAsciiClass[b];
      if (cls == 1) {
        if (!in_word) start_word(i);
        folded_.push_back(static_cast<char>((b >= 'A' && b <= 'Z') ? b + 0x20 : b));
        ++i;
        continue;
      }
      if (in_word) {
        if (cls == 2) {
          size_t j = i;
          while (j < n && IsAttachable(text[j])) ++j;
          if (!WordAt(text, j)) {
            folded_.append(text.substr(i, j - i));
            end_word(j);
            i = j;
            continue;
          }
        }
        end_word(i);
      }
      ++i;
      continue;
    }
    size_t len = 0;
    const char32_t cp = Decode(text, i, len);
    if (IsWordCodePoint(cp)) {
      if (!in_word) start_word(i);
      Encode(FoldCodePoint(cp), folded_);
    } else if (in_word) {
      end_word(i);
    }
    i += len;
  }
  if (in_word) end_word(n);
  field_first_token_.push_back(static_cast<uint32_t>(tokens_.size()));
  return field;
}

int FoldedText::FieldOfToken(uint32_t token) const {
  auto it = std::upper_bound(field_first_token_.begin(), field_first_token_.end(), token);
  return static_cast<int>(it - field_first_token_.begin()) - 1;
}

std::vector<std::string> FoldWords(std::string_view text) {
  FoldedText f;
  f.AppendField(text);
  std::vector<std::string> out;
  out.reserve(f.tokens().size());
  for (uint32_t t = 0; t < f.tokens().size(); ++t) out.emplace_back(f.Word(t));
  return out;
}

std::string FoldString(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    size_t len = 0;
    const char32_t cp = Decode(text, i, len);
    if (cp == kInvalid) {
      out.push_back(text[i]);
    } else {
      Encode(FoldCodePoint(cp), out);
    }
    i += len;
  }
  return out;
}

size_t CodePointCount(std::string_view text) {
  size_t count = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t len = 0;
    Decode(text, i, len);
    i += len;
    ++count;
  }
  return count;
}

}  // namespace leados::match
