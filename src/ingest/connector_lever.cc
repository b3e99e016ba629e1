#include "ingest/connector_lever.h"

#include <unordered_set>

#include "ingest/feed_dates.h"
#include "ingest/html_text.h"
#include "ingest/job_posting.h"
#include "ingest/json_fields.h"
#include "ingest/url_canon.h"

namespace leados::ingest {
namespace {

namespace json = core::json;
using jsonf::Arr;
using jsonf::Int;
using jsonf::Obj;
using jsonf::Str;
std::string ListsText(const json::object& p) {
  std::string out;
  if (const auto* lists = Arr(p, "lists")) {
    for (const auto& l : *lists) {
      if (!l.is_object()) continue;
      std::string heading = CollapseWhitespace(Str(l.get_object(), "text"));
      std::string items = HtmlToText("<ul>" + Str(l.get_object(), "content") + "</ul>");
      if (heading.empty() && items.empty()) continue;
      if (!out.empty()) out += "\n";
      out += heading;
      if (!items.empty()) out += (heading.empty() ? "" : "\n") + items;
    }
  }
  return out;
}

void AppendPart(std::string& body, const std::string& part) {
  if (part.empty()) return;
  if (!body.empty()) body += "\n";
  body += part;
}

}  // namespace

core::Result<ParsedPage> ParseLeverPostings(std::string_view body, const ParseContext& ctx) {
  auto v = ParseBoardJson(body, "Lever");
  if (!v) return core::Fail(v.error());
  std::vector<const json::object*> postings;
  if (v->is_array()) {
    for (const auto& p : v->get_array()) {
      if (p.is_object()) postings.push_back(&p.get_object());
    }
  } else if (v->is_object() && v->get_object().contains("id")) {
    postings.push_back(&v->get_object());
  } else if (v->is_object() && v->get_object().contains("message")) {
    return core::NotFound("Lever answered: " + Str(v->get_object(), "message"));
  } else {
    return core::InvalidArgument("invalid Lever response: expected an array of postings");
  }
  ParsedPage page;
  std::unordered_set<std::string> seen;
  for (const json::object* p : postings) {
    Signal s;
    s.source = SourceKind::kLever;
    s.title = CollapseWhitespace(Str(*p, "text"));
    std::string opening = Str(*p, "opening");
    std::string description_body = Str(*p, "descriptionBody");
    if (opening.empty() && description_body.empty()) {
      AppendPart(s.body, HtmlToText(Str(*p, "description")));
    } else {
      AppendPart(s.body, HtmlToText(opening));
      AppendPart(s.body, HtmlToText(description_body));
    }
    AppendPart(s.body, ListsText(*p));
    AppendPart(s.body, HtmlToText(Str(*p, "additional")));
    s.url = CanonicalUrl(Str(*p, "hostedUrl"));
    if (const auto* cat = Obj(*p, "categories"))
      s.location = CollapseWhitespace(Str(*cat, "location"));
    s.company = PostingCompany(ctx, "", "/postings/");
    s.company_domain = ctx.company_domain;
    if (auto ms = Int(*p, "createdAt")) s.published = FromEpochMillis(*ms);
    std::string id = Str(*p, "id");
    if (id.empty()) {
      page.notes.push_back("lever: a posting without an id; skipped");
      continue;
    }
    s.source_id = id + "@" + PostingContentVersion(s);
    FinishSignal(s, ctx);
    AddUnique(page, seen, std::move(s));
  }
  return page;
}

}  // namespace leados::ingest
