#include <gtest/gtest.h>

#include "enrich/company.h"
#include "enrich/free_email_domains.h"
#include "enrich/in_memory_company_directory.h"

namespace leados::enrich {
namespace {

TEST(CompanyName, Normalisation) {
  EXPECT_EQ(NormaliseCompanyName("Apple Inc."), "apple");
  EXPECT_EQ(NormaliseCompanyName("The Coca-Cola Company"), "coca cola");
  EXPECT_EQ(NormaliseCompanyName("Procter & Gamble Co."), "procter & gamble");
  EXPECT_EQ(NormaliseCompanyName("Acme GmbH"), "acme");
  EXPECT_EQ(NormaliseCompanyName("Acme S.A."), "acme");
  EXPECT_EQ(NormaliseCompanyName("Acme Holdings, LLC"), "acme");
  EXPECT_EQ(NormaliseCompanyName("McDonald's"), "mcdonalds");
  EXPECT_EQ(NormaliseCompanyName("Hartford (The)"), "hartford");
  EXPECT_EQ(NormaliseCompanyName("Smith & Co"), "smith");
  EXPECT_EQ(StripLegalForm("Amazon.com, Inc."), "Amazon.com");
}

TEST(SizeBand, ParsesBandsAndCounts) {
  EXPECT_EQ(ParseSizeBand("51-200"), SizeBand::k51To200);
  EXPECT_EQ(ParseSizeBand("12,000"), SizeBand::k10001Plus);
  EXPECT_EQ(ParseSizeBand("7"), SizeBand::k1To10);
  EXPECT_EQ(ParseSizeBand(""), SizeBand::kUnknown);
  EXPECT_FALSE(ParseSizeBand("big").has_value());
  EXPECT_FALSE(ParseSizeBand("0").has_value());
}

constexpr std::string_view kCsv =
    "name,domain,size,industry,aliases\n"
    "Acme Widgets Inc.,https://www.acme-widgets.io/about,51-200,Manufacturing,Acme|AcmeCo\n"
    ",nodomain.com,,,\n"
    "No Domain,,,,\n"
    "Bad Domain,not a domain,,,\n"
    "Bad Size,badsize.com,huge,,\n"
    "Acme Again,jobs.acme-widgets.io,,Industrial,\n"
    "\"Quoted, Name\",quoted.com,3,Software,\n";

TEST(CompanyDirectory, LoadsCsvAndReportsSkippedLines) {
  CompanyDirectoryBuilder b;
  auto report = b.AddCsv(kCsv, "test.csv");
  ASSERT_TRUE(report.has_value()) << report.error().message;
  EXPECT_EQ(report->imported, 2);
  EXPECT_EQ(report->merged, 1);
  ASSERT_EQ(report->skipped.size(), 4u);
  EXPECT_EQ(report->skipped[0].line, 3);
  EXPECT_EQ(report->skipped[0].reason, "the company name is empty");
  EXPECT_EQ(report->skipped[1].line, 4);
  EXPECT_NE(report->skipped[2].reason.find("not a domain"), std::string::npos);
  EXPECT_NE(report->skipped[3].reason.find("size 'huge'"), std::string::npos);
  auto dir = b.Build();
  const CompanyRecord* r = dir->FindByDomain("careers.acme-widgets.io");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->name, "Acme Widgets Inc.");
  EXPECT_EQ(r->domain, "acme-widgets.io");
  EXPECT_EQ(r->size, SizeBand::k51To200);
  EXPECT_EQ(r->industry, "Manufacturing");  // the first record's value is kept
  EXPECT_EQ(dir->FindByName("ACME WIDGETS"), r);
  EXPECT_EQ(dir->FindByName("AcmeCo"), r);
  EXPECT_EQ(dir->FindByName("Acme Again"), r);  // merged name became an alias
  ASSERT_NE(dir->FindByName("quoted, name"), nullptr);
  EXPECT_EQ(dir->FindByName("quoted name")->size, SizeBand::k1To10);
  EXPECT_EQ(dir->FindByDomain("unknown.com"), nullptr);
}

TEST(CompanyDirectory, RejectsFilesWithoutUsableHeader) {
  CompanyDirectoryBuilder b;
  EXPECT_FALSE(b.AddCsv("foo,bar\n1,2\n", "x.csv").has_value());
  EXPECT_FALSE(b.AddCsv("name,domain\n\"unterminated,x\n", "y.csv").has_value());
  EXPECT_FALSE(b.AddCsvFile("/nonexistent/companies.csv").has_value());
}

TEST(CompanyDirectory, BuiltinListIsCleanAndResolves) {
  CompanyDirectoryBuilder b;
  auto report = b.AddCsv(std::string_view(), "x");  // empty text: no header
  EXPECT_FALSE(report.has_value());
  CompanyLoadReport builtin = b.AddBuiltin();
  EXPECT_TRUE(builtin.skipped.empty());
  EXPECT_GE(builtin.imported, 300);
  auto dir = b.Build();
  EXPECT_EQ(dir->FindByDomain("https://jobs.stripe.com")->name, "Stripe");
  EXPECT_EQ(dir->FindByName("Alphabet")->domain, "google.com");
  for (const auto& r : dir->records()) {
    EXPECT_NE(r.size, SizeBand::kUnknown) << r.name;
    EXPECT_FALSE(r.industry.empty()) << r.name;
  }
}

TEST(CompanyDirectory, MentionRules) {
  CompanyDirectoryBuilder b;
  b.AddBuiltin();
  auto dir = b.Build();
  auto names = [&](std::string_view text) {
    std::vector<std::string> out;
    for (const auto& m : dir->FindMentions(text)) out.push_back(m.company->name);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(names("We moved from Heroku to Fly.io last year"), (V{"Heroku", "Fly.io"}));
  EXPECT_EQ(names("we moved from heroku"), V{});                // lower case
  EXPECT_EQ(names("Gap analysis and a Target audience"), V{});  // common words
  EXPECT_EQ(names("Shares of Target fell, and Target's CEO said"), (V{"Target"}));
  EXPECT_EQ(names("Goldman Sachs and JPMorgan Chase"), (V{"Goldman Sachs", "JPMorgan Chase"}));
  EXPECT_EQ(names("AT&T and T-Mobile merged networks"), (V{"AT&T", "T-Mobile"}));
  EXPECT_EQ(names("the ups and downs"), V{});
  auto m = dir->FindMentions("I work for Stripe.");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_TRUE(m[0].employment_cue);
  EXPECT_EQ(m[0].offset, 11u);
  EXPECT_EQ(m[0].length, 6u);
}

TEST(FreeEmail, BuiltinAndJson) {
  FreeEmailDomains f;
  EXPECT_TRUE(f.Contains("gmail.com"));
  EXPECT_TRUE(f.Contains("GMAIL.com"));
  EXPECT_FALSE(f.Contains("stripe.com"));
  auto added = f.AddJsonArray("[\"example-mail.test\", \"gmail.com\", 3]");
  ASSERT_TRUE(added.has_value());
  EXPECT_EQ(*added, 1u);
  EXPECT_TRUE(f.Contains("example-mail.test"));
  EXPECT_FALSE(f.AddJsonArray("{\"a\":1}").has_value());
}

}  // namespace
}  // namespace leados::enrich
