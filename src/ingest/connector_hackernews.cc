#include "ingest/connector_hackernews.h"

#include <fmt/format.h>

#include <unordered_set>

#include "ingest/feed_dates.h"
#include "ingest/html_text.h"
#include "ingest/json_fields.h"
#include "ingest/url_canon.h"

namespace leados::ingest {
namespace {

namespace json = core::json;
using jsonf::Arr;
using jsonf::Int;
using jsonf::Str;

std::string ItemUrl(std::string_view id) {
  return fmt::format("https://news.ycombinator.com/item?id={}", id);
}

struct HnFields {
  std::string id, type, author, title, url, text;
  std::optional<int64_t> time;
};

// Builds the Signal for one item, or returns a note saying why it is skipped.
std::optional<Signal> MakeSignal(const HnFields& f, const ParseContext& ctx, ParsedPage& page) {
  if (f.type == "pollopt") {
    page.notes.push_back(
        fmt::format("hn {}: poll option skipped (its text belongs to the poll)", f.id));
    return std::nullopt;
  }
  Signal s;
  s.source = SourceKind::kHackerNews;
  s.source_id = f.id;
  s.title = HtmlToLine(f.title);
  s.body = HtmlToText(f.text);
  if (s.title.empty() && s.body.empty()) {
    page.notes.push_back(fmt::format("hn {}: no title and no text; skipped", f.id));
    return std::nullopt;
  }
  s.url = f.url.empty() ? ItemUrl(f.id) : CanonicalUrl(f.url);
  s.author = f.author;
  if (!f.author.empty()) s.author_url = "https://news.ycombinator.com/user?id=" + f.author;
  if (f.time) s.published = FromEpochSeconds(*f.time);
  FinishSignal(s, ctx);
  return s;
}

core::Result<json::value> ParseBody(std::string_view body, std::string_view what) {
  auto v = core::ParseJson(body);
  if (!v)
    return core::InvalidArgument(fmt::format("invalid {} response: {}", what, v.error().message));
  return v;
}

void AppendIds(const json::array& a, std::vector<int64_t>& out) {
  for (const auto& v : a) {
    if (v.is_int64()) out.push_back(v.get_int64());
    if (v.is_uint64()) out.push_back(static_cast<int64_t>(v.get_uint64()));
  }
}

// One node of an Algolia item tree, then its children (iteratively; trees can be deep).
void WalkAlgoliaTree(const json::object& root, const ParseContext& ctx, ParsedPage& page,
                     std::unordered_set<std::string>& seen) {
  std::vector<const json::object*> stack{&root};
  while (!stack.empty()) {
    const json::object& o = *stack.back();
    stack.pop_back();
    HnFields f{Str(o, "id"),  Str(o, "type"), Str(o, "author"),      Str(o, "title"),
               Str(o, "url"), Str(o, "text"), Int(o, "created_at_i")};
    if (f.author.empty() && f.text.empty() && f.title.empty()) {
      page.notes.push_back(fmt::format("hn {}: deleted; skipped", f.id));
    } else if (auto s = MakeSignal(f, ctx, page)) {
      AddUnique(page, seen, std::move(*s));
    }
    if (const auto* kids = Arr(o, "children")) {
      for (auto it = kids->rbegin(); it != kids->rend(); ++it) {
        if (it->is_object()) stack.push_back(&it->get_object());
      }
    }
  }
}

}  // namespace

core::Result<ParsedPage> ParseHnItem(std::string_view body, const ParseContext& ctx) {
  auto v = ParseBody(body, "Hacker News item");
  if (!v) return core::Fail(v.error());
  ParsedPage page;
  if (v->is_null()) return page;
  if (!v->is_object()) return core::InvalidArgument("invalid Hacker News item: expected an object");
  const json::object& o = v->get_object();
  if (const auto* kids = Arr(o, "kids")) AppendIds(*kids, page.item_ids);
  if (const auto* parts = Arr(o, "parts")) AppendIds(*parts, page.item_ids);
  HnFields f{Str(o, "id"),  Str(o, "type"), Str(o, "by"),  Str(o, "title"),
             Str(o, "url"), Str(o, "text"), Int(o, "time")};
  if (f.id.empty()) return core::InvalidArgument("invalid Hacker News item: no 'id'");
  if (jsonf::Bool(o, "deleted") || jsonf::Bool(o, "dead")) {
    page.notes.push_back(
        fmt::format("hn {}: {}; skipped", f.id, jsonf::Bool(o, "deleted") ? "deleted" : "dead"));
    return page;
  }
  std::unordered_set<std::string> seen;
  if (auto s = MakeSignal(f, ctx, page)) AddUnique(page, seen, std::move(*s));
  return page;
}

core::Result<ParsedPage> ParseHnIndex(std::string_view body) {
  auto v = ParseBody(body, "Hacker News index");
  if (!v) return core::Fail(v.error());
  ParsedPage page;
  if (v->is_int64() || v->is_uint64()) {
    page.max_item = v->is_int64() ? v->get_int64() : static_cast<int64_t>(v->get_uint64());
  } else if (v->is_array()) {
    AppendIds(v->get_array(), page.item_ids);
  } else if (v->is_object() && Arr(v->get_object(), "items")) {
    AppendIds(*Arr(v->get_object(), "items"), page.item_ids);
  } else {
    return core::InvalidArgument(
        "invalid Hacker News index: expected a number (maxitem), an array of ids or "
        "{\"items\":[…]}");
  }
  return page;
}

core::Result<ParsedPage> ParseHnAlgoliaSearch(std::string_view body, const ParseContext& ctx) {
  auto v = ParseBody(body, "Algolia search");
  if (!v) return core::Fail(v.error());
  if (!v->is_object() || !Arr(v->get_object(), "hits")) {
    return core::InvalidArgument("invalid Algolia search response: expected an object with 'hits'");
  }
  const json::object& root = v->get_object();
  ParsedPage page;
  std::unordered_set<std::string> seen;
  for (const auto& hv : *Arr(root, "hits")) {
    if (!hv.is_object()) continue;
    const json::object& h = hv.get_object();
    std::string type = "story";
    if (const auto* tags = Arr(h, "_tags")) {
      for (const auto& t : *tags) {
        if (!t.is_string()) continue;
        std::string_view tag = t.get_string();
        if (tag == "comment" || tag == "poll" || tag == "pollopt" || tag == "job") type = tag;
      }
    }
    std::string text = Str(h, "comment_text");
    if (text.empty()) text = Str(h, "story_text");
    HnFields f{Str(h, "objectID"), type, Str(h, "author"),      Str(h, "title"),
               Str(h, "url"),      text, Int(h, "created_at_i")};
    if (f.id.empty()) continue;
    if (auto s = MakeSignal(f, ctx, page)) AddUnique(page, seen, std::move(*s));
  }
  auto p = Int(root, "page");
  auto pages = Int(root, "nbPages");
  if (p && pages && *p + 1 < *pages) page.next_cursor = std::to_string(*p + 1);
  return page;
}

core::Result<ParsedPage> ParseHnAlgoliaItem(std::string_view body, const ParseContext& ctx) {
  auto v = ParseBody(body, "Algolia item");
  if (!v) return core::Fail(v.error());
  if (!v->is_object()) return core::InvalidArgument("invalid Algolia item: expected an object");
  ParsedPage page;
  std::unordered_set<std::string> seen;
  WalkAlgoliaTree(v->get_object(), ctx, page, seen);
  return page;
}

}  // namespace leados::ingest
