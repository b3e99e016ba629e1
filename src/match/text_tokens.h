#pragma once
// Text normalisation shared by query terms and signal text: UTF-8 decoding, case folding and
// tokenisation into words. The rules (docs/query-language.md, "Words and case"):
//  - a word is a run of letters or digits: ASCII [A-Za-z0-9] and every non-ASCII code point except
//    punctuation, symbols, spaces and emoji (see IsWordCodePoint);
//  - a run of '+' or '#' directly after a word and not followed by a letter or digit belongs to the
//    word ("c++", "c#", "f#");
//  - everything else separates words: hyphens ("e-mail" is the two words "e mail"), apostrophes,
//    dots ("node.js" is "node js"), slashes, ':' and '_', so URLs break into their words;
//  - folding lower-cases ASCII, Latin-1 Supplement, Latin Extended-A, Greek and Cyrillic
//    (final sigma folds to sigma, U+0130 to "i", U+017F to "s"); accents are kept ("café" !=
//    "cafe");
//  - invalid UTF-8 bytes separate words.
// Thread-safe: pure functions; FoldedText is a value type (one per thread).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace leados::match {

// Lower-cases one code point (simple case folding over the scripts listed above).
char32_t FoldCodePoint(char32_t cp);
// True when the code point is part of a word (letter, digit, mark, other script).
bool IsWordCodePoint(char32_t cp);

// One word: where it is in the original text and in the folded text.
struct TokenSpan {
  uint32_t begin = 0;         // byte offset of the word in the original text
  uint32_t end = 0;           // one past its last byte in the original text
  uint32_t folded_begin = 0;  // byte offset in FoldedText::folded()
  uint32_t folded_end = 0;
};

// The folded words of one or more text fields. folded() holds the folded words separated by one
// ' ', fields separated by '\n'; a word never contains ' ' or '\n', so a multi-word phrase is the
// literal "w1 w2" in folded(). Reusable: Clear() keeps the capacity.
class FoldedText {
 public:
  // Empties the text, keeping allocated memory.
  void Clear();
  // Appends one field (title, body...). Returns the field's index (0, 1, ...). Offsets in the
  // TokenSpans of this field are relative to `text`.
  // With `with_tokens` false only folded() grows (tokens() stays as it was): the matcher folds
  // every signal but needs the words' positions only for NEAR and evidence, and then folds again.
  int AppendField(std::string_view text, bool with_tokens = true);

  const std::string& folded() const { return folded_; }
  const std::vector<TokenSpan>& tokens() const { return tokens_; }
  // Tokens of field f are tokens()[field_first_token(f) .. field_first_token(f+1)).
  uint32_t field_first_token(int field) const { return field_first_token_[field]; }
  uint32_t field_end_token(int field) const { return field_first_token_[field + 1]; }
  int field_count() const { return static_cast<int>(field_first_token_.size()) - 1; }
  // The field a token belongs to.
  int FieldOfToken(uint32_t token) const;
  // The folded text of one token.
  std::string_view Word(uint32_t token) const {
    const TokenSpan& t = tokens_[token];
    return std::string_view(folded_).substr(t.folded_begin, t.folded_end - t.folded_begin);
  }

 private:
  std::string folded_;
  std::vector<TokenSpan> tokens_;
  std::vector<uint32_t> field_first_token_{0};

  template <bool kTokens>
  int AppendFieldImpl(std::string_view text);
};

namespace testing {
// Turns the SSE2 path of FoldedText::AppendField off (false) or back on, process-wide, so a test
// can compare it with the scalar code that defines the rules. Not thread-safe; tests only.
void SetFoldSimdEnabled(bool enabled);
}  // namespace testing

// The folded words of `text` (convenience for the parser and the reference evaluator).
std::vector<std::string> FoldWords(std::string_view text);
// Folds a short ASCII-or-UTF-8 value (filter values like "Startups") without splitting it.
std::string FoldString(std::string_view text);
// Number of code points in a UTF-8 string (invalid bytes count one each).
size_t CodePointCount(std::string_view text);

}  // namespace leados::match
