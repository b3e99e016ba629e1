#include "ingest/connector_ashby.h"

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

}  // namespace

core::Result<ParsedPage> ParseAshbyJobBoard(std::string_view body, const ParseContext& ctx) {
  auto v = ParseBoardJson(body, "Ashby");
  if (!v) return core::Fail(v.error());
  if (!v->is_object() || !Arr(v->get_object(), "jobs")) {
    return core::InvalidArgument("invalid Ashby response: expected {\"jobs\":[…]}");
  }
  ParsedPage page;
  std::unordered_set<std::string> seen;
  for (const auto& jv : *Arr(v->get_object(), "jobs")) {
    if (!jv.is_object()) continue;
    const json::object& j = jv.get_object();
    std::string id = Str(j, "id");
    if (!jsonf::Bool(j, "isListed", true)) {
      page.notes.push_back("ashby " + id + ": unlisted posting skipped");
      continue;
    }
    Signal s;
    s.source = SourceKind::kAshby;
    s.title = CollapseWhitespace(Str(j, "title"));
    std::string html = Str(j, "descriptionHtml");
    s.body = html.empty() ? NormalizeText(Str(j, "descriptionPlain")) : HtmlToText(html);
    s.url = CanonicalUrl(Str(j, "jobUrl"));
    s.location = CollapseWhitespace(Str(j, "location"));
    if (jsonf::Bool(j, "isRemote") && s.location.find("Remote") == std::string::npos) {
      s.location += s.location.empty() ? "Remote" : " (Remote)";
    }
    s.company = PostingCompany(ctx, "", "/job-board/");
    s.company_domain = ctx.company_domain;
    if (auto t = ParseFeedDate(Str(j, "publishedAt"))) s.published = *t;
    if (id.empty()) {
      page.notes.push_back("ashby: a posting without an id; skipped");
      continue;
    }
    s.source_id = id + "@" + PostingContentVersion(s);
    FinishSignal(s, ctx);
    AddUnique(page, seen, std::move(s));
  }
  return page;
}

}  // namespace leados::ingest
