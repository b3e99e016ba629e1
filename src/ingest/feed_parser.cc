#include "ingest/feed_parser.h"

#include <fmt/format.h>

#include <cstring>
#include <pugixml.hpp>
#include <unordered_map>
#include <unordered_set>

#include "core/crypto.h"
#include "core/encoding.h"
#include "ingest/feed_dates.h"
#include "ingest/feed_parser_internal.h"
#include "ingest/html_text.h"
#include "ingest/text_encoding.h"
#include "ingest/url_canon.h"

namespace leados::ingest {
namespace {

// Namespace families we read; everything else (media:, itunes: except fallbacks, …) is ignored.
enum class Ns { kCore, kAtom, kDc, kContent, kRdf, kItunes, kOther };

Ns NsFromUri(std::string_view uri) {
  if (uri == "http://www.w3.org/2005/Atom" || uri == "http://purl.org/atom/ns#") return Ns::kAtom;
  if (uri == "http://purl.org/dc/elements/1.1/" || uri == "http://purl.org/dc/terms/")
    return Ns::kDc;
  if (uri == "http://purl.org/rss/1.0/modules/content/") return Ns::kContent;
  if (uri == "http://www.w3.org/1999/02/22-rdf-syntax-ns#") return Ns::kRdf;
  if (uri == "http://www.itunes.com/dtds/podcast-1.0.dtd") return Ns::kItunes;
  if (uri == "http://purl.org/rss/1.0/" || uri == "http://my.netscape.com/rdf/simple/0.9/" ||
      uri == "http://backend.userland.com/rss2" || uri.empty()) {
    return Ns::kCore;
  }
  return Ns::kOther;
}

// Maps prefixes to namespace families from xmlns declarations on the root (where feeds declare
// them); undeclared prefixes fall back to their customary names.
class NsMap {
 public:
  explicit NsMap(pugi::xml_node root) {
    for (auto a : root.attributes()) {
      std::string_view n = a.name();
      if (n == "xmlns") default_ = NsFromUri(a.value());
      if (n.starts_with("xmlns:")) map_.emplace(std::string(n.substr(6)), NsFromUri(a.value()));
    }
  }
  // Namespace family and local name of an element or attribute name.
  std::pair<Ns, std::string_view> Split(std::string_view name) const {
    auto colon = name.find(':');
    if (colon == std::string_view::npos) return {default_, name};
    std::string_view prefix = name.substr(0, colon);
    std::string_view local = name.substr(colon + 1);
    auto it = map_.find(std::string(prefix));
    if (it != map_.end()) return {it->second, local};
    if (prefix == "atom" || prefix == "atom10" || prefix == "a10") return {Ns::kAtom, local};
    if (prefix == "dc" || prefix == "dcterms") return {Ns::kDc, local};
    if (prefix == "content") return {Ns::kContent, local};
    if (prefix == "rdf") return {Ns::kRdf, local};
    if (prefix == "itunes") return {Ns::kItunes, local};
    return {Ns::kOther, local};
  }
  Ns default_ns() const { return default_; }

 private:
  Ns default_ = Ns::kCore;
  std::unordered_map<std::string, Ns> map_;
};

struct StringWriter : pugi::xml_writer {
  std::string out;
  void write(const void* data, size_t size) override {
    out.append(static_cast<const char*>(data), size);
  }
};

// The text of an element: its character data, or (when it holds elements, e.g. unescaped HTML in
// a description or Atom xhtml) its inner markup.
std::string RawText(pugi::xml_node n) {
  std::string out;
  bool markup = false;
  for (auto c : n.children()) {
    if (c.type() == pugi::node_element) markup = true;
  }
  if (!markup) {
    for (auto c : n.children()) {
      if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
    }
    return out;
  }
  StringWriter w;
  for (auto c : n.children()) c.print(w, "", pugi::format_raw);
  return std::move(w.out);
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// RSS titles are nominally plain text but routinely carry entities and tags.
std::string TitleText(pugi::xml_node n) {
  std::string raw = RawText(n);
  return LooksLikeHtml(raw) ? HtmlToLine(raw) : CollapseWhitespace(raw);
}

// An Atom text construct (type text/html/xhtml; Atom 0.3 mode escaped/xml/base64).
std::string AtomText(pugi::xml_node n, bool one_line) {
  std::string_view type = n.attribute("type").value();
  std::string_view mode = n.attribute("mode").value();
  std::string raw = RawText(n);
  if (mode == "base64") {
    auto decoded = core::Base64Decode(std::string(Trim(raw)));
    raw = decoded ? RepairUtf8(*decoded) : "";
  }
  bool html = type == "html" || type == "xhtml" || type == "text/html" ||
              type == "application/xhtml+xml" || mode == "escaped" || mode == "xml" ||
              n.first_child().type() == pugi::node_element;
  if (!html) return one_line ? CollapseWhitespace(raw) : NormalizeText(raw);
  return one_line ? HtmlToLine(raw) : HtmlToText(raw);
}

// "jane@example.com (Jane Doe)" -> "Jane Doe".
std::string AuthorText(std::string_view raw) {
  std::string s = CollapseWhitespace(raw);
  auto open = s.find('(');
  auto close = s.rfind(')');
  if (s.find('@') != std::string::npos && open != std::string::npos && close != std::string::npos &&
      close > open + 1) {
    return s.substr(open + 1, close - open - 1);
  }
  return s;
}

class XmlFeedReader {
 public:
  XmlFeedReader(pugi::xml_node root, const FeedParseOptions& options, ParsedFeed& feed)
      : root_(root), ns_(root), options_(options), feed_(feed) {}

  core::Status Read() {
    auto [ns, local] = ns_.Split(root_.name());
    if (local == "rss" || local == "RDF" || local == "rdf") {
      return ReadRss(local != "rss");
    }
    if (local == "feed" && (ns == Ns::kAtom || ns == Ns::kCore)) return ReadAtom();
    if (local == "entry" && (ns == Ns::kAtom || ns == Ns::kCore)) {
      // A standalone Atom entry document (RFC 4287 §4.1.2): a feed of one.
      feed_.format = "atom-1.0";
      std::string self;
      std::string home = AtomLink(root_, &self);
      SetDocBase(self, home);
      ReadAtomEntry(root_);
      return core::Ok();
    }
    return core::InvalidArgument(fmt::format(
        "not a feed: the root element is <{}>, expected <rss>, <rdf:RDF> or <feed>", root_.name()));
  }

 private:
  // The base URL in effect at `n`: xml:base attributes resolved outward-in against the document
  // base (the fetch URL, else the feed's self link, else its home link).
  std::string BaseOf(pugi::xml_node n) const {
    std::vector<std::string_view> bases;
    for (auto p = n; p && p.type() == pugi::node_element; p = p.parent()) {
      if (auto a = p.attribute("xml:base")) bases.push_back(a.value());
    }
    std::string base = doc_base_;
    for (auto it = bases.rbegin(); it != bases.rend(); ++it) base = ResolveUrl(base, *it);
    return base;
  }

  void SetDocBase(std::string_view self, std::string_view home) {
    if (!options_.url.empty()) {
      doc_base_ = options_.url;
    } else if (!self.empty() && SiteOf(self) != "") {
      doc_base_ = std::string(self);
    } else if (SiteOf(home) != "") {
      doc_base_ = std::string(home);
    }
  }

  std::optional<core::TimePoint> Date(pugi::xml_node n) {
    std::string raw = RawText(n);
    auto t = ParseFeedDate(raw);
    if (!t && !Trim(raw).empty()) {
      feed_.warnings.push_back(fmt::format("unreadable date '{}' in <{}>", Trim(raw), n.name()));
    }
    return t;
  }

  core::Status ReadRss(bool rdf) {
    pugi::xml_node channel;
    for (auto c : root_.children()) {
      if (ns_.Split(c.name()).second == "channel") channel = c;
    }
    if (!channel && !rdf) return core::InvalidArgument("not a feed: <rss> without a <channel>");
    std::string_view version = root_.attribute("version").value();
    feed_.format = rdf ? "rss-1.0" : (version.starts_with("0.9") ? "rss-0.9x" : "rss-2.0");
    if (rdf && NsMap(root_).default_ns() == Ns::kCore &&
        std::string_view(root_.attribute("xmlns").value()).find("netscape") !=
            std::string_view::npos) {
      feed_.format = "rss-0.9x";
    }
    std::string self, home_raw;
    for (auto c : channel.children()) {
      auto [ns, local] = ns_.Split(c.name());
      if (ns == Ns::kCore && local == "link" && home_raw.empty()) home_raw = Trim(RawText(c));
      if (ns == Ns::kAtom && local == "link") {
        std::string_view rel = c.attribute("rel").value();
        if (rel == "self") self = c.attribute("href").value();
        if ((rel.empty() || rel == "alternate") && home_raw.empty())
          home_raw = c.attribute("href").value();
      }
    }
    SetDocBase(self, home_raw);
    if (!home_raw.empty()) feed_.link = CanonicalLink(BaseOf(channel), home_raw);
    for (auto c : channel.children()) {
      auto [ns, local] = ns_.Split(c.name());
      if (ns == Ns::kCore) {
        if (local == "title" && feed_.title.empty()) feed_.title = TitleText(c);
        if (local == "description" && feed_.subtitle.empty())
          feed_.subtitle = HtmlToText(RawText(c));
        if (local == "language" && feed_.language.empty()) feed_.language = Trim(RawText(c));
        if (local == "lastBuildDate" || (local == "pubDate" && !feed_.updated)) {
          if (auto t = Date(c)) feed_.updated = t;
        }
      } else if (ns == Ns::kDc) {
        if (local == "date" && !feed_.updated) feed_.updated = Date(c);
        if (local == "language" && feed_.language.empty()) feed_.language = Trim(RawText(c));
      } else if (ns == Ns::kAtom && local == "updated" && !feed_.updated) {
        feed_.updated = Date(c);
      }
    }
    // RSS 2.0 items live in the channel; RSS 0.90/1.0 items are siblings of the channel.
    for (auto parent : {channel, root_}) {
      if (!parent) continue;
      for (auto c : parent.children()) {
        auto [ns, local] = ns_.Split(c.name());
        if (local == "item" && ns == Ns::kCore) ReadRssItem(c);
      }
    }
    return core::Ok();
  }

  void ReadRssItem(pugi::xml_node item) {
    FeedEntry e;
    std::string link_raw, guid, atom_link;
    bool guid_is_link = true;
    std::string base = BaseOf(item);
    for (auto c : item.children()) {
      auto [ns, local] = ns_.Split(c.name());
      switch (ns) {
        case Ns::kCore:
          if (local == "title" && e.title.empty())
            e.title = TitleText(c);
          else if (local == "link" && link_raw.empty())
            link_raw = Trim(RawText(c));
          else if (local == "description" && e.summary.empty())
            e.summary = HtmlToText(RawText(c));
          else if (local == "guid" && guid.empty()) {
            guid = Trim(RawText(c));
            std::string_view perma = c.attribute("isPermaLink").value();
            guid_is_link = perma != "false" && perma != "False" && perma != "0";
          } else if (local == "pubDate" && !e.published)
            e.published = Date(c);
          else if (local == "author" && e.author.empty())
            e.author = AuthorText(RawText(c));
          break;
        case Ns::kDc:
          if (local == "creator" && e.author.empty())
            e.author = CollapseWhitespace(RawText(c));
          else if (local == "date" && !e.published)
            e.published = Date(c);
          else if ((local == "modified" || local == "updated") && !e.updated)
            e.updated = Date(c);
          break;
        case Ns::kContent:
          if (local == "encoded" && e.content.empty()) e.content = HtmlToText(RawText(c));
          break;
        case Ns::kAtom:
          if (local == "link" && atom_link.empty()) {
            std::string_view rel = c.attribute("rel").value();
            if (rel.empty() || rel == "alternate") atom_link = c.attribute("href").value();
          } else if (local == "updated" && !e.updated) {
            e.updated = Date(c);
          } else if (local == "published" && !e.published) {
            e.published = Date(c);
          }
          break;
        case Ns::kItunes:
          if (local == "summary" && e.summary.empty())
            e.summary = HtmlToText(RawText(c));
          else if (local == "author" && e.author.empty())
            e.author = CollapseWhitespace(RawText(c));
          break;
        default:
          break;
      }
    }
    if (link_raw.empty()) link_raw = atom_link;
    if (link_raw.empty() && !guid.empty() && guid_is_link &&
        (guid.starts_with("http://") || guid.starts_with("https://"))) {
      link_raw = guid;
    }
    if (!link_raw.empty()) e.link = CanonicalLink(base, link_raw);
    e.id = guid;
    if (e.id.empty()) e.id = Trim(item.attribute("rdf:about").value());
    feed_.entries.push_back(std::move(e));
  }

  // The href of the preferred link among `n`'s atom:link children: rel=alternate (or no rel),
  // text/html before other types.
  std::string AtomLink(pugi::xml_node n, std::string* self) {
    std::string best;
    bool best_html = false;
    for (auto c : n.children()) {
      auto [ns, local] = ns_.Split(c.name());
      if (local != "link" || (ns != Ns::kAtom && ns != Ns::kCore)) continue;
      std::string_view rel = c.attribute("rel").value();
      std::string_view href = c.attribute("href").value();
      if (rel == "self" && self) *self = href;
      if (!rel.empty() && rel != "alternate") continue;
      std::string_view type = c.attribute("type").value();
      bool html = type.empty() || type == "text/html";
      if (best.empty() || (html && !best_html)) {
        best = ResolveUrl(BaseOf(c), href);
        best_html = html;
      }
    }
    return best;
  }

  core::Status ReadAtom() {
    std::string_view version = root_.attribute("version").value();
    feed_.format = version == "0.3" ? "atom-0.3" : "atom-1.0";
    std::string self;
    // Resolve the document base first; the self link is itself resolved against xml:base only.
    std::string home = AtomLink(root_, &self);
    SetDocBase(self, home);
    home = AtomLink(root_, nullptr);
    if (!home.empty()) feed_.link = CanonicalUrl(home);
    feed_.language = root_.attribute("xml:lang").value();
    for (auto c : root_.children()) {
      auto [ns, local] = ns_.Split(c.name());
      if (ns != Ns::kAtom && ns != Ns::kCore) continue;
      if (local == "title" && feed_.title.empty()) feed_.title = AtomText(c, true);
      if ((local == "subtitle" || local == "tagline") && feed_.subtitle.empty()) {
        feed_.subtitle = AtomText(c, false);
      }
      if ((local == "updated" || local == "modified") && !feed_.updated) feed_.updated = Date(c);
    }
    for (auto c : root_.children()) {
      auto [ns, local] = ns_.Split(c.name());
      if (local == "entry" && (ns == Ns::kAtom || ns == Ns::kCore)) ReadAtomEntry(c);
    }
    return core::Ok();
  }

  void ReadAtomEntry(pugi::xml_node entry) {
    FeedEntry e;
    std::string link = AtomLink(entry, nullptr);
    for (auto c : entry.children()) {
      auto [ns, local] = ns_.Split(c.name());
      if (ns == Ns::kAtom || ns == Ns::kCore) {
        if (local == "id" && e.id.empty())
          e.id = Trim(RawText(c));
        else if (local == "title" && e.title.empty())
          e.title = AtomText(c, true);
        else if ((local == "published" || local == "issued") && !e.published)
          e.published = Date(c);
        else if (local == "created" && !e.published)
          e.published = Date(c);
        else if ((local == "updated" || local == "modified") && !e.updated)
          e.updated = Date(c);
        else if (local == "summary" && e.summary.empty())
          e.summary = AtomText(c, false);
        else if (local == "content" && e.content.empty()) {
          e.content = AtomText(c, false);
          if (link.empty() && c.attribute("src"))
            link = ResolveUrl(BaseOf(c), c.attribute("src").value());
        } else if (local == "author" && e.author.empty()) {
          for (auto a : c.children()) {
            auto [ans, alocal] = ns_.Split(a.name());
            if (alocal == "name") e.author = CollapseWhitespace(RawText(a));
            if (alocal == "email" && e.author.empty()) e.author = CollapseWhitespace(RawText(a));
          }
        }
      } else if (ns == Ns::kDc && local == "creator" && e.author.empty()) {
        e.author = CollapseWhitespace(RawText(c));
      }
    }
    if (!link.empty()) e.link = CanonicalUrl(link);
    feed_.entries.push_back(std::move(e));
  }

  pugi::xml_node root_;
  NsMap ns_;
  const FeedParseOptions& options_;
  ParsedFeed& feed_;
  std::string doc_base_;
};

core::Result<ParsedFeed> ParseXmlFeed(std::string text, const FeedParseOptions& options,
                                      ParsedFeed feed) {
  pugi::xml_document doc;
  pugi::xml_parse_result res =
      doc.load_buffer_inplace(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  pugi::xml_node root = doc.document_element();
  if (!res && !root) {
    return core::InvalidArgument(
        fmt::format("invalid XML at byte {}: {}", res.offset, res.description()));
  }
  XmlFeedReader reader(root, options, feed);
  if (auto st = reader.Read(); !st) {
    if (!res) {
      return core::InvalidArgument(
          fmt::format("invalid XML at byte {}: {}", res.offset, res.description()));
    }
    return core::Fail(st.error());
  }
  if (!res) {
    if (feed.entries.empty()) {
      return core::InvalidArgument(
          fmt::format("invalid XML at byte {}: {}", res.offset, res.description()));
    }
    feed.warnings.push_back(
        fmt::format("invalid XML at byte {} ({}); kept the {} entries before it", res.offset,
                    res.description(), feed.entries.size()));
  }
  internal::FinishEntries(feed);
  return feed;
}

}  // namespace

namespace internal {

void FinishEntries(ParsedFeed& feed) {
  std::unordered_set<std::string> seen;
  std::vector<FeedEntry> kept;
  kept.reserve(feed.entries.size());
  for (auto& e : feed.entries) {
    if (e.id.empty()) e.id = e.link;
    if (e.id.empty()) {
      std::string basis = e.link + "\n" + e.title;
      if (e.title.empty()) basis += "\n" + e.summary + "\n" + e.content;
      e.id = "sha256:" + core::Sha256Hex(basis).substr(0, 32);
    }
    if (!seen.insert(e.id).second) {
      feed.warnings.push_back(fmt::format("entry '{}' appears twice; kept the first", e.id));
      continue;
    }
    kept.push_back(std::move(e));
  }
  feed.entries = std::move(kept);
}

}  // namespace internal

core::Result<ParsedFeed> ParseFeed(std::string_view bytes, const FeedParseOptions& options) {
  std::string declared = DeclaredEncoding(bytes, options.http_charset);
  Utf8Text utf8 = ToUtf8(bytes, declared);
  ParsedFeed feed;
  feed.encoding = utf8.encoding;
  if (utf8.repaired) {
    feed.warnings.push_back(
        fmt::format("declared encoding '{}' does not match the bytes; decoded as {}",
                    declared.empty() ? "utf-8" : declared, utf8.encoding));
  }
  std::string_view t = Trim(utf8.text);
  if (t.empty()) return core::InvalidArgument("not a feed: the document is empty");
  if (t.front() == '{') {
    auto parsed = internal::ParseJsonFeed(t, options);
    if (parsed) {
      parsed->warnings.insert(parsed->warnings.begin(), feed.warnings.begin(), feed.warnings.end());
    }
    return parsed;
  }
  if (t.front() != '<') {
    return core::InvalidArgument("not a feed: expected XML (RSS, Atom) or a JSON Feed object");
  }
  return ParseXmlFeed(std::move(utf8.text), options, std::move(feed));
}

}  // namespace leados::ingest
