#include "ingest/connector_jsonld.h"

#include <fmt/format.h>
#include <gumbo.h>

#include <unordered_set>

#include "ingest/feed_dates.h"
#include "ingest/html_text.h"
#include "ingest/json_fields.h"
#include "ingest/text_encoding.h"
#include "ingest/url_canon.h"

namespace leados::ingest {
namespace {

namespace json = core::json;
using jsonf::Obj;
using jsonf::Str;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Text of every <script type="application/ld+json"> in the document.
std::vector<std::string> LdJsonScripts(std::string_view html) {
  std::vector<std::string> out;
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  GumboOutput* output = gumbo_parse_with_options(&options, html.data(), html.size());
  std::vector<const GumboNode*> stack{output->root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type != GUMBO_NODE_ELEMENT) continue;
    if (n->v.element.tag == GUMBO_TAG_SCRIPT) {
      const GumboAttribute* type = gumbo_get_attribute(&n->v.element.attributes, "type");
      if (type && Lower(CollapseWhitespace(type->value)) == "application/ld+json") {
        std::string text;
        const GumboVector& ch = n->v.element.children;
        for (unsigned i = 0; i < ch.length; ++i) {
          auto* c = static_cast<const GumboNode*>(ch.data[i]);
          if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE)
            text += c->v.text.text;
        }
        out.push_back(std::move(text));
      }
      continue;
    }
    const GumboVector& ch = n->v.element.children;
    for (unsigned i = ch.length; i > 0; --i)
      stack.push_back(static_cast<const GumboNode*>(ch.data[i - 1]));
  }
  gumbo_destroy_output(&options, output);
  return out;
}

bool IsType(const json::object& o, std::string_view type) {
  auto it = o.find("@type");
  if (it == o.end()) return false;
  auto matches = [&](const json::value& v) {
    if (!v.is_string()) return false;
    std::string_view t = v.get_string();
    if (auto slash = t.rfind('/'); slash != std::string_view::npos) t = t.substr(slash + 1);
    return t == type;
  };
  if (matches(it->value())) return true;
  if (it->value().is_array()) {
    for (const auto& v : it->value().get_array()) {
      if (matches(v)) return true;
    }
  }
  return false;
}

void CollectPostings(const json::value& v, std::vector<const json::object*>& out, int depth) {
  if (depth > 6) return;
  if (v.is_array()) {
    for (const auto& e : v.get_array()) CollectPostings(e, out, depth + 1);
  } else if (v.is_object()) {
    const json::object& o = v.get_object();
    if (IsType(o, "JobPosting")) {
      out.push_back(&o);
      return;
    }
    if (auto it = o.find("@graph"); it != o.end()) CollectPostings(it->value(), out, depth + 1);
  }
}

std::string TextOf(const json::value& v) {
  if (v.is_object()) {
    const auto& o = v.get_object();
    std::string name = Str(o, "name");
    return name.empty() ? Str(o, "value") : name;
  }
  return jsonf::AsText(v);
}

std::string PlaceText(const json::value& place) {
  if (!place.is_object()) return CollapseWhitespace(TextOf(place));
  const json::object& p = place.get_object();
  const json::object* addr = Obj(p, "address");
  if (!addr) {
    if (auto it = p.find("address"); it != p.end() && it->value().is_string()) {
      return CollapseWhitespace(it->value().get_string());
    }
    return CollapseWhitespace(Str(p, "name"));
  }
  std::vector<std::string> parts;
  for (std::string_view key : {"addressLocality", "addressRegion", "addressCountry"}) {
    auto it = addr->find(key);
    if (it == addr->end()) continue;
    std::string t = CollapseWhitespace(TextOf(it->value()));
    if (!t.empty()) parts.push_back(t);
  }
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : ", ") + part;
  return out;
}

std::string LocationText(const json::object& j) {
  std::string out;
  if (auto it = j.find("jobLocation"); it != j.end()) {
    if (it->value().is_array()) {
      for (const auto& p : it->value().get_array()) {
        std::string t = PlaceText(p);
        if (!t.empty()) out += (out.empty() ? "" : "; ") + t;
      }
    } else {
      out = PlaceText(it->value());
    }
  }
  if (Lower(Str(j, "jobLocationType")) == "telecommute") out += out.empty() ? "Remote" : "; Remote";
  return out;
}

std::string DescriptionText(std::string_view d) {
  if (d.find('<') == std::string_view::npos && d.find("&lt;") != std::string_view::npos) {
    return HtmlToText(DecodeHtmlEntities(d));
  }
  return HtmlToText(d);
}

}  // namespace

core::Result<ParsedPage> ParseJobPostingPage(std::string_view html_bytes, const ParseContext& ctx) {
  Utf8Text utf8 = ToUtf8(html_bytes, DeclaredEncoding(html_bytes, ctx.http_charset));
  ParsedPage page;
  std::unordered_set<std::string> seen;
  int block = 0;
  for (const std::string& script : LdJsonScripts(utf8.text)) {
    ++block;
    std::string_view text = script;
    // Some CMSs wrap the JSON in an HTML comment or CDATA section.
    for (std::string_view wrap : {"<!--", "<![CDATA["}) {
      auto start = text.find_first_not_of(" \t\r\n");
      if (start != std::string_view::npos && text.substr(start).starts_with(wrap)) {
        text.remove_prefix(start + wrap.size());
        auto end = text.rfind(wrap == "<!--" ? "-->" : "]]>");
        if (end != std::string_view::npos) text = text.substr(0, end);
      }
    }
    auto v = core::ParseJson(text);
    if (!v) {
      page.notes.push_back(fmt::format("ld+json block {}: {}; skipped", block, v.error().message));
      continue;
    }
    std::vector<const json::object*> postings;
    CollectPostings(*v, postings, 0);
    for (const json::object* j : postings) {
      Signal s;
      s.source = SourceKind::kJobPage;
      s.title = HtmlToLine(Str(*j, "title"));
      s.body = DescriptionText(Str(*j, "description"));
      std::string org_url;
      if (auto it = j->find("hiringOrganization"); it != j->end()) {
        if (it->value().is_object()) {
          const json::object& org = it->value().get_object();
          s.company = CollapseWhitespace(Str(org, "name"));
          org_url = Str(org, "sameAs");
          if (org_url.empty()) org_url = Str(org, "url");
        } else {
          s.company = CollapseWhitespace(jsonf::AsText(it->value()));
        }
      }
      if (!ctx.company.empty()) s.company = ctx.company;
      s.company_domain = !ctx.company_domain.empty() ? ctx.company_domain : SiteOf(org_url);
      s.location = LocationText(*j);
      std::string posted = Str(*j, "datePosted");
      if (auto t = ParseFeedDate(posted)) s.published = *t;
      std::string url = Str(*j, "url");
      s.url = url.empty() ? CanonicalUrl(ctx.url) : CanonicalLink(ctx.url, url);
      std::string id;
      if (auto it = j->find("identifier"); it != j->end()) {
        // A PropertyValue's id is its "value"; its "name" is the issuer.
        id = it->value().is_object() ? Str(it->value().get_object(), "value") : "";
        if (id.empty()) id = TextOf(it->value());
        id = CollapseWhitespace(id);
      }
      if (id.empty()) id = s.url;
      if (s.title.empty() && s.body.empty()) {
        page.notes.push_back("JobPosting '" + id + "' has neither title nor description; skipped");
        continue;
      }
      s.source_id =
          id + "@" + ShortHash(posted + "\n" + s.title + "\n" + s.location + "\n" + s.body, 12);
      FinishSignal(s, ctx);
      AddUnique(page, seen, std::move(s));
    }
  }
  return page;
}

}  // namespace leados::ingest
