#include "ingest/connector_reddit.h"

#include <fmt/format.h>

#include <unordered_set>

#include "ingest/feed_dates.h"
#include "ingest/html_text.h"
#include "ingest/json_fields.h"

namespace leados::ingest {
namespace {

namespace json = core::json;
using jsonf::Int;
using jsonf::Obj;
using jsonf::Str;

constexpr int kMaxDepth = 200;

class ListingWalker {
 public:
  ListingWalker(const ParseContext& ctx, ParsedPage& page) : ctx_(ctx), page_(page) {}

  void Listing(const json::object& listing, int depth) {
    if (depth > kMaxDepth) return;
    const json::object* data = Obj(listing, "data");
    if (!data) return;
    const json::array* children = jsonf::Arr(*data, "children");
    if (!children) return;
    for (const auto& c : *children) {
      if (c.is_object()) Thing(c.get_object(), depth);
    }
  }

 private:
  void Thing(const json::object& thing, int depth) {
    std::string kind = Str(thing, "kind");
    const json::object* d = Obj(thing, "data");
    if (!d) return;
    if (kind == "more") {
      int64_t n = Int(*d, "count").value_or(0);
      page_.notes.push_back(
          fmt::format("reddit: a 'more' stub of {} comments not in this response", n));
      return;
    }
    if (kind == "Listing") {
      Listing(thing, depth + 1);
      return;
    }
    if (kind != "t3" && kind != "t1") return;
    Item(kind, *d);
    if (const json::object* replies = Obj(*d, "replies")) Listing(*replies, depth + 1);
  }

  void Item(const std::string& kind, const json::object& d) {
    std::string name = Str(d, "name");
    std::string id = Str(d, "id");
    if (name.empty()) name = kind + "_" + id;
    if (jsonf::Bool(d, "over_18")) {
      page_.notes.push_back(name + ": over_18 item skipped");
      return;
    }
    Signal s;
    s.source = SourceKind::kReddit;
    s.source_id = name;
    std::string text = Str(d, kind == "t3" ? "selftext" : "body");
    if (text == "[removed]" || text == "[deleted]") text.clear();
    s.body = NormalizeText(DecodeHtmlEntities(text));
    if (kind == "t3") s.title = CollapseWhitespace(DecodeHtmlEntities(Str(d, "title")));
    if (s.title.empty() && s.body.empty()) {
      page_.notes.push_back(name + ": text removed or deleted; skipped");
      return;
    }
    std::string permalink = Str(d, "permalink");
    if (permalink.empty() && kind == "t1") {
      std::string link = Str(d, "link_id");
      if (link.starts_with("t3_")) link.erase(0, 3);
      permalink = fmt::format("/comments/{}/_/{}/", link, id);
    }
    if (!permalink.empty()) {
      s.url = permalink.starts_with("http") ? permalink : "https://www.reddit.com" + permalink;
    }
    std::string author = Str(d, "author");
    if (author != "[deleted]" && !author.empty()) {
      s.author = author;
      s.author_url = "https://www.reddit.com/user/" + author;
    }
    if (auto t = Int(d, "created_utc")) s.published = FromEpochSeconds(*t);
    s.community = Str(d, "subreddit");
    FinishSignal(s, ctx_);
    AddUnique(page_, seen_, std::move(s));
  }

  const ParseContext& ctx_;
  ParsedPage& page_;
  std::unordered_set<std::string> seen_;
};

}  // namespace

core::Result<ParsedPage> ParseRedditListing(std::string_view body, const ParseContext& ctx) {
  auto v = core::ParseJson(body);
  if (!v) return core::InvalidArgument("invalid Reddit response: " + v.error().message);
  ParsedPage page;
  ListingWalker walker(ctx, page);
  auto listing_cursor = [&](const json::object& listing) {
    if (const json::object* data = Obj(listing, "data")) {
      page.next_cursor = Str(*data, "after");
      page.prev_cursor = Str(*data, "before");
    }
  };
  if (v->is_object() && Str(v->get_object(), "kind") == "Listing") {
    listing_cursor(v->get_object());
    walker.Listing(v->get_object(), 0);
  } else if (v->is_array()) {
    for (const auto& l : v->get_array()) {
      if (l.is_object() && Str(l.get_object(), "kind") == "Listing")
        walker.Listing(l.get_object(), 0);
    }
  } else if (v->is_object() && Obj(v->get_object(), "error") == nullptr &&
             v->get_object().contains("error")) {
    return core::InvalidArgument(fmt::format("Reddit answered an error: {}", core::ToJson(*v)));
  } else {
    return core::InvalidArgument(
        "invalid Reddit response: expected a Listing ({\"kind\":\"Listing\",…}) or an array of "
        "them");
  }
  return page;
}

}  // namespace leados::ingest
