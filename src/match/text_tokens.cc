#include "match/text_tokens.h"

#include <algorithm>
#include <array>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

// Writes the UTF-8 form of `cp` at `out`; returns the number of bytes written (1 to 4).
size_t EncodeTo(char32_t cp, char* out) {
  if (cp < 0x80) {
    out[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = static_cast<char>(0xC0 | (cp >> 6));
    out[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (cp >> 12));
    out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (cp >> 18));
  out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}

void Encode(char32_t cp, std::string& out) {
  char buf[4];
  out.append(buf, EncodeTo(cp, buf));
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

// For every byte: its folded form when it is an ASCII letter or digit, else 0 (separators, '+',
// '#' and the bytes of multi-byte UTF-8 sequences take the slow path).
constexpr std::array<char, 256> MakeAsciiWordFold() {
  std::array<char, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[c] = static_cast<char>(c);
  for (int c = 'a'; c <= 'z'; ++c) t[c] = static_cast<char>(c);
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = static_cast<char>(c + 0x20);
  return t;
}
constexpr std::array<char, 256> kAsciiWordFold = MakeAsciiWordFold();

#if defined(__SSE2__)
// 16 bytes classified at once (SSE2 is part of x86-64): `word` has a bit per ASCII letter or
// digit, `slow` a bit per byte the scalar code must see ('+', '#', any byte >= 0x80), and
// `folded` the 16 bytes with A-Z lowered.
struct Chunk16 {
  uint32_t word;
  uint32_t slow;
  uint32_t space;  // a bit per ' '
  __m128i folded;
};

inline Chunk16 ClassifyChunk(const unsigned char* p) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  auto in_range = [&](__m128i x, char lo, char hi) {  // signed compare: bytes >= 0x80 are < lo
    return _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8(static_cast<char>(lo - 1))),
                         _mm_cmpgt_epi8(_mm_set1_epi8(static_cast<char>(hi + 1)), x));
  };
  const __m128i upper = in_range(v, 'A', 'Z');
  const __m128i alpha = in_range(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 'z');
  const __m128i digit = in_range(v, '0', '9');
  const __m128i special =
      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('+')), _mm_cmpeq_epi8(v, _mm_set1_epi8('#')));
  Chunk16 c;
  c.word = static_cast<uint32_t>(_mm_movemask_epi8(_mm_or_si128(alpha, digit)));
  c.slow = static_cast<uint32_t>(_mm_movemask_epi8(_mm_or_si128(special, v)));
  c.space = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' '))));
  c.folded = _mm_or_si128(v, _mm_and_si128(upper, _mm_set1_epi8(0x20)));
  return c;
}

inline uint32_t CountTrailingZeros16(uint32_t bits) {
  return bits == 0 ? 16 : static_cast<uint32_t>(__builtin_ctz(bits));
}
#endif

bool g_fold_simd = true;  // testing::SetFoldSimdEnabled

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

// The hot loop of matching (every signal passes here once). It writes through a raw pointer into
// space reserved up front: the folded form of a field never needs more than one byte per input
// byte plus the '\n' before it (folding never lengthens a code point's UTF-8 form, and the ' '
// between two words replaces at least one separator byte), so `2 * size + 32` is a safe bound,
// with room for the 16-byte stores of the SSE2 path. That path handles runs of ASCII letters,
// digits and separators 16 bytes at a time; every other byte goes through the scalar code below
// it, which is the definition of the rules (the differential and semantics tests cover both).
int FoldedText::AppendField(std::string_view text, bool with_tokens) {
  return with_tokens ? AppendFieldImpl<true>(text) : AppendFieldImpl<false>(text);
}

template <bool kTokens>
int FoldedText::AppendFieldImpl(std::string_view text) {
  const int field = field_count();
  const size_t n = text.size();
  const size_t base = folded_.size();
  folded_.resize(base + 2 * n + 32);
  char* const out = folded_.data();
  size_t o = base;
  if (field > 0) out[o++] = '\n';
  bool in_word = false;
  bool first_in_field = true;
  TokenSpan cur;
  auto start_word = [&](size_t i) {
    if (!first_in_field) out[o++] = ' ';
    first_in_field = false;
    if constexpr (kTokens) {
      cur.begin = static_cast<uint32_t>(i);
      cur.folded_begin = static_cast<uint32_t>(o);
    }
    in_word = true;
  };
  auto end_word = [&](size_t i) {
    if constexpr (kTokens) {
      cur.end = static_cast<uint32_t>(i);
      cur.folded_end = static_cast<uint32_t>(o);
      tokens_.push_back(cur);
    }
    in_word = false;
  };
  if constexpr (kTokens) tokens_.reserve(tokens_.size() + n / 2 + 2);
  const auto* const in = reinterpret_cast<const unsigned char*>(text.data());
  size_t i = 0;
  while (i < n) {
#if defined(__SSE2__)
    if (i + 16 <= n && g_fold_simd) {
      // Every word and separator run of the chunk's plain ASCII prefix (up to its first '+', '#'
      // or byte >= 0x80) without looking at single bytes.
      const Chunk16 c = ClassifyChunk(in + i);
      if constexpr (!kTokens) {
        // Plain prose: ASCII words separated by single spaces. The folded form is then the
        // lowered bytes themselves, so the chunk is copied whole (no word positions needed).
        const uint32_t nonword = ~c.word & 0xFFFF;
        if (c.slow == 0 && nonword == c.space && (nonword & (nonword >> 1)) == 0 &&
            ((nonword & 1) == 0 || in_word)) {
          if (!in_word && !first_in_field) out[o++] = ' ';  // the space before this chunk's word
          _mm_storeu_si128(reinterpret_cast<__m128i*>(out + o), c.folded);
          const bool ends_in_space = (nonword & 0x8000) != 0;
          o += ends_in_space ? 15 : 16;  // a trailing space is written by the next word
          in_word = !ends_in_space;
          first_in_field = false;
          i += 16;
          continue;
        }
      }
      alignas(16) char folded[32];
      _mm_store_si128(reinterpret_cast<__m128i*>(folded), c.folded);
      const uint32_t limit = CountTrailingZeros16(c.slow);
      const uint32_t nonword = ~c.word & 0xFFFF;
      uint32_t p = 0;
      while (p < limit) {
        if (in_word) {
          const uint32_t q = std::min(CountTrailingZeros16(nonword & (0xFFFFu << p)), limit);
          _mm_storeu_si128(reinterpret_cast<__m128i*>(out + o),
                           _mm_loadu_si128(reinterpret_cast<const __m128i*>(folded + p)));
          o += q - p;
          p = q;
          if (q < limit) end_word(i + q);
        } else {
          p = std::min(CountTrailingZeros16(c.word & (0xFFFFu << p)), limit);
          if (p < limit) start_word(i + p);
        }
      }
      i += limit;
      if (limit == 16) continue;
      // in[i] is '+', '#' or a byte >= 0x80 (and i < n): the scalar step below takes it.
    }
#endif
    const auto b = in[i];
    if (char f = kAsciiWordFold[b]; f != 0) {  // an ASCII letter or digit: the run in one loop
      if (!in_word) start_word(i);
      do {
        out[o++] = f;
        ++i;
      } while (i < n && (f = kAsciiWordFold[in[i]]) != 0);
      continue;
    }
    if (b < 0x80) {
      const uint8_t cls = kAsciiClass[b];
      if (in_word) {
        if (cls == 2) {
          size_t j = i;
          while (j < n && IsAttachable(text[j])) ++j;
          if (!WordAt(text, j)) {
            for (size_t k = i; k < j; ++k) out[o++] = text[k];
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
      o += EncodeTo(FoldCodePoint(cp), out + o);
    } else if (in_word) {
      end_word(i);
    }
    i += len;
  }
  if (in_word) end_word(n);
  folded_.resize(o);
  field_first_token_.push_back(static_cast<uint32_t>(tokens_.size()));
  return field;
}

namespace testing {
void SetFoldSimdEnabled(bool enabled) {
  g_fold_simd = enabled;
}
}  // namespace testing

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
