#include "signal_corpus.h"

#include <charconv>
#include <fstream>

#include "core/json.h"

namespace leados::bench::e2e {

core::Result<SignalCorpus> SignalCorpus::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return core::Fail(core::Error{core::ErrorCode::kNotFound, "cannot read " + path});
  SignalCorpus c;
  std::string line;
  while (std::getline(in, line)) {
    auto o = core::ParseJsonObject(line);
    if (!o) continue;
    ingest::Signal s;
    const std::string site = core::StringOr(*o, "source");
    s.source = site.rfind("reddit.com", 0) == 0 ? ingest::SourceKind::kReddit
                                                : ingest::SourceKind::kHackerNews;
    s.title = core::StringOr(*o, "title");
    const std::string text = core::StringOr(*o, "text");
    if (text != s.title) s.body = text;
    s.url = core::StringOr(*o, "url");
    s.author = core::StringOr(*o, "author");
    if (s.title.empty() && s.body.empty()) continue;
    if (s.source == ingest::SourceKind::kReddit) {
      s.site = "reddit.com";
      if (auto slash = site.find("/r/"); slash != std::string::npos)
        s.community = site.substr(slash + 3);
      s.author_url = "https://www.reddit.com/user/" + s.author;
    } else {
      s.site = "news.ycombinator.com";
      s.author_url = "https://news.ycombinator.com/user?id=" + s.author;
    }
    s.language = "en";
    c.posts_.push_back(std::move(s));
  }
  if (c.posts_.empty()) {
    return core::Fail(core::Error{core::ErrorCode::kInvalidArgument, "no posts in " + path});
  }
  return c;
}

ingest::Signal SignalCorpus::Make(char tag, uint64_t index) const {
  ingest::Signal s = posts_[index % posts_.size()];
  const uint64_t cycle = index / posts_.size();
  s.source_id = std::string("e2e-") + tag + "-" + std::to_string(index);
  s.url += (s.url.find('?') == std::string::npos ? "?e2e=" : "&e2e=") + s.source_id;
  const std::string suffix = std::string("-") + tag + std::to_string(cycle);
  s.author += suffix;
  s.author_url += suffix;
  return s;
}

bool FindSignalIndex(std::string_view body, char* tag, uint64_t* index) {
  constexpr std::string_view kKey = "\"source_id\":\"e2e-";
  const size_t at = body.find(kKey);
  if (at == std::string_view::npos || at + kKey.size() + 2 >= body.size()) return false;
  const char* p = body.data() + at + kKey.size();
  *tag = p[0];
  if (p[1] != '-') return false;
  auto [end, ec] = std::from_chars(p + 2, body.data() + body.size(), *index);
  return ec == std::errc() && end != p + 2;
}

}  // namespace leados::bench::e2e
