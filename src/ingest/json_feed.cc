#include <fmt/format.h>

#include "core/json.h"
#include "ingest/feed_dates.h"
#include "ingest/feed_parser_internal.h"
#include "ingest/html_text.h"
#include "ingest/url_canon.h"

namespace leados::ingest::internal {
namespace {

namespace json = core::json;

std::string Str(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end()) return "";
  if (it->value().is_string()) return std::string(it->value().get_string());
  if (it->value().is_int64()) return std::to_string(it->value().get_int64());
  if (it->value().is_uint64()) return std::to_string(it->value().get_uint64());
  return "";
}

std::string AuthorName(const json::object& o) {
  // 1.1: authors[]; 1.0: author{}.
  if (auto it = o.find("authors"); it != o.end() && it->value().is_array()) {
    std::string names;
    for (const auto& a : it->value().get_array()) {
      if (!a.is_object()) continue;
      std::string n = Str(a.get_object(), "name");
      if (n.empty()) continue;
      if (!names.empty()) names += ", ";
      names += n;
    }
    if (!names.empty()) return names;
  }
  if (auto it = o.find("author"); it != o.end() && it->value().is_object()) {
    return Str(it->value().get_object(), "name");
  }
  return "";
}

}  // namespace

core::Result<ParsedFeed> ParseJsonFeed(std::string_view text, const FeedParseOptions& options) {
  auto parsed = core::ParseJsonObject(text);
  if (!parsed) return core::InvalidArgument("invalid JSON Feed: " + parsed.error().message);
  const json::object& root = *parsed;
  std::string version = Str(root, "version");
  if (!version.starts_with("https://jsonfeed.org/version/") &&
      !version.starts_with("http://jsonfeed.org/version/")) {
    return core::InvalidArgument(
        "not a feed: JSON without a JSON Feed \"version\" (https://jsonfeed.org/version/1.1)");
  }
  ParsedFeed feed;
  feed.format = "json-feed";
  feed.encoding = "utf-8";
  feed.title = HtmlToLine(Str(root, "title"));
  std::string home = Str(root, "home_page_url");
  std::string feed_url = Str(root, "feed_url");
  std::string base = !options.url.empty() ? options.url : feed_url;
  feed.link = home.empty() ? "" : CanonicalLink(base, home);
  feed.subtitle = HtmlToText(Str(root, "description"));
  feed.language = Str(root, "language");
  if (base.empty()) base = feed.link;
  auto items = root.find("items");
  if (items == root.end() || !items->value().is_array()) {
    return core::InvalidArgument("invalid JSON Feed: \"items\" must be an array");
  }
  std::string feed_author = AuthorName(root);
  for (const auto& v : items->value().get_array()) {
    if (!v.is_object()) {
      feed.warnings.push_back("skipped an item that is not an object");
      continue;
    }
    const json::object& it = v.get_object();
    FeedEntry e;
    e.id = Str(it, "id");
    std::string url = Str(it, "url");
    if (url.empty()) url = Str(it, "external_url");
    if (!url.empty()) e.link = CanonicalLink(base, url);
    e.title = HtmlToLine(Str(it, "title"));
    e.summary = HtmlToText(Str(it, "summary"));
    std::string html = Str(it, "content_html");
    e.content = html.empty() ? HtmlToText(Str(it, "content_text")) : HtmlToText(html);
    e.author = AuthorName(it);
    if (e.author.empty()) e.author = feed_author;
    for (auto [key, target] :
         {std::pair{"date_published", &e.published}, std::pair{"date_modified", &e.updated}}) {
      std::string d = Str(it, key);
      if (d.empty()) continue;
      *target = ParseFeedDate(d);
      if (!*target)
        feed.warnings.push_back(fmt::format("unreadable date '{}' in item '{}'", d, e.id));
    }
    feed.entries.push_back(std::move(e));
  }
  FinishEntries(feed);
  return feed;
}

}  // namespace leados::ingest::internal
