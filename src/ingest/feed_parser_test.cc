// Feed parsing on small hand-written feeds: the mess the real world sends, and the CLI output.

#include "ingest/feed_parser.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/json.h"
#include "ingest/connector_feed.h"
#include "ingest/feed_cli.h"

namespace leados::ingest {
namespace {

std::string Time(const std::optional<core::TimePoint>& t) {
  return t ? core::FormatRfc3339(*t) : "none";
}

constexpr const char* kRss = R"(<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Lantern &amp; Co. news</title>
  <link>https://lantern.example/</link>
  <description>&lt;p&gt;What we ship&lt;/p&gt;</description>
  <language>en-us</language>
  <lastBuildDate>Sat, 28 Nov 2026 09:00:00 +0100</lastBuildDate>
  <item>
    <title>&lt;b&gt;Launch&lt;/b&gt; day &amp;amp; more</title>
    <link>/news/launch?utm_source=rss#top</link>
    <guid isPermaLink="false">lantern-42</guid>
    <pubDate>Fri, 27 Nov 2026 18:30 EST</pubDate>
    <dc:creator>Mira Okafor</dc:creator>
    <description><![CDATA[<p>Short <i>teaser</i></p>]]></description>
    <content:encoded><![CDATA[<h2>Body</h2><p>We are shipping the new ledger today.</p><script>x()</script>]]></content:encoded>
  </item>
  <item>
    <title>No guid, only a link</title>
    <link>https://lantern.example/news/second</link>
  </item>
  <item>
    <title>Neither guid nor link</title>
    <description>text only</description>
  </item>
  <item>
    <title>Duplicate of the first</title>
    <guid isPermaLink="false">lantern-42</guid>
  </item>
</channel>
</rss>)";

TEST(FeedParserTest, Rss2WithRealWorldMess) {
  auto feed = ParseFeed(kRss, FeedParseOptions{"https://lantern.example/feed.xml", ""});
  ASSERT_TRUE(feed) << feed.error().message;
  EXPECT_EQ(feed->format, "rss-2.0");
  EXPECT_EQ(feed->title, "Lantern & Co. news");
  EXPECT_EQ(feed->subtitle, "What we ship");
  EXPECT_EQ(Time(feed->updated), "2026-11-28T08:00:00Z");
  ASSERT_EQ(feed->entries.size(), 3u);  // the duplicate guid is merged
  const FeedEntry& e = feed->entries[0];
  EXPECT_EQ(e.id, "lantern-42");
  EXPECT_EQ(e.title, "Launch day & more");
  EXPECT_EQ(e.link, "https://lantern.example/news/launch");  // resolved, tracking + fragment gone
  EXPECT_EQ(Time(e.published), "2026-11-27T23:30:00Z");
  EXPECT_EQ(e.author, "Mira Okafor");
  EXPECT_EQ(e.summary, "Short teaser");
  EXPECT_EQ(e.content, "Body\nWe are shipping the new ledger today.");
  EXPECT_EQ(feed->entries[1].id, "https://lantern.example/news/second");  // link as id
  EXPECT_TRUE(feed->entries[2].id.starts_with("sha256:"));                // hash as id
  EXPECT_EQ(feed->entries[2].id, ParseFeed(kRss)->entries[2].id);         // stable
}

TEST(FeedParserTest, FeedToSignalsDedupesAndDetectsLanguage) {
  ParseContext ctx;
  ctx.url = "https://lantern.example/feed.xml";
  ctx.feed_id = "lantern";
  auto page = ParseFeedPage(kRss, ctx);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->signals.size(), 3u);
  const Signal& s = page->signals[0];
  EXPECT_EQ(s.Key(), "rss:lantern-42");
  EXPECT_EQ(s.body, "Body\nWe are shipping the new ledger today.");
  EXPECT_EQ(s.community, "Lantern & Co. news");
  EXPECT_EQ(s.site, "lantern.example");
  EXPECT_EQ(s.feed_id, "lantern");
  EXPECT_EQ(s.language, "en");
  // Undated entries take the feed's time rather than the epoch.
  EXPECT_EQ(core::FormatRfc3339(page->signals[1].published), "2026-11-28T08:00:00Z");
  ctx.kind = SourceKind::kPress;
  ctx.company = "Lantern & Co.";
  auto press = ParseFeedPage(kRss, ctx);
  ASSERT_TRUE(press);
  EXPECT_EQ(press->signals[0].Key(), "press:lantern-42");
  EXPECT_EQ(press->signals[0].company, "Lantern & Co.");
}

TEST(FeedParserTest, AtomWithXmlBaseXhtmlAndSelfLink) {
  const char* atom = R"(<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">
  <title type="html">Kiln &lt;em&gt;notes&lt;/em&gt;</title>
  <link rel="self" href="https://kiln.example/blog/atom.xml"/>
  <link href="/blog/"/>
  <updated>2026-11-01T10:00:00+01:00</updated>
  <entry xml:base="https://kiln.example/blog/2026/">
    <id>tag:kiln.example,2026:1</id>
    <title type="text">Glaze &lt; 3 &amp; fire</title>
    <link rel="alternate" type="text/html" href="glaze"/>
    <link rel="enclosure" href="https://cdn.example/x.mp3"/>
    <published>2026-10-30T08:00:00Z</published>
    <updated>2026-10-31T08:00:00Z</updated>
    <author><name>Ana Lima</name></author>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Cone <b>6</b></p><p>Two</p></div></content>
  </entry>
  <entry>
    <id>tag:kiln.example,2026:2</id>
    <title>Relative</title>
    <link href="/blog/2026/relative"/>
    <updated>2026-11-01T09:00:00Z</updated>
  </entry>
</feed>)";
  auto feed = ParseFeed(atom);
  ASSERT_TRUE(feed) << feed.error().message;
  EXPECT_EQ(feed->format, "atom-1.0");
  EXPECT_EQ(feed->title, "Kiln notes");
  EXPECT_EQ(feed->link, "https://kiln.example/blog/");
  EXPECT_EQ(feed->language, "de");
  ASSERT_EQ(feed->entries.size(), 2u);
  EXPECT_EQ(feed->entries[0].title, "Glaze < 3 & fire");  // type=text is not HTML
  EXPECT_EQ(feed->entries[0].link, "https://kiln.example/blog/2026/glaze");
  EXPECT_EQ(feed->entries[0].content, "Cone 6\nTwo");
  EXPECT_EQ(feed->entries[0].author, "Ana Lima");
  EXPECT_EQ(Time(feed->entries[0].updated), "2026-10-31T08:00:00Z");
  EXPECT_EQ(feed->entries[1].link, "https://kiln.example/blog/2026/relative");  // via self link
}

TEST(FeedParserTest, Rss1JsonFeedAndAtom03) {
  const char* rdf = R"(<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://loom.example/"><title>Loom</title><link>https://loom.example/</link></channel>
  <item rdf:about="https://loom.example/a"><title>A</title><link>https://loom.example/a</link>
    <dc:date>2026-11-02T10:00:00+00:00</dc:date></item>
</rdf:RDF>)";
  auto r = ParseFeed(rdf);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->format, "rss-1.0");
  ASSERT_EQ(r->entries.size(), 1u);
  EXPECT_EQ(r->entries[0].id, "https://loom.example/a");
  EXPECT_EQ(Time(r->entries[0].published), "2026-11-02T10:00:00Z");

  const char* json = R"({"version":"https://jsonfeed.org/version/1.1","title":"Tern",
    "home_page_url":"https://tern.example/","items":[
     {"id":"1","url":"/p/1","title":"One","content_html":"<p>Hi <b>there</b></p>",
      "date_published":"2026-11-03T10:00:00-05:00","authors":[{"name":"Kai"}]},
     {"id":2,"content_text":"untitled note"}]})";
  auto j = ParseFeed(json);
  ASSERT_TRUE(j) << j.error().message;
  EXPECT_EQ(j->format, "json-feed");
  ASSERT_EQ(j->entries.size(), 2u);
  EXPECT_EQ(j->entries[0].link, "https://tern.example/p/1");
  EXPECT_EQ(j->entries[0].content, "Hi there");
  EXPECT_EQ(j->entries[0].author, "Kai");
  EXPECT_EQ(Time(j->entries[0].published), "2026-11-03T15:00:00Z");
  EXPECT_EQ(j->entries[1].id, "2");

  const char* atom03 = R"(<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old</title>
    <entry><title>E</title><link rel="alternate" href="https://old.example/e"/><id>e1</id>
    <issued>2004-01-01T00:00:00Z</issued><modified>2004-01-02T00:00:00Z</modified>
    <content type="text/html" mode="escaped">&lt;p&gt;Escaped&lt;/p&gt;</content></entry></feed>)";
  auto a = ParseFeed(atom03);
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->format, "atom-0.3");
  EXPECT_EQ(a->entries[0].content, "Escaped");
  EXPECT_EQ(Time(a->entries[0].published), "2004-01-01T00:00:00Z");
  EXPECT_EQ(Time(a->entries[0].updated), "2004-01-02T00:00:00Z");
}

TEST(FeedParserTest, EncodingsDeclaredWrongAndUtf16) {
  // Declared ISO-8859-2: "Łódź".
  std::string latin2 =
      "<?xml version=\"1.0\" encoding=\"ISO-8859-2\"?><rss version=\"2.0\"><channel>"
      "<title>\xA3\xF3\x64\xBC</title><item><title>x</title></item></channel></rss>";
  auto l = ParseFeed(latin2);
  ASSERT_TRUE(l);
  EXPECT_EQ(l->title, "Łódź");
  // Declared UTF-8 but Latin-1 bytes: no crash, decoded as windows-1252, with a warning.
  std::string wrong =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>"
      "<title>Caf\xE9</title><item><title>x</title></item></channel></rss>";
  auto w = ParseFeed(wrong);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->title, "Café");
  ASSERT_FALSE(w->warnings.empty());
  EXPECT_NE(w->warnings[0].find("does not match"), std::string::npos);
  // A charset from HTTP overrides the declaration.
  auto http = ParseFeed(latin2, FeedParseOptions{"", "iso-8859-1"});
  ASSERT_TRUE(http);
  EXPECT_EQ(http->title, "£ód¼");
  // UTF-16LE with a BOM.
  std::string ascii = "<rss version=\"2.0\"><channel><title>Wide</title></channel></rss>";
  std::string utf16 = "\xFF\xFE";
  for (char c : ascii) {
    utf16.push_back(c);
    utf16.push_back('\0');
  }
  auto u = ParseFeed(utf16);
  ASSERT_TRUE(u) << u.error().message;
  EXPECT_EQ(u->title, "Wide");
}

TEST(FeedParserTest, MalformedInputsGiveClearErrorsNotCrashes) {
  auto expect_error = [](std::string_view in, std::string_view needle) {
    auto r = ParseFeed(in);
    ASSERT_FALSE(r) << "input: " << in.substr(0, 40);
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().message.find(needle), std::string::npos) << r.error().message;
  };
  expect_error("", "empty");
  expect_error("   \n", "empty");
  expect_error("hello", "expected XML");
  expect_error("<html><body>not a feed</body></html>", "root element is <html>");
  expect_error("<rss><channel><title>x</title", "invalid XML at byte");
  expect_error("<<<<>>>>", "invalid XML");
  expect_error("{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":", "invalid JSON Feed");
  expect_error("{\"title\":\"no version\"}", "not a feed");
  expect_error("{\"version\":\"https://jsonfeed.org/version/1\",\"items\":5}",
               "\"items\" must be an array");
  expect_error("<rss version=\"2.0\"></rss>", "without a <channel>");
  // Truncated after complete entries: those entries are kept, with a warning.
  auto cut = ParseFeed(
      "<rss version=\"2.0\"><channel><title>T</title><item><title>one</title></item>"
      "<item><title>two</title></item><item><title>thr");
  ASSERT_TRUE(cut);
  EXPECT_GE(cut->entries.size(), 2u);
  EXPECT_NE(cut->warnings.back().find("invalid XML"), std::string::npos);
  // Deep nesting and binary junk.
  std::string deep(200000, '<');
  EXPECT_FALSE(ParseFeed(deep));
  std::string junk;
  for (int i = 0; i < 4096; ++i) junk.push_back(static_cast<char>((i * 7919) & 0xFF));
  (void)ParseFeed("<rss version=\"2.0\"><channel><title>" + junk + "</title></channel></rss>");
}

TEST(FeedCliTest, PrintsTheParsedFeedAsJson) {
  auto dir =
      std::filesystem::temp_directory_path() / ("leados_feed_cli_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = dir / "feed.xml";
  std::ofstream(path) << kRss;
  std::ostringstream out, err;
  ASSERT_EQ(RunFeedParse(path.string(), out, err, "https://lantern.example/feed.xml"), 0)
      << err.str();
  auto json = core::ParseJsonObject(out.str());
  ASSERT_TRUE(json) << out.str();
  const auto& feed = json->at("feed").get_object();
  EXPECT_EQ(feed.at("title").get_string(), "Lantern & Co. news");
  EXPECT_EQ(feed.at("updated").get_string(), "2026-11-28T08:00:00Z");
  const auto& entries = json->at("entries").get_array();
  ASSERT_EQ(entries.size(), 3u);
  const auto& e = entries[0].get_object();
  for (const char* key :
       {"id", "title", "link", "published", "updated", "author", "summary", "content"}) {
    EXPECT_TRUE(e.contains(key)) << key;
  }
  EXPECT_EQ(e.at("published").get_string(), "2026-11-27T23:30:00Z");
  EXPECT_TRUE(e.at("updated").is_null());
  EXPECT_EQ(e.at("link").get_string(), "https://lantern.example/news/launch");

  std::ostringstream out2, err2;
  std::ofstream(dir / "bad.xml") << "<html></html>";
  EXPECT_EQ(RunFeedParse((dir / "bad.xml").string(), out2, err2), 1);
  EXPECT_NE(err2.str().find("error: "), std::string::npos);
  EXPECT_NE(err2.str().find("not a feed"), std::string::npos);
  EXPECT_TRUE(out2.str().empty());
  std::ostringstream out3, err3;
  EXPECT_EQ(RunFeedParse((dir / "missing.xml").string(), out3, err3), 1);
  EXPECT_NE(err3.str().find("cannot read"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace leados::ingest
