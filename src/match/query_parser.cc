#include "match/query_parser.h"

#include <fmt/format.h>

#include <optional>
#include <string>
#include <vector>

#include "match/text_tokens.h"

namespace leados::match {
namespace {

enum class Tok { kEnd, kWord, kQuoted, kLParen, kRParen, kAnd, kOr, kNot, kMinus, kNear, kField };

struct Token {
  Tok kind = Tok::kEnd;
  size_t offset = 0;  // byte offset in the query
  std::string text;   // word text, quoted content, or field name ("title")
  int near_n = 0;
};

struct ParseError {
  size_t offset;
  std::string message;
};

// "LINE:COL" of a byte offset, columns in code points from 1.
std::string Position(std::string_view q, size_t offset) {
  size_t line = 1, col = 1;
  for (size_t i = 0; i < offset && i < q.size(); ++i) {
    if (q[i] == '\n') {
      ++line;
      col = 1;
    } else if ((static_cast<unsigned char>(q[i]) & 0xC0) != 0x80) {
      ++col;
    }
  }
  return fmt::format("{}:{}", line, col);
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool EndsWord(char c) {
  return IsSpace(c) || c == '(' || c == ')' || c == '"';
}
bool IsAsciiAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

bool IsTextField(std::string_view f) {
  return f == "title" || f == "body";
}
bool IsKnownField(std::string_view f) {
  return IsTextField(f) || f == "source" || f == "site" || f == "sub" || f == "lang";
}

// Splits the query into tokens. The word after a field prefix is taken raw (no operators, fields
// or '-'), so `site:localhost:8080` and `sub:-x` keep their value.
std::optional<ParseError> Lex(std::string_view q, std::vector<Token>& out) {
  size_t i = 0;
  bool after_field = false;
  while (true) {
    while (i < q.size() && IsSpace(q[i])) ++i;
    Token t;
    t.offset = i;
    if (i == q.size()) {
      t.kind = Tok::kEnd;
      out.push_back(std::move(t));
      return std::nullopt;
    }
    const char c = q[i];
    const bool raw = after_field;
    after_field = false;
    if (c == '(') {
      t.kind = Tok::kLParen, ++i;
    } else if (c == ')') {
      t.kind = Tok::kRParen, ++i;
    } else if (c == '"') {
      const size_t close = q.find('"', i + 1);
      if (close == std::string_view::npos) {
        return ParseError{q.size(),
                          fmt::format("expected '\"' to close '\"' at {}", Position(q, i))};
      }
      t.kind = Tok::kQuoted;
      t.text = std::string(q.substr(i + 1, close - i - 1));
      i = close + 1;
    } else if (c == '-' && !raw && i + 1 < q.size() && !IsSpace(q[i + 1])) {
      t.kind = Tok::kMinus, ++i;
    } else {
      size_t j = i;
      while (j < q.size() && !EndsWord(q[j])) ++j;
      std::string_view word = q.substr(i, j - i);
      if (raw) {
        t.kind = Tok::kWord;
        t.text = std::string(word);
        i = j;
      } else if (word == "AND" || word == "OR" || word == "NOT") {
        t.kind = word == "AND" ? Tok::kAnd : word == "OR" ? Tok::kOr : Tok::kNot;
        i = j;
      } else if (word == "NEAR" || word.starts_with("NEAR/")) {
        std::string_view num = word.size() > 5 ? word.substr(5) : std::string_view();
        int n = 0;
        bool ok = !num.empty() && num.size() <= 3;
        // At most 3 digits are read, so n cannot overflow whatever the query holds.
        for (size_t k = 0; ok && k < num.size(); ++k) {
          if (num[k] < '0' || num[k] > '9') ok = false;
          else n = n * 10 + (num[k] - '0');
        }
        if (!ok || n > kMaxNear) {
          return ParseError{
              i, fmt::format("expected NEAR/n with n from 0 to {} (the most words allowed "
                             "between the two terms), found '{}'",
                             kMaxNear, word)};
        }
        t.kind = Tok::kNear;
        t.near_n = n;
        i = j;
      } else {
        const size_t colon = word.find(':');
        bool field = false;
        if (colon != std::string_view::npos && colon > 0) {
          std::string_view name = word.substr(0, colon);
          bool alpha = true;
          for (char ch : name) alpha = alpha && IsAsciiAlpha(ch);
          if (alpha) {
            const std::string lower = Lower(name);
            if (!IsKnownField(lower)) {
              return ParseError{
                  i, fmt::format("unknown field '{}:'; fields are title:, body:, source:, "
                                 "site:, sub:, lang: (put the word in quotes to search for it)",
                                 name)};
            }
            t.kind = Tok::kField;
            t.text = lower;
            i += colon + 1;
            field = true;
            after_field = true;
          }
        }
        if (!field) {
          t.kind = Tok::kWord;
          t.text = std::string(word);
          i = j;
        }
      }
    }
    out.push_back(std::move(t));
  }
}

class Parser {
 public:
  Parser(std::string_view query, std::vector<Token> tokens) : q_(query), toks_(std::move(tokens)) {}

  std::optional<ParseError> error;

  std::optional<QueryNode> ParseAll() {
    if (Peek().kind == Tok::kEnd) return Fail(Peek().offset, "the query is empty");
    auto node = ParseOr(TextScope::kAny, 0);
    if (!node) return std::nullopt;
    if (Peek().kind == Tok::kRParen)
      return Fail(Peek().offset, "unexpected ')' without a matching '('");
    if (Peek().kind != Tok::kEnd)
      return Fail(Peek().offset, "expected an operator or the end of the query");
    if (terms_ > kMaxQueryTerms) {
      return Fail(0,
                  fmt::format("the query has {} terms; the limit is {}", terms_, kMaxQueryTerms));
    }
    return node;
  }

 private:
  const Token& Peek() const { return toks_[pos_]; }
  const Token& Next() { return toks_[pos_ < toks_.size() - 1 ? pos_++ : pos_]; }

  std::nullopt_t Fail(size_t offset, std::string message) {
    if (!error) error = ParseError{offset, std::move(message)};
    return std::nullopt;
  }

  static std::string Describe(const Token& t) {
    switch (t.kind) {
      case Tok::kEnd: return "the end of the query";
      case Tok::kRParen: return "')'";
      case Tok::kAnd: return "'AND'";
      case Tok::kOr: return "'OR'";
      case Tok::kNear: return fmt::format("'NEAR/{}'", t.near_n);
      case Tok::kLParen: return "'('";
      case Tok::kNot: return "'NOT'";
      case Tok::kMinus: return "'-'";
      case Tok::kField: return "'" + t.text + ":'";
      case Tok::kQuoted: return "'\"" + t.text + "\"'";
      default: return "'" + t.text + "'";
    }
  }

  static bool StartsUnary(Tok k) {
    return k == Tok::kWord || k == Tok::kQuoted || k == Tok::kLParen || k == Tok::kNot ||
           k == Tok::kMinus || k == Tok::kField;
  }

  static void Append(QueryNode& group, QueryNode child) {
    if (child.kind == group.kind) {
      for (auto& c : child.children) group.children.push_back(std::move(c));
    } else {
      group.children.push_back(std::move(child));
    }
  }

  std::optional<QueryNode> ParseOr(TextScope scope, int depth) {
    auto first = ParseAnd(scope, depth, nullptr);
    if (!first) return std::nullopt;
    if (Peek().kind != Tok::kOr) return first;
    QueryNode group;
    group.kind = NodeKind::kOr;
    Append(group, std::move(*first));
    while (Peek().kind == Tok::kOr) {
      const Token& op = Next();
      auto next = ParseAnd(scope, depth, &op);
      if (!next) return std::nullopt;
      Append(group, std::move(*next));
    }
    return group;
  }

  std::optional<QueryNode> ParseAnd(TextScope scope, int depth, const Token* after) {
    auto first = ParseUnary(scope, depth, after);
    if (!first) return std::nullopt;
    if (Peek().kind != Tok::kAnd && !StartsUnary(Peek().kind)) return first;
    QueryNode group;
    group.kind = NodeKind::kAnd;
    Append(group, std::move(*first));
    while (Peek().kind == Tok::kAnd || StartsUnary(Peek().kind)) {
      const Token* op = nullptr;
      if (Peek().kind == Tok::kAnd) op = &Next();
      auto next = ParseUnary(scope, depth, op);
      if (!next) return std::nullopt;
      Append(group, std::move(*next));
    }
    return group;
  }

  // `after` is the operator token just consumed (for "expected a term after 'AND'").
  std::optional<QueryNode> ParseUnary(TextScope scope, int depth, const Token* after) {
    const Token& t = Peek();
    if (t.kind == Tok::kNot || t.kind == Tok::kMinus) {
      if (depth + 1 > kMaxNesting)
        return Fail(t.offset, fmt::format("nested deeper than {} levels", kMaxNesting));
      const Token& op = Next();
      auto child = ParseUnary(scope, depth + 1, &op);
      if (!child) return std::nullopt;
      QueryNode n;
      n.kind = NodeKind::kNot;
      n.children.push_back(std::move(*child));
      return n;
    }
    return ParseNear(scope, depth, after);
  }

  std::optional<QueryNode> ParseNear(TextScope scope, int depth, const Token* after) {
    const size_t left_offset = Peek().offset;
    auto left = ParsePrimary(scope, depth, after);
    if (!left) return std::nullopt;
    if (Peek().kind != Tok::kNear) return left;
    const Token& near = Next();
    if (left->kind != NodeKind::kTerm) {
      return Fail(
          left_offset,
          fmt::format("NEAR/{} joins two words or phrases; the left side is not one", near.near_n));
    }
    const size_t right_offset = Peek().offset;
    if (!StartsUnary(Peek().kind)) {
      return Fail(right_offset,
                  fmt::format("expected a word or \"phrase\" after 'NEAR/{}', found {}",
                              near.near_n, Describe(Peek())));
    }
    auto right = ParsePrimary(scope, depth, &near);
    if (!right) return std::nullopt;
    if (right->kind != NodeKind::kTerm) {
      return Fail(right_offset,
                  fmt::format("NEAR/{} joins two words or phrases; the right side is not one",
                              near.near_n));
    }
    if (Peek().kind == Tok::kNear) {
      return Fail(Peek().offset,
                  "NEAR/n joins exactly two terms; combine NEAR expressions with AND");
    }
    const TextScope a = left->term.scope, b = right->term.scope;
    if (a != TextScope::kAny && b != TextScope::kAny && a != b) {
      return Fail(right_offset,
                  fmt::format("NEAR/{} needs both terms in the same field, found '{}:' and '{}:'",
                              near.near_n, ScopeName(a), ScopeName(b)));
    }
    QueryNode n;
    n.kind = NodeKind::kNear;
    n.term = std::move(left->term);
    n.near_right = std::move(right->term);
    n.near_n = near.near_n;
    return n;
  }

  std::optional<QueryNode> ParsePrimary(TextScope scope, int depth, const Token* after) {
    const Token& t = Peek();
    switch (t.kind) {
      case Tok::kLParen: {
        if (depth + 1 > kMaxNesting) {
          return Fail(t.offset, fmt::format("nested deeper than {} levels", kMaxNesting));
        }
        const Token& open = Next();
        if (Peek().kind == Tok::kRParen) {
          return Fail(Peek().offset, "expected a term, a \"phrase\" or '(' inside '()', found ')'");
        }
        auto inner = ParseOr(scope, depth + 1);
        if (!inner) return std::nullopt;
        if (Peek().kind != Tok::kRParen) {
          return Fail(Peek().offset,
                      fmt::format("expected ')' to close '(' at {}", Position(q_, open.offset)));
        }
        Next();
        return inner;
      }
      case Tok::kWord:
      case Tok::kQuoted: return ParseTerm(Next(), scope);
      case Tok::kField: return ParseField(scope, depth);
      default: break;
    }
    if (after) {
      return Fail(t.offset, fmt::format("expected a term, a \"phrase\" or '(' after {}, found {}",
                                        Describe(*after), Describe(t)));
    }
    if (t.kind == Tok::kRParen && pos_ == 0)
      return Fail(t.offset, "unexpected ')' without a matching '('");
    return Fail(t.offset,
                fmt::format("expected a term, a \"phrase\" or '(', found {}", Describe(t)));
  }

  std::optional<QueryNode> ParseTerm(const Token& t, TextScope scope) {
    std::string_view text = t.text;
    bool prefix = false;
    if (t.kind == Tok::kWord) {
      if (text.ends_with('*')) {
        prefix = true;
        text.remove_suffix(1);
      }
      if (const size_t star = text.find('*'); star != std::string_view::npos) {
        return Fail(t.offset + star, "'*' is only allowed at the end of a word");
      }
    } else if (text.ends_with('*')) {
      prefix = true;
      text.remove_suffix(1);
    }
    QueryNode n;
    n.kind = NodeKind::kTerm;
    n.term.words = FoldWords(text);
    n.term.prefix = prefix;
    n.term.scope = scope;
    if (n.term.words.empty()) {
      if (t.kind == Tok::kQuoted)
        return Fail(t.offset, "the phrase \"" + t.text + "\" has no words");
      return Fail(t.offset, fmt::format("'{}' has no letters or digits to search for", t.text));
    }
    if (static_cast<int>(n.term.words.size()) > kMaxPhraseWords) {
      return Fail(t.offset, fmt::format("a phrase may have at most {} words", kMaxPhraseWords));
    }
    if (prefix && CodePointCount(n.term.words.back()) < 2) {
      return Fail(t.offset, "a wildcard needs at least 2 letters or digits before '*'");
    }
    ++terms_;
    return n;
  }

  std::optional<QueryNode> ParseField(TextScope scope, int depth) {
    const Token& f = Next();
    if (IsTextField(f.text)) {
      const TextScope inner = f.text == "title" ? TextScope::kTitle : TextScope::kBody;
      if (scope != TextScope::kAny && scope != inner) {
        return Fail(f.offset,
                    fmt::format("'{}:' cannot be used inside '{}:'", f.text, ScopeName(scope)));
      }
      const Token& v = Peek();
      if (v.kind == Tok::kWord || v.kind == Tok::kQuoted) {
        // A raw word after a field may be an operator word or start with '-': re-lex it as a term.
        return ParseTerm(Next(), inner);
      }
      if (v.kind == Tok::kLParen) return ParsePrimary(inner, depth, &f);
      return Fail(v.offset,
                  fmt::format("expected a word, a \"phrase\" or '(' after '{}:', found {}", f.text,
                              Describe(v)));
    }
    const Token& v = Peek();
    if (v.kind != Tok::kWord && v.kind != Tok::kQuoted) {
      return Fail(v.offset,
                  fmt::format("expected a value after '{}:', found {}", f.text, Describe(v)));
    }
    Next();
    QueryNode n;
    n.kind = NodeKind::kFilter;
    std::string value = FoldString(v.text);
    if (f.text == "source") {
      n.filter = FilterField::kSource;
      static constexpr std::string_view kSources[] = {"hn",    "reddit", "rss",   "greenhouse",
                                                      "lever", "ashby",  "press", "jobpage"};
      bool known = false;
      for (auto s : kSources) known = known || s == value;
      if (!known) {
        return Fail(v.offset,
                    fmt::format("unknown source '{}'; expected one of hn, reddit, rss, greenhouse, "
                                "lever, ashby, press, jobpage",
                                v.text));
      }
    } else if (f.text == "site") {
      n.filter = FilterField::kSite;
      // Strip to a fixed point so the canonical form normalises to itself (fuzz finding
      // normalise-roundtrip-5c1afe85: "a://b://c" lost one scheme per round).
      for (std::string before; before != value;) {
        before = value;
        if (const size_t scheme = value.find("://"); scheme != std::string::npos)
          value.erase(0, scheme + 3);
        if (value.starts_with("www.")) value.erase(0, 4);
        while (value.ends_with('/')) value.pop_back();
      }
    } else if (f.text == "sub") {
      n.filter = FilterField::kSub;
      // Also to a fixed point: "r/r/x" must not become "r/x" and then "x".
      while (value.starts_with("/r/") || value.starts_with("r/"))
        value.erase(0, value.starts_with("/") ? 3 : 2);
    } else {
      n.filter = FilterField::kLang;
      bool ok = value.size() >= 2 && value.size() <= 3;
      for (char c : value) ok = ok && c >= 'a' && c <= 'z';
      if (!ok) {
        return Fail(v.offset,
                    fmt::format("expected a 2- or 3-letter language code after 'lang:' (like en), "
                                "found '{}'",
                                v.text));
      }
    }
    if (value.empty()) return Fail(v.offset, fmt::format("expected a value after '{}:'", f.text));
    n.filter_value = std::move(value);
    ++terms_;
    return n;
  }

  std::string_view q_;
  std::vector<Token> toks_;
  size_t pos_ = 0;
  int terms_ = 0;
};

std::string Render(std::string_view q, const ParseError& e) {
  return Position(q, e.offset) + ": " + e.message;
}

}  // namespace

core::Result<QueryNode> ParseQuery(std::string_view query) {
  if (query.size() > kMaxQueryBytes) {
    return core::InvalidArgument(fmt::format("1:1: the query is {} bytes long; the limit is {}",
                                             query.size(), kMaxQueryBytes));
  }
  std::vector<Token> tokens;
  if (auto err = Lex(query, tokens)) return core::InvalidArgument(Render(query, *err));
  Parser parser(query, std::move(tokens));
  auto node = parser.ParseAll();
  if (!node) return core::InvalidArgument(Render(query, *parser.error));
  return std::move(*node);
}

}  // namespace leados::match
