// Dates, encodings, HTML to text, canonical URLs and language detection.

#include <gtest/gtest.h>

#include "ingest/feed_dates.h"
#include "ingest/html_text.h"
#include "ingest/language.h"
#include "ingest/text_encoding.h"
#include "ingest/url_canon.h"

namespace leados::ingest {
namespace {

std::string D(std::string_view s) {
  auto t = ParseFeedDate(s);
  return t ? core::FormatRfc3339(*t) : "none";
}

TEST(FeedDatesTest, TableOfRealWorldFormats) {
  const std::pair<const char*, const char*> cases[] = {
      {"Wed, 02 Oct 2002 13:00:00 GMT", "2002-10-02T13:00:00Z"},
      {"Wed, 02 Oct 2002 15:00:00 +0200", "2002-10-02T13:00:00Z"},
      {"Wed, 02 Oct 2002 08:00:00 EST", "2002-10-02T13:00:00Z"},
      {"Wed, 02 Oct 2002 06:00:00 PDT", "2002-10-02T13:00:00Z"},
      {"Wed, 02 Oct 2002 13:00 GMT", "2002-10-02T13:00:00Z"},     // no seconds
      {"02 Oct 02 13:00:00 GMT", "2002-10-02T13:00:00Z"},         // no day name, 2-digit year
      {"Thu, 02 Oct 2002 13:00:00 GMT", "2002-10-02T13:00:00Z"},  // wrong day name
      {"Wednesday, 2 October 2002 13:00:00 UT", "2002-10-02T13:00:00Z"},
      {"Wed, 03 Jan 2018 13:47:00 GMT\r\n      ", "2018-01-03T13:47:00Z"},
      {"Sat, Dec 16 2023 02:02:33 PM", "2023-12-16T14:02:33Z"},
      {"mer, 16 nov 2022 00:38:15 +0100", "2022-11-15T23:38:15Z"},
      {"Seg, 24 Set 2018 19:42:40 -0300", "2018-09-24T22:42:40Z"},
      {"Tue, 10 Jun 2003 04:00:00 -07:00", "2003-06-10T11:00:00Z"},
      {"2002-10-02T10:00:00-05:00", "2002-10-02T15:00:00Z"},
      {"2002-10-02T15:00:00Z", "2002-10-02T15:00:00Z"},
      {"2002-10-02T15:00:00.123Z", "2002-10-02T15:00:00Z"},
      {"2002-10-02 15:00:00", "2002-10-02T15:00:00Z"},  // space, no zone = UTC
      {"2002-10-02T15:00", "2002-10-02T15:00:00Z"},
      {"2002-10-02", "2002-10-02T00:00:00Z"},
      {"2026-06-05T16:18:10-04:00", "2026-06-05T20:18:10Z"},
      {"2026-07-07T20:47:09.753+00:00", "2026-07-07T20:47:09Z"},
      {"20021002T150000Z", "2002-10-02T15:00:00Z"},
      {"1175714200", "2007-04-04T19:16:40Z"},     // epoch seconds
      {"1553186035299", "2019-03-21T16:33:55Z"},  // epoch ms
      {"", "none"},
      {"yesterday", "none"},
      {"Wed, 31 Feb 2002 13:00:00 GMT", "none"},
      {"2002-13-02", "none"},
      {"Wed, 02 Oct 2002 25:61:00 GMT", "none"},
  };
  for (auto [in, want] : cases) EXPECT_EQ(D(in), want) << "input: '" << in << "'";
}

TEST(TextEncodingTest, DeclaredEncodingPrecedence) {
  EXPECT_EQ(DeclaredEncoding("<?xml version=\"1.0\" encoding=\"ISO-8859-2\"?><rss/>"),
            "iso-8859-2");
  EXPECT_EQ(DeclaredEncoding("<?xml version='1.0' encoding='gb2312'?>"), "gb2312");
  EXPECT_EQ(DeclaredEncoding("<?xml version=\"1.0\" encoding=\"latin1\"?>", "utf-8"), "utf-8");
  EXPECT_EQ(DeclaredEncoding("\xEF\xBB\xBF<?xml encoding=\"latin1\"?>", "koi8-r"), "utf-8");
  EXPECT_EQ(DeclaredEncoding("<html><meta charset=\"windows-1251\">"), "windows-1251");
  EXPECT_EQ(DeclaredEncoding("<rss/>"), "");
}

TEST(TextEncodingTest, ConvertsAndRepairsWrongDeclarations) {
  // Latin-2 "Łódź" -> UTF-8.
  EXPECT_EQ(ToUtf8("\xA3\xF3\x64\xBC", "iso-8859-2").text, "Łódź");
  // GB2312 "中文".
  EXPECT_EQ(ToUtf8("\xD6\xD0\xCE\xC4", "gb2312").text, "中文");
  // Declared UTF-8 but Latin-1 bytes: windows-1252 fallback.
  auto wrong = ToUtf8("caf\xE9 \x93quoted\x94", "utf-8");
  EXPECT_EQ(wrong.text, "café “quoted”");
  EXPECT_TRUE(wrong.repaired);
  // Declared Latin-1 but really UTF-8: taken as UTF-8.
  auto liar = ToUtf8("café", "iso-8859-1");
  EXPECT_EQ(liar.text, "café");
  // Unknown encoding name: UTF-8 with replacement.
  auto unknown = ToUtf8("ok \xff", "x-made-up");
  EXPECT_EQ(unknown.text, "ok \xEF\xBF\xBD");
  EXPECT_TRUE(IsValidUtf8(unknown.text));
  // Invalid bytes in a multi-byte encoding become U+FFFD, and the result is valid.
  auto bad = ToUtf8("\xD6\xD0\xFF", "gb2312");
  EXPECT_TRUE(IsValidUtf8(bad.text));
  EXPECT_TRUE(bad.repaired);
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));         // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));     // surrogate
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));  // emoji
}

TEST(HtmlTextTest, BlocksScriptsEntitiesWhitespace) {
  EXPECT_EQ(HtmlToText("<p>Hello&nbsp;<b>big</b>   world</p><p>Second&amp;last</p>"),
            "Hello\u00a0big world\nSecond&last");
  EXPECT_EQ(HtmlToText("<div>a<script>alert(1)</script><style>p{}</style>b</div>"), "ab");
  EXPECT_EQ(HtmlToText("line one<br>line two<ul><li>x</li><li>y</li></ul>"),
            "line one\nline two\nx\ny");
  EXPECT_EQ(HtmlToText("<table><tr><td>a</td><td>b</td></tr></table>"), "a b");
  EXPECT_EQ(HtmlToText("plain   text\n\n\nnext"), "plain text\nnext");
  EXPECT_EQ(HtmlToLine("  <h1>Title\n with\tspace</h1> "), "Title with space");
  EXPECT_EQ(HtmlToText("&lt;not a tag&gt; &#233;&#x2F; &eacute;"), "<not a tag> é/ é");
  EXPECT_EQ(DecodeHtmlEntities("&lt;p&gt;AT&amp;T &quot;x&quot;&lt;/p&gt;"), "<p>AT&T \"x\"</p>");
  EXPECT_EQ(DecodeHtmlEntities("a </textarea> b &amp;"), "a </textarea> b &");
  EXPECT_EQ(HtmlToText(""), "");
  EXPECT_EQ(HtmlToText("<p>unclosed <b>bold"), "unclosed bold");
}

TEST(UrlCanonTest, CanonicalForm) {
  EXPECT_EQ(CanonicalUrl("HTTP://Example.COM:80/a/../b/./c?utm_source=x&id=3&fbclid=1#frag"),
            "http://example.com/b/c?id=3");
  EXPECT_EQ(CanonicalUrl("https://example.com"), "https://example.com/");
  EXPECT_EQ(CanonicalUrl("https://example.com:443/?utm_medium=rss"), "https://example.com/");
  EXPECT_EQ(CanonicalUrl("https://example.com:8443/x"), "https://example.com:8443/x");
  EXPECT_EQ(CanonicalUrl("https://example.com/a b"), "https://example.com/a%20b");
  EXPECT_EQ(CanonicalUrl("mailto:a@b.example"), "mailto:a@b.example");
  EXPECT_EQ(CanonicalUrl("not a url"), "not a url");
  // Empty queries and empty pieces (fuzz findings: Boost.URL's params iterator crashed on these).
  EXPECT_EQ(CanonicalUrl("https://jobs.examtL?#e/abc"), "https://jobs.examtl/");
  EXPECT_EQ(CanonicalUrl("https://example.com/a?&&utm_source=x&&b=%20&"), "https://example.com/a?b=%20");
  EXPECT_EQ(CanonicalUrl("https://example.com/a?%75tm_source=x&k"), "https://example.com/a?k");
  EXPECT_EQ(CanonicalLink("https://example.com/feed", "/a?#utm_source=x"), "https://example.com/a");
  EXPECT_EQ(SiteOf("https://WWW.Example.com:8080/x"), "example.com");
  EXPECT_EQ(SiteOf("relative/path"), "");
}

TEST(UrlCanonTest, ResolvesRelativeLinks) {
  EXPECT_EQ(ResolveUrl("https://example.com/blog/feed.xml", "/blog/2003/atom03"),
            "https://example.com/blog/2003/atom03");
  EXPECT_EQ(ResolveUrl("https://example.com/blog/feed.xml", "post-1.html"),
            "https://example.com/blog/post-1.html");
  EXPECT_EQ(ResolveUrl("https://example.com/blog/", "//cdn.example.net/x"),
            "https://cdn.example.net/x");
  EXPECT_EQ(ResolveUrl("https://example.com/", "https://other.example/"), "https://other.example/");
  EXPECT_EQ(ResolveUrl("", "/x"), "/x");
}

TEST(LanguageTest, DetectsCommonLanguagesAndFallsBackToTheHint) {
  EXPECT_EQ(DetectLanguage("We are hiring a senior backend engineer to build our billing platform "
                           "and help customers pay their invoices on time."),
            "en");
  EXPECT_EQ(DetectLanguage("Wir suchen eine erfahrene Entwicklerin für unser Team in Berlin, die "
                           "gerne mit Kunden spricht und Verantwortung übernimmt."),
            "de");
  EXPECT_EQ(
      DetectLanguage("Nous recherchons un développeur expérimenté pour rejoindre notre équipe "
                     "à Paris et construire la prochaine version de notre produit."),
      "fr");
  EXPECT_EQ(DetectLanguage("ok", "pt-PT"), "pt");
  EXPECT_EQ(DetectLanguage("ok"), "");
  EXPECT_EQ(DetectLanguage("\xff\xfe broken bytes but still some english words in here to read"),
            "en");
}

}  // namespace
}  // namespace leados::ingest
