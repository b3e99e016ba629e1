// The campaign rules from testdata/validation.tsv (good inputs and how they are normalised, bad
// inputs and their exact messages), plus the patch and JSON round-trip behaviour.
#include "campaigns/campaign.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "campaigns/campaign_json.h"
#include "ingest/signal.h"

namespace leados::campaigns {
namespace {

namespace json = core::json;

std::filesystem::path TestData(const std::string& name) {
  if (const char* root = std::getenv("LEADOS_SOURCE_DIR"); root != nullptr && *root != '\0') {
    return std::filesystem::path(root) / "src/campaigns/testdata" / name;
  }
  return std::filesystem::path(__FILE__).parent_path() / "testdata" / name;
}

struct Row {
  int line = 0;
  std::vector<std::string> cols;
};

std::vector<Row> ReadTsv(const std::string& name) {
  std::ifstream in(TestData(name));
  std::vector<Row> rows;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    Row row{n, {}};
    size_t start = 0;
    for (size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1) {
      row.cols.push_back(line.substr(start, tab - start));
    }
    row.cols.push_back(line.substr(start));
    rows.push_back(std::move(row));
  }
  return rows;
}

// True when every field of `want` is in `got` with the same value (objects recursively).
bool Contains(const json::value& got, const json::value& want, std::string& where) {
  if (want.is_object()) {
    if (!got.is_object()) return false;
    for (const auto& [k, v] : want.as_object()) {
      const json::value* g = got.as_object().if_contains(k);
      where += "." + std::string(k);
      if (g == nullptr || !Contains(*g, v, where)) return false;
      where.resize(where.size() - k.size() - 1);
    }
    return true;
  }
  return got == want;
}

core::Result<CampaignSpec> CreateFromText(const std::string& body) {
  auto object = core::ParseJsonObject(body);
  if (!object) return core::Fail(object.error());
  auto spec = CampaignSpecFromCreateJson(*object);
  if (!spec) return spec;
  return ValidateCampaign(std::move(*spec));
}

TEST(CampaignTest, ValidationFromDataFile) {
  const auto rows = ReadTsv("validation.tsv");
  ASSERT_GE(rows.size(), 60u) << "testdata/validation.tsv not found or truncated";
  int good = 0;
  for (const auto& row : rows) {
    SCOPED_TRACE("validation.tsv:" + std::to_string(row.line));
    ASSERT_GE(row.cols.size(), 2u);
    auto spec = CreateFromText(row.cols[0]);
    if (row.cols[1] == "ok") {
      ASSERT_EQ(row.cols.size(), 3u);
      ASSERT_TRUE(spec) << spec.error().message;
      auto want = core::ParseJson(row.cols[2]);
      ASSERT_TRUE(want) << want.error().message;
      const json::value got = CampaignSpecToJson(*spec);
      std::string where;
      EXPECT_TRUE(Contains(got, *want, where)) << "at " << where << ": " << core::ToJson(got);
      // Normalising is idempotent: the stored form validates to itself.
      auto again = ValidateCampaign(*spec);
      ASSERT_TRUE(again) << again.error().message;
      EXPECT_EQ(*again, *spec);
      ++good;
    } else {
      ASSERT_EQ(row.cols.size(), 2u);
      ASSERT_FALSE(spec) << "accepted: " << core::ToJson(CampaignSpecToJson(*spec));
      EXPECT_EQ(spec.error().code, core::ErrorCode::kInvalidArgument);
      EXPECT_EQ(spec.error().message, row.cols[1]);
    }
  }
  EXPECT_GE(good, 20);
  EXPECT_GE(static_cast<int>(rows.size()) - good, 40);
}

TEST(CampaignTest, SourcesAreTheIngestSourceKinds) {
  for (auto kind :
       {ingest::SourceKind::kHackerNews, ingest::SourceKind::kReddit, ingest::SourceKind::kRss,
        ingest::SourceKind::kGreenhouse, ingest::SourceKind::kLever, ingest::SourceKind::kAshby,
        ingest::SourceKind::kPress, ingest::SourceKind::kJobPage}) {
    EXPECT_NE(std::find(std::begin(kSources), std::end(kSources), ingest::SourceKindName(kind)),
              std::end(kSources))
        << ingest::SourceKindName(kind);
  }
  for (std::string_view s : kSources) EXPECT_TRUE(ingest::ParseSourceKind(s)) << s;
}

TEST(CampaignTest, StatusNamesRoundTrip) {
  for (auto s : {CampaignStatus::kDraft, CampaignStatus::kActive, CampaignStatus::kPaused,
                 CampaignStatus::kDeleted}) {
    EXPECT_EQ(ParseCampaignStatus(CampaignStatusName(s)), s);
  }
  EXPECT_FALSE(ParseCampaignStatus("Active"));
  EXPECT_FALSE(ParseCampaignStatus(""));
}

TEST(CampaignTest, PatchChangesOnlyWhatItNamesAndMergesFilters) {
  auto base = CreateFromText(
      R"({"name":"n","query":"crm","filters":{"sources":["hn"],"languages":["en"],
          "company_size":{"min":10,"max":50}},"daily_credit_cap":20,"channels":["api"]})");
  ASSERT_TRUE(base) << base.error().message;

  auto patch = CampaignPatchFromJson(
      *core::ParseJsonObject(R"({"filters":{"languages":null,"regions":["EU"]},"min_score":0.5})"));
  ASSERT_TRUE(patch) << patch.error().message;
  auto next = ValidateCampaign(ApplyPatch(*base, *patch));
  ASSERT_TRUE(next) << next.error().message;
  EXPECT_EQ(next->name, "n");
  EXPECT_EQ(next->filters.sources, std::vector<std::string>{"hn"});  // untouched
  EXPECT_TRUE(next->filters.languages.empty());                      // reset by null
  EXPECT_EQ(next->filters.regions, std::vector<std::string>{"EU"});
  EXPECT_EQ(next->filters.company_size_min, 10);
  EXPECT_EQ(next->min_score, 0.5);
  EXPECT_EQ(next->daily_credit_cap, 20);
  EXPECT_EQ(next->channels, std::vector<std::string>{"api"});

  // null clears the cap; "filters": null clears every filter.
  auto clear =
      CampaignPatchFromJson(*core::ParseJsonObject(R"({"daily_credit_cap":null,"filters":null})"));
  ASSERT_TRUE(clear);
  auto cleared = ValidateCampaign(ApplyPatch(*next, *clear));
  ASSERT_TRUE(cleared);
  EXPECT_EQ(cleared->daily_credit_cap, std::nullopt);
  EXPECT_EQ(cleared->filters, CampaignFilters{});

  // llm_rerank is switched on and off by the patch, and left alone when absent.
  auto on = CampaignPatchFromJson(*core::ParseJsonObject(R"({"llm_rerank":true})"));
  ASSERT_TRUE(on);
  const CampaignSpec opted_in = ApplyPatch(*base, *on);
  EXPECT_FALSE(base->llm_rerank);
  EXPECT_TRUE(opted_in.llm_rerank);
  EXPECT_TRUE(ApplyPatch(opted_in, *patch).llm_rerank);
  auto off = CampaignPatchFromJson(*core::ParseJsonObject(R"({"llm_rerank":false})"));
  ASSERT_TRUE(off);
  EXPECT_FALSE(ApplyPatch(opted_in, *off).llm_rerank);

  // An empty patch changes nothing.
  auto empty = CampaignPatchFromJson(json::object{});
  ASSERT_TRUE(empty);
  EXPECT_EQ(ApplyPatch(*base, *empty), *base);
}

TEST(CampaignTest, StoredJsonFormsRoundTrip) {
  auto spec = CreateFromText(
      R"({"name":"n","query":"crm","filters":{"sources":["hn","rss"],"regions":["EU"],
          "company_size":{"max":50},"industries":["Software"],"roles":["sales"],
          "seniority":["vp"]},"channels":["api","webhook"]})");
  ASSERT_TRUE(spec) << spec.error().message;
  auto filters = CampaignFiltersFromJsonText(core::ToJson(CampaignFiltersToJson(spec->filters)));
  ASSERT_TRUE(filters) << filters.error().message;
  EXPECT_EQ(*filters, spec->filters);
  auto channels = StringsFromJsonText("channels", core::ToJson(StringsToJson(spec->channels)));
  ASSERT_TRUE(channels);
  EXPECT_EQ(*channels, spec->channels);
  EXPECT_FALSE(CampaignFiltersFromJsonText("{not json"));
}

}  // namespace
}  // namespace leados::campaigns
