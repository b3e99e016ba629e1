#include "enrich/icp_filter.h"

#include <gtest/gtest.h>

namespace leados::enrich {
namespace {

Enrichment Sample() {
  Enrichment e;
  e.company.size.Set(SizeBand::k51To200, provenance::kDirectory, 0.9);
  e.company.industry.Set("Software", provenance::kDirectory, 0.9);
  e.role.function.Set(JobFunction::kEngineering, provenance::kTitleRule, 0.9);
  e.role.seniority.Set(Seniority::kSenior, provenance::kTitleRule, 0.9);
  return e;  // location unknown
}

TEST(IcpFilter, MetMissedAndUnknown) {
  Gazetteer places;
  IcpCriteria c;
  c.min_employees = 50;
  c.max_employees = 500;
  c.industries = {"software", "Fintech"};
  c.regions = {"EU"};
  c.functions = {"engineering"};
  c.seniorities = {"director", "vp"};
  auto f = IcpFilter::Create(c, places);
  ASSERT_TRUE(f.has_value()) << f.error().message;
  FitResult r = f->Evaluate(Sample());
  std::vector<std::string> met = {"company size: 50-500 \u2713",
                                  "industry: software or Fintech \u2713",
                                  "role: engineering \u2713"};
  std::vector<std::string> missed = {"region: EU \u2717 (unknown)",
                                     "seniority: director or vp \u2717 (senior)"};
  EXPECT_EQ(r.met, met);
  EXPECT_EQ(r.missed, missed);
  EXPECT_EQ(r.met_count, 3);
  EXPECT_EQ(r.failed_count, 1);
  EXPECT_EQ(r.unknown_count, 1);
  EXPECT_DOUBLE_EQ(r.fraction, 0.75);  // the unknown region counts neither way
}

TEST(IcpFilter, RegionsUseGroups) {
  Gazetteer places;
  IcpCriteria c;
  c.regions = {"Europe"};
  auto f = IcpFilter::Create(c, places);
  ASSERT_TRUE(f.has_value());
  Enrichment e;
  e.location.country.Set("DE", provenance::kLocationField, 0.9);
  e.location.region.Set("EU", provenance::kLocationField, 0.9);
  EXPECT_DOUBLE_EQ(f->Evaluate(e).fraction, 1.0);
  e.location.country.Set("US", provenance::kLocationField, 0.9);
  e.location.region.Set("North America", provenance::kLocationField, 0.9);
  FitResult r = f->Evaluate(e);
  EXPECT_DOUBLE_EQ(r.fraction, 0.0);
  EXPECT_EQ(r.missed, std::vector<std::string>{"region: Europe \u2717 (US)"});
  LocationGuess ca{"US", "CA", "", "North America"};
  EXPECT_TRUE(places.Contains("California", ca));
  EXPECT_TRUE(places.Contains("us", ca));
  EXPECT_TRUE(places.Contains("Americas", ca));
  EXPECT_FALSE(places.Contains("EMEA", ca));
  LocationGuess zurich{"CH", "", "Zurich", "Europe"};
  EXPECT_TRUE(places.Contains("DACH", zurich));
  EXPECT_FALSE(places.Contains("EU", zurich));
}

TEST(IcpFilter, AllUnknownIsNeutralAndNoCriteriaIsFull) {
  Gazetteer places;
  IcpCriteria c;
  c.industries = {"Retail"};
  EXPECT_DOUBLE_EQ(IcpFilter::Create(c, places)->Evaluate(Enrichment{}).fraction, 0.5);
  EXPECT_DOUBLE_EQ(IcpFilter::Create(IcpCriteria{}, places)->Evaluate(Enrichment{}).fraction, 1.0);
}

TEST(IcpFilter, RejectsUnknownNames) {
  Gazetteer places;
  IcpCriteria c;
  c.functions = {"wizardry"};
  auto f = IcpFilter::Create(c, places);
  ASSERT_FALSE(f.has_value());
  EXPECT_NE(f.error().message.find("wizardry"), std::string::npos);
  IcpCriteria r;
  r.regions = {"Atlantis"};
  EXPECT_FALSE(IcpFilter::Create(r, places).has_value());
  IcpCriteria s;
  s.min_employees = 500;
  s.max_employees = 50;
  EXPECT_FALSE(IcpFilter::Create(s, places).has_value());
  IcpCriteria ok;
  ok.seniorities = {"C-Level", "head of"};
  ok.functions = {"HR"};
  EXPECT_TRUE(IcpFilter::Create(ok, places).has_value());
}

}  // namespace
}  // namespace leados::enrich
