#pragma once
// The parsed form of a LeadOS query (docs/query-language.md) and its canonical printer.
// Value types; thread-safe to share once built.

#include <cstdint>
#include <string>
#include <vector>

namespace leados::match {

// Which text field a term may match in.
enum class TextScope : uint8_t { kAny, kTitle, kBody };
// Metadata filters, evaluated without looking at the text.
enum class FilterField : uint8_t { kSource, kSite, kSub, kLang };

// A word or phrase to find: one or more folded words (text_tokens.h) that must appear as
// consecutive words; with `prefix`, the last word only has to start with the last entry.
struct Term {
  std::vector<std::string> words;
  bool prefix = false;
  TextScope scope = TextScope::kAny;

  friend bool operator==(const Term&, const Term&) = default;
};

enum class NodeKind : uint8_t { kTerm, kNear, kFilter, kNot, kAnd, kOr };

// One node of the query tree. kAnd/kOr have two or more children and are flattened (no kAnd child
// under kAnd, no kOr under kOr); kNot has one child; kNear uses `term`, `near_right`, `near_n`.
struct QueryNode {
  NodeKind kind = NodeKind::kTerm;
  Term term;
  Term near_right;
  int near_n = 0;
  FilterField filter = FilterField::kSource;
  std::string filter_value;  // folded; "hn", "example.com", "startups", "en"
  std::vector<QueryNode> children;

  friend bool operator==(const QueryNode&, const QueryNode&) = default;
};

// The canonical text of a query: single spaces, upper-case operators, implied AND written out,
// parentheses only where precedence needs them, folded words, phrases in double quotes.
// Parsing the result gives an equal tree.
std::string FormatQuery(const QueryNode& node);
// The canonical text of one term without its scope, e.g. `pricing`, `integrat*`, `"e mail"`.
std::string FormatTerm(const Term& term);
// "title", "body" or "" (any).
const char* ScopeName(TextScope scope);
// "source", "site", "sub", "lang".
const char* FilterName(FilterField field);

}  // namespace leados::match
