#pragma once
// HTML to plain text with gumbo (an HTML5 parser): what a reader would see.
// Block elements (p, div, li, br, h1…, tr, …) become line breaks, scripts/styles/templates are
// dropped, entities are decoded, runs of spaces collapse to one and blank lines to one.
// Pure functions, thread-safe. Input must be UTF-8 (callers convert first).

#include <string>
#include <string_view>

namespace leados::ingest {

// Visible text of an HTML fragment or document, lines separated by '\n', trimmed.
std::string HtmlToText(std::string_view html);
// Single-line text (titles, names): HtmlToText with every whitespace run turned into one space.
std::string HtmlToLine(std::string_view html);
// Decodes character references (&amp; &#233; &eacute; …) without interpreting tags, e.g. for
// Greenhouse `content`, which is entity-escaped HTML.
std::string DecodeHtmlEntities(std::string_view text);
// Plain text (no HTML interpretation) with spaces collapsed within lines and at most one line
// break between lines, trimmed.
std::string NormalizeText(std::string_view text);
// Collapses whitespace runs to one space and trims (no HTML interpretation).
std::string CollapseWhitespace(std::string_view text);
// True when `text` looks like it contains markup or character references worth parsing.
bool LooksLikeHtml(std::string_view text);

}  // namespace leados::ingest
