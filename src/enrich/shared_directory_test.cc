// Loads the real company list ../shared/data/company_domains_unified.csv (LEADOS_SHARED) next to
// the built-in list and resolves companies by domain, by name and by mention; free-mail domains
// from ../shared/data/free_email_domains_npm-1.12.6.json never resolve. Skipped when absent.
#include <gtest/gtest.h>

#include <filesystem>

#include "enrich/enricher.h"
#include "enrich/in_memory_company_directory.h"
#include "enrich/test_support.h"

namespace leados::enrich {
namespace {

class SharedDirectory : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::filesystem::path csv = testing::SharedDir() / "data" / "company_domains_unified.csv";
    if (!std::filesystem::exists(csv)) return;
    CompanyDirectoryBuilder b;
    b.AddBuiltin();
    auto report = b.AddCsvFile(csv);
    ASSERT_TRUE(report.has_value()) << report.error().message;
    report_ = new CompanyLoadReport(*report);
    dir_ = b.Build().release();
    free_ = new FreeEmailDomains();
    std::filesystem::path json =
        testing::SharedDir() / "data" / "free_email_domains_npm-1.12.6.json";
    if (std::filesystem::exists(json)) {
      auto added = free_->AddJsonArray(testing::ReadFile(json));
      ASSERT_TRUE(added.has_value()) << added.error().message;
    }
  }
  void SetUp() override {
    if (dir_ == nullptr)
      GTEST_SKIP() << "no ../shared/data/company_domains_unified.csv (set LEADOS_SHARED)";
  }
  static inline CompanyLoadReport* report_ = nullptr;
  static inline InMemoryCompanyDirectory* dir_ = nullptr;
  static inline FreeEmailDomains* free_ = nullptr;
};

TEST_F(SharedDirectory, LoadsEveryRow) {
  for (const auto& sk : report_->skipped) ADD_FAILURE() << sk.line << ": " << sk.reason;
  EXPECT_EQ(report_->imported + report_->merged, 1912);
  EXPECT_GT(dir_->size(), 1300u);
}

TEST_F(SharedDirectory, ResolvesByDomain) {
  EXPECT_EQ(dir_->FindByDomain("walmart.com")->name, "Walmart");
  EXPECT_EQ(dir_->FindByDomain("https://careers.walmart.com/jobs")->name, "Walmart");
  EXPECT_EQ(dir_->FindByDomain("www.exxonmobil.com")->domain, "exxonmobil.com");
  EXPECT_EQ(dir_->FindByDomain("paloaltonetworks.com")->name, "Palo Alto Networks");
  // Rows whose domain cell is broken ("https") fall back to the website column.
  EXPECT_EQ(dir_->FindByDomain("wbd.com")->name, "Warner Bros. Discovery");
  EXPECT_EQ(dir_->FindByDomain("criver.com")->name, "Charles River Laboratories International");
  // Built-in first: its name, size and industry win over the shared list's row.
  const CompanyRecord* apple = dir_->FindByDomain("apple.com");
  EXPECT_EQ(apple->name, "Apple");
  EXPECT_EQ(apple->size, SizeBand::k10001Plus);
  // Shared-only companies have unknown size and industry.
  const CompanyRecord* huntsman = dir_->FindByDomain("huntsman.com");
  ASSERT_NE(huntsman, nullptr);
  EXPECT_EQ(huntsman->size, SizeBand::kUnknown);
  EXPECT_TRUE(huntsman->industry.empty());
}

TEST_F(SharedDirectory, ResolvesByName) {
  EXPECT_EQ(dir_->FindByName("Danaher Corporation")->domain, "danaher.com");
  EXPECT_EQ(dir_->FindByName("danaher")->domain, "danaher.com");
  EXPECT_EQ(dir_->FindByName("Tesla, Inc.")->domain, "tesla.com");
  EXPECT_EQ(dir_->FindByName("The Home Depot")->domain, dir_->FindByName("Home Depot")->domain);
  EXPECT_EQ(dir_->FindByName("Exxon Mobil Corp")->domain, "exxonmobil.com");
  EXPECT_EQ(dir_->FindByName("Nobody Such Company"), nullptr);
}

TEST_F(SharedDirectory, ResolvesByMention) {
  auto names = [&](std::string_view text) {
    std::vector<std::string> out;
    for (const auto& m : dir_->FindMentions(text)) out.push_back(m.company->name);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(names("Our client Lockheed Martin uses it, and so does Honeywell."),
            (V{"Lockheed Martin", "Honeywell"}));
  EXPECT_EQ(names("I joined Northrop Grumman last year"), V{"Northrop Grumman"});
  EXPECT_EQ(names("Mind the gap. Best buy of the year: apple pie with a visa stamp."), V{});
  EXPECT_EQ(names("He is an oracle of wisdom; Progressive ideas."), V{});
  EXPECT_EQ(names("We sold to Best Buy and Kroger"), (V{"Best Buy", "Kroger"}));
}

TEST_F(SharedDirectory, FreeMailDomainsDoNotResolve) {
  EXPECT_TRUE(free_->Contains("gmail.com"));
  EXPECT_TRUE(free_->Contains("outlook.com"));
  EXPECT_GT(free_->size(), 1000u);
  auto res = EnrichmentResources::Load();
  ASSERT_TRUE(res.has_value());
  Enricher enricher(*dir_, *free_, (*res)->roles, (*res)->technologies, (*res)->places);
  ingest::Signal s;
  s.source = ingest::SourceKind::kReddit;
  s.title = "Looking for a vendor";
  s.body = "Email me: someone@gmail.com or someone@yahoo.com or x@0815.ru";
  Enrichment e = enricher.Enrich(s);
  EXPECT_FALSE(e.company.name.known());
  EXPECT_FALSE(e.company.domain.known());
  s.body = "Email me at someone@walmart.com";
  e = enricher.Enrich(s);
  EXPECT_EQ(e.company.name.value, "Walmart");
  EXPECT_EQ(e.company.name.provenance, provenance::kEmailDomain);
}

}  // namespace
}  // namespace leados::enrich
