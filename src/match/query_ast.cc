#include "match/query_ast.h"

namespace leados::match {
namespace {

bool IsBareValue(const std::string& v) {
  if (v.empty()) return false;
  for (char c : v) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
                    c == '_' || static_cast<unsigned char>(c) >= 0x80;
    if (!ok) return false;
  }
  return v[0] != '-';
}

std::string ScopedTerm(const Term& t) {
  std::string out;
  if (t.scope != TextScope::kAny) {
    out += ScopeName(t.scope);
    out += ':';
  }
  out += FormatTerm(t);
  return out;
}

int Precedence(NodeKind kind) {
  switch (kind) {
    case NodeKind::kOr: return 1;
    case NodeKind::kAnd: return 2;
    case NodeKind::kNot: return 3;
    default: return 4;
  }
}

void Format(const QueryNode& n, std::string& out);

void FormatChild(const QueryNode& child, int parent_precedence, std::string& out) {
  if (Precedence(child.kind) <= parent_precedence) {
    out += '(';
    Format(child, out);
    out += ')';
  } else {
    Format(child, out);
  }
}

void Format(const QueryNode& n, std::string& out) {
  switch (n.kind) {
    case NodeKind::kTerm: out += ScopedTerm(n.term); return;
    case NodeKind::kNear:
      out += ScopedTerm(n.term);
      out += " NEAR/" + std::to_string(n.near_n) + " ";
      out += ScopedTerm(n.near_right);
      return;
    case NodeKind::kFilter:
      out += FilterName(n.filter);
      out += ':';
      out += IsBareValue(n.filter_value) ? n.filter_value : "\"" + n.filter_value + "\"";
      return;
    case NodeKind::kNot:
      out += "NOT ";
      // NOT binds tighter than AND, so an AND/OR child needs parentheses; NOT NOT x does not.
      FormatChild(n.children[0], Precedence(NodeKind::kAnd), out);
      return;
    case NodeKind::kAnd:
    case NodeKind::kOr: {
      const char* op = n.kind == NodeKind::kAnd ? " AND " : " OR ";
      for (size_t i = 0; i < n.children.size(); ++i) {
        if (i > 0) out += op;
        FormatChild(n.children[i], Precedence(n.kind), out);
      }
      return;
    }
  }
}

}  // namespace

std::string FormatTerm(const Term& term) {
  std::string words;
  for (size_t i = 0; i < term.words.size(); ++i) {
    if (i > 0) words += ' ';
    words += term.words[i];
  }
  if (term.prefix) words += '*';
  if (term.words.size() == 1) return words;
  return "\"" + words + "\"";
}

const char* ScopeName(TextScope scope) {
  switch (scope) {
    case TextScope::kTitle: return "title";
    case TextScope::kBody: return "body";
    case TextScope::kAny: break;
  }
  return "";
}

const char* FilterName(FilterField field) {
  switch (field) {
    case FilterField::kSource: return "source";
    case FilterField::kSite: return "site";
    case FilterField::kSub: return "sub";
    case FilterField::kLang: return "lang";
  }
  return "source";
}

std::string FormatQuery(const QueryNode& node) {
  std::string out;
  Format(node, out);
  return out;
}

}  // namespace leados::match
