#pragma once
// Text folding and word-boundary rules shared by every matcher in enrich (companies, technologies,
// places, role phrases). Folding is byte-wise and ASCII-only: A-Z become a-z, any ASCII whitespace
// becomes one space (runs collapse), every other byte (punctuation, UTF-8) is kept. Patterns are
// folded the same way, so "Exxon  Mobil" in a text matches the pattern "exxon mobil".

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace leados::enrich {

// Lower-case fold of one byte (ASCII only; whitespace -> ' ').
inline char FoldByte(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return static_cast<char>(c + ('a' - 'A'));
  if (c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return ' ';
  return static_cast<char>(c);
}

// Letters, digits, '_' and any non-ASCII byte (part of a UTF-8 letter) are word bytes.
inline bool IsWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c >= 0x80;
}

// A folded copy of a text with, for every folded byte, its offset in the original.
// Reused across calls (Clear keeps capacity) so scanning does not allocate once warm.
struct FoldedText {
  std::string text;
  std::vector<uint32_t> origin;

  void Clear() {
    text.clear();
    origin.clear();
  }
  // Appends the fold of `src`; origins are offsets into `src`. Leading spaces are dropped.
  void Assign(std::string_view src);
};

// The fold of a whole string (for patterns and dictionary keys).
std::string FoldString(std::string_view s);

// Word-boundary rule for a match [start, end) in a folded text:
//  left:  start is 0, or the byte before is not a word byte, not '@', and not a '.' glued to a
//         word ("foo.react" does not match "react");
//  right: end is the end, or the byte after is not a word byte, not '@', and not one of
//         '.', '&', '+', '#' followed by a word byte or by the same symbol ("node" in "node.js",
//         "c" in "c++", "at" in "at&t" do not match).
bool IsWordBounded(std::string_view folded, size_t start, size_t end);

// True when [start, ...) of the folded text begins a sentence: nothing before it, or the previous
// non-space byte is one of . ! ? : | ; ( " or a newline-derived boundary.
bool IsSentenceStart(std::string_view folded, size_t start);

// The word (run of word bytes) before `start` / after `end`, skipping spaces; empty if none.
std::string_view PreviousWord(std::string_view folded, size_t start);
std::string_view NextWord(std::string_view folded, size_t end);

}  // namespace leados::enrich
