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

// A text folded once, with the offset in the original of every folded byte, so a match found in
// the folded text can be quoted and case-checked in the original. The Enricher folds a signal's
// title and body once and hands them to every finder (bench/enrich: folding the same text once per
// finder was 13 % of the time). Reused across calls (Assign keeps capacity) so scanning does not
// allocate once warm. Borrows the original: it must stay alive and unchanged while the FoldedText
// is read. Reading from several threads is safe; Assign is not.
struct FoldedText {
  std::string_view original;     // the text last assigned (borrowed)
  std::string text;              // its fold
  std::vector<uint32_t> origin;  // origin[i] = offset in `original` of text[i]

  void Clear() {
    original = {};
    text.clear();
    origin.clear();
  }
  // Replaces the content with the fold of `src`; origins are offsets into `src`. Leading spaces
  // are dropped; a trailing one is kept.
  void Assign(std::string_view src);
  // The offset in `original` of folded byte `pos`; original.size() for pos == text.size().
  size_t OriginalOffset(size_t pos) const {
    return pos < origin.size() ? origin[pos] : original.size();
  }
  // The original bytes that folded into text[start, end), start < end <= text.size(): from the
  // first one to the last one inclusive (a collapsed whitespace run inside counts whole).
  std::string_view OriginalSpan(size_t start, size_t end) const {
    return original.substr(origin[start], origin[end - 1] + 1 - origin[start]);
  }
};

// The fold of a whole string (for patterns and dictionary keys).
std::string FoldString(std::string_view s);

// The left half of IsWordBounded: a match may start at `start` of a folded text. Inline: the
// finders call it for every byte (AhoCorasick::ScanFrom).
inline bool IsWordStart(std::string_view folded, size_t start) {
  if (start == 0) return true;
  unsigned char b = folded[start - 1];
  if (IsWordByte(b) || b == '@') return false;
  return !(b == '.' && start >= 2 && IsWordByte(folded[start - 2]));
}

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
