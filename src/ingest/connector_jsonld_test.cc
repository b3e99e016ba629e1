#include "ingest/connector_jsonld.h"

#include <gtest/gtest.h>

#include "ingest/connector_jsonl.h"
#include "ingest/test_paths.h"

namespace leados::ingest {
namespace {

std::string Page(const char* name) { return testing::ReadFile(testing::TestdataDir() / name); }

TEST(JobPostingPageTest, SingleObjectWithRelativeUrlAndBrokenBlock) {
  ParseContext ctx;
  ctx.url = "https://quillfeather.example/careers?utm_source=feed";
  auto page = ParseJobPostingPage(Page("careers_single.html"), ctx);
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->signals.size(), 1u);
  const Signal& s = page->signals[0];
  EXPECT_EQ(s.source, SourceKind::kJobPage);
  EXPECT_EQ(s.title, "Staff Platform Engineer");
  EXPECT_EQ(s.body,
            "Quillfeather builds ledger software for small co-ops.\nOwn our Postgres fleet\nMentor "
            "two engineers");
  EXPECT_EQ(s.company, "Quillfeather Ltd");
  EXPECT_EQ(s.company_domain, "quillfeather.example");
  EXPECT_EQ(s.location, "Leeds, West Yorkshire, GB");
  EXPECT_EQ(s.url, "https://quillfeather.example/careers/qf-1042");
  EXPECT_EQ(core::FormatRfc3339(s.published), "2026-10-02T00:00:00Z");
  EXPECT_TRUE(s.source_id.starts_with("QF-1042@")) << s.source_id;
  ASSERT_EQ(page->notes.size(), 1u);  // the broken second block
  EXPECT_NE(page->notes[0].find("ld+json block 2"), std::string::npos);
}

TEST(JobPostingPageTest, GraphWithTypeArraysEscapedHtmlAndSeveralLocations) {
  ParseContext ctx;
  ctx.url = "https://jobs.tallowwick.example/";
  auto page = ParseJobPostingPage(Page("careers_graph.html"), ctx);
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->signals.size(), 2u);
  EXPECT_EQ(page->signals[0].title, "Support Lead & Trainer");
  EXPECT_EQ(page->signals[0].body, "Answer tickets from candle makers.");
  EXPECT_EQ(page->signals[0].company, "Tallow & Wick");
  EXPECT_EQ(page->signals[0].location, "Remote");
  EXPECT_EQ(core::FormatRfc3339(page->signals[0].published), "2026-11-20T08:30:00Z");
  EXPECT_EQ(page->signals[1].location, "Ghent, Belgium; Lille, FR");
  EXPECT_TRUE(page->signals[1].source_id.starts_with("TW-77@"));
  EXPECT_EQ(page->signals[1].url, "https://jobs.tallowwick.example/");  // no url: the page's
}

TEST(JobPostingPageTest, ArrayAndTheSameItemTwiceIsOneSignal) {
  ParseContext ctx;
  ctx.url = "https://brindle.example/jobs";
  ctx.company = "Brindle Bikes GmbH";
  auto page = ParseJobPostingPage(Page("careers_array.html"), ctx);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->signals.size(), 1u);
  EXPECT_EQ(page->duplicates, 1);
  EXPECT_EQ(page->signals[0].company, "Brindle Bikes GmbH");  // configured wins
  EXPECT_EQ(page->signals[0].company_domain, "brindle.example");
}

TEST(JobPostingPageTest, PagesWithoutPostingsOrWithGarbage) {
  for (std::string html : {std::string(""), std::string("<html>"), std::string("\xff\xfe\x00<"),
                           std::string("<script type=application/ld+json>[[[[</script>")}) {
    auto page = ParseJobPostingPage(html, {});
    ASSERT_TRUE(page);
    EXPECT_TRUE(page->signals.empty());
  }
}

TEST(SignalLinesTest, GoodLinesBecomeSignalsBadLinesAreReportedWithTheirNumber) {
  ParseContext ctx;
  ctx.feed_id = "demo";
  auto r = ParseSignalLines(Page("signals.jsonl"), ctx);
  ASSERT_EQ(r.page.signals.size(), 3u);
  EXPECT_EQ(r.page.signals[0].Key(), "hn:9000001");
  EXPECT_EQ(r.page.signals[0].site, "news.ycombinator.com");
  EXPECT_EQ(r.page.signals[0].feed_id, "demo");
  EXPECT_EQ(r.page.signals[2].company, "Acme");
  EXPECT_EQ(r.page.duplicates, 1);  // line 8 repeats line 2's key
  ASSERT_EQ(r.errors.size(), 3u);
  EXPECT_EQ(r.errors[0].line, 5u);
  EXPECT_NE(r.errors[0].message.find("must be one of"), std::string::npos);
  EXPECT_EQ(r.errors[1].line, 6u);
  EXPECT_NE(r.errors[1].message.find("'title' or a 'body'"), std::string::npos);
  EXPECT_EQ(r.errors[2].line, 7u);
  EXPECT_NE(r.errors[2].message.find("invalid JSON"), std::string::npos);
}

TEST(SignalLinesTest, OneLineAndInvalidUtf8) {
  EXPECT_TRUE(ParseSignalLine(R"({"source":"rss","title":"x"})"));
  auto bad = ParseSignalLine("{\"source\":\"rss\",\"title\":\"\xff\"}");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("UTF-8"), std::string::npos);
}

}  // namespace
}  // namespace leados::ingest
