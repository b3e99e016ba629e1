#include "ingest/signal.h"

#include <array>
#include <fmt/format.h>

#include "core/crypto.h"

namespace leados::ingest {
namespace {
constexpr std::array<std::pair<SourceKind, std::string_view>, 8> kNames = {{
    {SourceKind::kHackerNews, "hn"},
    {SourceKind::kReddit, "reddit"},
    {SourceKind::kRss, "rss"},
    {SourceKind::kGreenhouse, "greenhouse"},
    {SourceKind::kLever, "lever"},
    {SourceKind::kAshby, "ashby"},
    {SourceKind::kPress, "press"},
    {SourceKind::kJobPage, "jobpage"},
}};

std::string HostOf(std::string_view url) {
  auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  url.remove_prefix(scheme + 3);
  auto end = url.find_first_of("/?#");
  std::string host(url.substr(0, end));
  if (auto at = host.rfind('@'); at != std::string::npos) host.erase(0, at + 1);
  if (auto colon = host.rfind(':'); colon != std::string::npos && host.find(']') == std::string::npos) {
    host.erase(colon);
  }
  for (auto& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (host.rfind("www.", 0) == 0) host.erase(0, 4);
  return host;
}
}  // namespace

std::string_view SourceKindName(SourceKind kind) {
  for (const auto& [k, n] : kNames) {
    if (k == kind) return n;
  }
  return "rss";
}

std::optional<SourceKind> ParseSourceKind(std::string_view name) {
  for (const auto& [k, n] : kNames) {
    if (n == name) return k;
  }
  return std::nullopt;
}

bool IsJobSource(SourceKind kind) {
  return kind == SourceKind::kGreenhouse || kind == SourceKind::kLever || kind == SourceKind::kAshby ||
         kind == SourceKind::kJobPage;
}

std::string Signal::Key() const { return fmt::format("{}:{}", SourceKindName(source), source_id); }

core::json::object SignalToJson(const Signal& s) {
  core::json::object o;
  o["source"] = SourceKindName(s.source);
  o["source_id"] = s.source_id;
  o["url"] = s.url;
  o["title"] = s.title;
  o["body"] = s.body;
  o["author"] = s.author;
  if (!s.author_url.empty()) o["author_url"] = s.author_url;
  o["published"] = core::FormatRfc3339(s.published);
  o["language"] = s.language;
  o["site"] = s.site;
  if (!s.community.empty()) o["community"] = s.community;
  if (!s.company.empty()) o["company"] = s.company;
  if (!s.company_domain.empty()) o["company_domain"] = s.company_domain;
  if (!s.location.empty()) o["location"] = s.location;
  if (!s.feed_id.empty()) o["feed_id"] = s.feed_id;
  return o;
}

core::Result<Signal> SignalFromJson(const core::json::object& o) {
  Signal s;
  auto source = core::ReqString(o, "source");
  if (!source) return core::Fail(source.error());
  auto kind = ParseSourceKind(*source);
  if (!kind) {
    return core::InvalidArgument(fmt::format(
        "field 'source' must be one of hn, reddit, rss, greenhouse, lever, ashby, press, jobpage; got '{}'",
        *source));
  }
  s.source = *kind;
  for (auto [field, target] : std::initializer_list<std::pair<const char*, std::string*>>{
           {"source_id", &s.source_id}, {"url", &s.url}, {"title", &s.title}, {"body", &s.body},
           {"author", &s.author}, {"author_url", &s.author_url}, {"language", &s.language},
           {"site", &s.site}, {"community", &s.community}, {"company", &s.company},
           {"company_domain", &s.company_domain}, {"location", &s.location}, {"feed_id", &s.feed_id}}) {
    auto v = core::OptString(o, field);
    if (!v) return core::Fail(v.error());
    if (*v) *target = std::move(**v);
  }
  if (s.title.empty() && s.body.empty()) {
    return core::InvalidArgument("a signal needs a 'title' or a 'body'");
  }
  auto published = core::OptString(o, "published");
  if (!published) return core::Fail(published.error());
  if (*published) {
    auto t = core::ParseRfc3339(**published);
    if (!t) {
      return core::InvalidArgument(
          fmt::format("field 'published' must be RFC 3339 (2026-11-29T06:00:00Z), got '{}'", **published));
    }
    s.published = *t;
  }
  if (s.site.empty()) s.site = HostOf(s.url);
  if (s.source_id.empty()) s.source_id = s.url.empty() ? core::Sha256Hex(s.title + "\n" + s.body) : s.url;
  return s;
}

}  // namespace leados::ingest
