#include "ingest/html_text.h"

#include <gumbo.h>
#include <strings.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "ingest/text_encoding.h"

namespace leados::ingest {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool IsBlock(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_CAPTION:
      return true;
    default:
      return false;
  }
}

bool IsDropped(GumboTag tag) {
  return tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_TEMPLATE ||
         tag == GUMBO_TAG_NOSCRIPT || tag == GUMBO_TAG_HEAD || tag == GUMBO_TAG_IFRAME ||
         tag == GUMBO_TAG_OBJECT || tag == GUMBO_TAG_SVG;
}

// Builds text with collapsed whitespace: pending_space/pending_break are emitted lazily so that
// no line starts or ends with a space and no more than one blank line appears.
class TextBuilder {
 public:
  void Text(std::string_view t) {
    for (char c : t) {
      if (IsSpace(c)) {
        pending_space_ = true;
        continue;
      }
      Flush();
      out_.push_back(c);
    }
  }
  void Break() {
    if (!out_.empty()) breaks_ = std::max(breaks_, 1);
    pending_space_ = false;
  }
  void Cell() { pending_space_ = true; }
  std::string Take() { return std::move(out_); }

 private:
  void Flush() {
    if (breaks_ > 0) {
      out_.push_back('\n');
      breaks_ = 0;
      pending_space_ = false;
    } else if (pending_space_ && !out_.empty()) {
      out_.push_back(' ');
    }
    pending_space_ = false;
  }
  std::string out_;
  bool pending_space_ = false;
  int breaks_ = 0;
};

void Walk(const GumboNode* node, TextBuilder& b, int depth) {
  if (depth > 400) return;  // gumbo caps nesting too; keep the recursion bounded.
  switch (node->type) {
    case GUMBO_NODE_TEXT:
    case GUMBO_NODE_WHITESPACE:
    case GUMBO_NODE_CDATA:
      b.Text(node->v.text.text);
      return;
    case GUMBO_NODE_ELEMENT:
    case GUMBO_NODE_TEMPLATE:
    case GUMBO_NODE_DOCUMENT: {
      const GumboVector* children;
      GumboTag tag = GUMBO_TAG_UNKNOWN;
      if (node->type == GUMBO_NODE_DOCUMENT) {
        children = &node->v.document.children;
      } else {
        tag = node->v.element.tag;
        if (IsDropped(tag)) return;
        children = &node->v.element.children;
      }
      bool block = IsBlock(tag);
      if (block) b.Break();
      if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) b.Cell();
      for (unsigned i = 0; i < children->length; ++i) {
        Walk(static_cast<const GumboNode*>(children->data[i]), b, depth + 1);
      }
      if (block) b.Break();
      if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) b.Cell();
      return;
    }
    default:
      return;
  }
}

std::string ParseToText(std::string_view html) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  GumboOutput* output = gumbo_parse_with_options(&options, html.data(), html.size());
  TextBuilder b;
  Walk(output->document, b, 0);
  gumbo_destroy_output(&options, output);
  return b.Take();
}

}  // namespace

bool LooksLikeHtml(std::string_view text) {
  return text.find_first_of("<&") != std::string_view::npos;
}

std::string CollapseWhitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (char c : text) {
    if (IsSpace(c)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

std::string NormalizeText(std::string_view html) {
  TextBuilder b;
  size_t start = 0;
  while (start <= html.size()) {
    auto nl = html.find('\n', start);
    auto line =
        html.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    b.Text(line);
    if (nl == std::string_view::npos) break;
    b.Break();
    start = nl + 1;
  }
  return b.Take();
}

std::string HtmlToText(std::string_view html) {
  if (!LooksLikeHtml(html)) return NormalizeText(html);
  // gumbo wants valid UTF-8; callers convert, but a stray byte must not upset it.
  if (!IsValidUtf8(html)) return ParseToText(RepairUtf8(html));
  return ParseToText(html);
}

std::string HtmlToLine(std::string_view html) { return CollapseWhitespace(HtmlToText(html)); }

std::string DecodeHtmlEntities(std::string_view text) {
  if (text.find('&') == std::string_view::npos) return std::string(text);
  // A <textarea> holds RCDATA: gumbo decodes character references there and leaves '<' alone.
  std::string doc = "<textarea>\n";
  std::string safe = IsValidUtf8(text) ? std::string(text) : RepairUtf8(text);
  // A literal "</textarea" would end the element early; escaping its '<' keeps it as text.
  for (size_t pos = 0; (pos = safe.find("</", pos)) != std::string::npos; pos += 2) {
    if (strncasecmp(safe.c_str() + pos + 2, "textarea", 8) == 0) safe.replace(pos, 1, "&lt;");
  }
  doc += safe;
  doc += "</textarea>";
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  GumboOutput* output = gumbo_parse_with_options(&options, doc.data(), doc.size());
  std::string out;
  // Find the textarea's text child.
  std::vector<const GumboNode*> stack{output->root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type != GUMBO_NODE_ELEMENT) continue;
    if (n->v.element.tag == GUMBO_TAG_TEXTAREA) {
      const GumboVector& ch = n->v.element.children;
      for (unsigned i = 0; i < ch.length; ++i) {
        auto* c = static_cast<const GumboNode*>(ch.data[i]);
        if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE) out += c->v.text.text;
      }
      break;
    }
    const GumboVector& ch = n->v.element.children;
    for (unsigned i = ch.length; i > 0; --i)
      stack.push_back(static_cast<const GumboNode*>(ch.data[i - 1]));
  }
  gumbo_destroy_output(&options, output);
  return out;
}

}  // namespace leados::ingest
