#include "ingest/connector_greenhouse.h"

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
// Greenhouse content is HTML with its markup entity-escaped ("&lt;p&gt;"); some older boards
// send it unescaped.
std::string GreenhouseText(std::string_view content) {
  if (content.find('<') == std::string_view::npos &&
      content.find("&lt;") != std::string_view::npos) {
    return HtmlToText(DecodeHtmlEntities(content));
  }
  return HtmlToText(content);
}

class GreenhouseWalker {
 public:
  GreenhouseWalker(const ParseContext& ctx, ParsedPage& page) : ctx_(ctx), page_(page) {}

  void Walk(const json::object& o, int depth) {
    if (depth > 8) return;
    if (o.contains("title") && o.contains("id")) {
      Job(o);
      return;
    }
    for (std::string_view key : {"jobs", "departments", "offices", "children"}) {
      if (const auto* a = Arr(o, key)) {
        for (const auto& v : *a) {
          if (v.is_object()) Walk(v.get_object(), depth + 1);
        }
      }
    }
  }

 private:
  void Job(const json::object& j) {
    Signal s;
    s.source = SourceKind::kGreenhouse;
    std::string id = Str(j, "id");
    s.title = CollapseWhitespace(Str(j, "title"));
    s.body = GreenhouseText(Str(j, "content"));
    s.url = CanonicalUrl(Str(j, "absolute_url"));
    if (const auto* loc = Obj(j, "location")) s.location = CollapseWhitespace(Str(*loc, "name"));
    s.company = PostingCompany(ctx_, Str(j, "company_name"), "/boards/");
    s.company_domain = ctx_.company_domain;
    std::string updated = Str(j, "updated_at");
    auto t = ParseFeedDate(updated);
    if (!t) t = ParseFeedDate(Str(j, "first_published"));
    if (t) s.published = *t;
    auto version = ParseFeedDate(updated);
    s.source_id = id + "@" + (version ? core::FormatRfc3339(*version) : PostingContentVersion(s));
    FinishSignal(s, ctx_, Str(j, "language"));
    AddUnique(page_, seen_, std::move(s));
  }

  const ParseContext& ctx_;
  ParsedPage& page_;
  std::unordered_set<std::string> seen_;
};

}  // namespace

core::Result<ParsedPage> ParseGreenhouseJobs(std::string_view body, const ParseContext& ctx) {
  auto v = ParseBoardJson(body, "Greenhouse");
  if (!v) return core::Fail(v.error());
  if (!v->is_object())
    return core::InvalidArgument("invalid Greenhouse response: expected an object");
  const json::object& o = v->get_object();
  if (auto err = Str(o, "error"); !err.empty()) {
    return core::NotFound("Greenhouse answered: " + err);
  }
  ParsedPage page;
  GreenhouseWalker(ctx, page).Walk(o, 0);
  return page;
}

}  // namespace leados::ingest
