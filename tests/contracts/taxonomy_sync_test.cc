// campaigns::kRoles and campaigns::kSeniorities repeat enrich's role taxonomy (campaigns sits below
// enrich in the module order). A campaign filter must accept exactly the names enrichment
// produces, or leads would never pass a role/seniority filter.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "campaigns/campaign.h"
#include "enrich/role_taxonomy.h"

namespace leados {
namespace {

TEST(TaxonomySync, CampaignRolesAreEnrichJobFunctions) {
  std::vector<std::string> enrich;
  for (int f = static_cast<int>(enrich::JobFunction::kEngineering);
       f <= static_cast<int>(enrich::JobFunction::kExecutive); ++f) {
    enrich.emplace_back(enrich::JobFunctionName(static_cast<enrich::JobFunction>(f)));
  }
  std::vector<std::string> campaigns(std::begin(campaigns::kRoles), std::end(campaigns::kRoles));
  EXPECT_EQ(campaigns, enrich);
}

TEST(TaxonomySync, CampaignSenioritiesAreEnrichSeniorities) {
  std::vector<std::string> enrich;
  for (int s = static_cast<int>(enrich::Seniority::kIntern);
       s <= static_cast<int>(enrich::Seniority::kFounder); ++s) {
    enrich.emplace_back(enrich::SeniorityName(static_cast<enrich::Seniority>(s)));
  }
  std::vector<std::string> campaigns(std::begin(campaigns::kSeniorities),
                                     std::end(campaigns::kSeniorities));
  EXPECT_EQ(campaigns, enrich);
}

}  // namespace
}  // namespace leados
