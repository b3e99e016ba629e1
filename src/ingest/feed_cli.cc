#include "ingest/feed_cli.h"

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace leados::ingest {
namespace {

core::json::value Time(const std::optional<core::TimePoint>& t) {
  if (!t) return nullptr;
  return core::json::value(core::FormatRfc3339(*t));
}

}  // namespace

core::json::object FeedToJson(const ParsedFeed& feed) {
  core::json::object f;
  f["title"] = feed.title;
  f["link"] = feed.link;
  f["subtitle"] = feed.subtitle;
  f["updated"] = Time(feed.updated);
  core::json::array entries;
  for (const auto& e : feed.entries) {
    core::json::object o;
    o["id"] = e.id;
    o["title"] = e.title;
    o["link"] = e.link;
    o["published"] = Time(e.published);
    o["updated"] = Time(e.updated);
    o["author"] = e.author;
    o["summary"] = e.summary;
    o["content"] = e.content;
    entries.push_back(std::move(o));
  }
  core::json::object root;
  root["feed"] = std::move(f);
  root["entries"] = std::move(entries);
  return root;
}

int RunFeedParse(const std::string& path, std::ostream& out, std::ostream& err,
                 const std::string& base_url) {
  std::string bytes;
  if (path == "-") {
    bytes.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      err << "error: cannot read '" << path << "': no such file or not readable\n";
      return 1;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    bytes = std::move(ss).str();
  }
  auto feed = ParseFeed(bytes, FeedParseOptions{base_url, ""});
  if (!feed) {
    err << "error: " << path << ": " << feed.error().message << "\n";
    return 1;
  }
  for (const auto& w : feed->warnings) err << "warning: " << w << "\n";
  out << core::ToJson(FeedToJson(*feed)) << "\n";
  return 0;
}

}  // namespace leados::ingest
