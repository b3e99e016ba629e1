// Data-file tests of the enrichment rules (input -> expected fields), like DuckDB's sqllogictest:
//   testdata/roles.tsv         job title -> function, seniority
//   testdata/technologies.tsv  text -> technologies
//   testdata/locations.tsv     location field or text -> country, state, region, work mode
//   testdata/signals.jsonl     whole signals -> company, domain, role, technologies, location,
//                              provenance (built-in directory only, so the test is hermetic)
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "core/json.h"
#include "enrich/enricher.h"
#include "enrich/in_memory_company_directory.h"
#include "enrich/test_support.h"

namespace leados::enrich {
namespace {

using testing::ReadFile;
using testing::TestdataDir;

struct Row {
  int line;
  std::vector<std::string> cols;
};

std::vector<Row> ReadTsv(const std::string& name) {
  std::vector<Row> rows;
  std::istringstream in(ReadFile(TestdataDir() / name));
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    Row r{n, {}};
    size_t start = 0;
    while (true) {
      size_t tab = line.find('\t', start);
      r.cols.push_back(
          line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

std::string Col(const Row& r, size_t i) { return i < r.cols.size() ? r.cols[i] : std::string(); }

std::vector<std::string> SplitComma(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  std::sort(out.begin(), out.end());
  return out;
}

const EnrichmentResources& Resources() {
  static const EnrichmentResources* r = [] {
    auto loaded = EnrichmentResources::Load();
    EXPECT_TRUE(loaded.has_value());
    return loaded->release();
  }();
  return *r;
}

TEST(EnrichRules, RolesFromTitles) {
  RoleTaxonomy roles;
  auto rows = ReadTsv("roles.tsv");
  ASSERT_GE(rows.size(), 60u);
  for (const Row& r : rows) {
    RoleGuess g = roles.ClassifyTitle(Col(r, 0));
    EXPECT_EQ(JobFunctionName(g.function), Col(r, 1)) << "roles.tsv:" << r.line << " " << Col(r, 0);
    EXPECT_EQ(SeniorityName(g.seniority), Col(r, 2)) << "roles.tsv:" << r.line << " " << Col(r, 0);
  }
}

TEST(EnrichRules, TechnologiesFromText) {
  const TechnologyCatalog& cat = Resources().technologies;
  auto rows = ReadTsv("technologies.tsv");
  ASSERT_GE(rows.size(), 40u);
  for (const Row& r : rows) {
    std::vector<std::string> got;
    for (const auto& m : cat.FindIn(Col(r, 0)))
      got.push_back(cat.technologies()[m.technology].name);
    std::sort(got.begin(), got.end());
    std::string want_text = Col(r, 1);
    std::vector<std::string> want = SplitComma(want_text);
    for (const auto& w : want)
      ASSERT_GE(cat.Find(w), 0) << "technologies.tsv:" << r.line << " names unknown " << w;
    EXPECT_EQ(got, want) << "technologies.tsv:" << r.line << " " << Col(r, 0);
  }
}

TEST(EnrichRules, Locations) {
  const Gazetteer& places = Resources().places;
  auto rows = ReadTsv("locations.tsv");
  ASSERT_GE(rows.size(), 35u);
  for (const Row& r : rows) {
    LocationGuess g =
        Col(r, 0) == "field" ? places.ParseField(Col(r, 1)) : places.FindInText(Col(r, 1));
    std::string where = "locations.tsv:" + std::to_string(r.line) + " " + Col(r, 1);
    EXPECT_EQ(g.country, Col(r, 2)) << where;
    EXPECT_EQ(g.state, Col(r, 3)) << where;
    EXPECT_EQ(g.region, Col(r, 4)) << where;
    EXPECT_EQ(WorkModeName(g.mode), Col(r, 5)) << where;
  }
}

// Checks one expected key of signals.jsonl against the enrichment.
template <typename T, typename F>
void ExpectField(const core::json::object& expect, std::string_view key, const Sourced<T>& field,
                 F&& name, const std::string& where) {
  if (!expect.contains(key)) return;
  std::string want(expect.at(key).as_string());
  std::string got = field.known() ? std::string(name(field.value)) : std::string();
  EXPECT_EQ(got, want) << where << " field " << key;
  std::string pkey = std::string(key) + "_provenance";
  if (expect.contains(pkey)) {
    EXPECT_EQ(field.provenance, std::string_view(expect.at(pkey).as_string()))
        << where << " " << pkey;
  }
  if (field.known()) {
    EXPECT_GT(field.confidence, 0.0) << where << " " << key;
    EXPECT_LE(field.confidence, 1.0) << where << " " << key;
  }
}

TEST(EnrichRules, WholeSignals) {
  const EnrichmentResources& res = Resources();
  Enricher enricher(*res.directory, res.free_email, res.roles, res.technologies, res.places);
  std::istringstream in(ReadFile(TestdataDir() / "signals.jsonl"));
  std::string line;
  int n = 0, cases = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    ++cases;
    auto obj = core::ParseJsonObject(line);
    ASSERT_TRUE(obj.has_value()) << "signals.jsonl:" << n << " " << obj.error().message;
    std::string where = "signals.jsonl:" + std::to_string(n) + " (" +
                        std::string(obj->at("case").as_string()) + ")";
    auto signal = ingest::SignalFromJson(obj->at("signal").as_object());
    ASSERT_TRUE(signal.has_value()) << where << " " << signal.error().message;
    Enrichment e = enricher.Enrich(*signal);
    const auto& x = obj->at("expect").as_object();
    auto str = [](const std::string& s) { return s; };
    ExpectField(x, "company", e.company.name, str, where);
    ExpectField(x, "domain", e.company.domain, str, where);
    ExpectField(x, "size", e.company.size, SizeBandName, where);
    ExpectField(x, "industry", e.company.industry, str, where);
    ExpectField(x, "function", e.role.function, JobFunctionName, where);
    ExpectField(x, "seniority", e.role.seniority, SeniorityName, where);
    ExpectField(x, "country", e.location.country, str, where);
    ExpectField(x, "state", e.location.state, str, where);
    ExpectField(x, "region", e.location.region, str, where);
    ExpectField(x, "work_mode", e.location.work_mode, WorkModeName, where);
    ExpectField(x, "location_raw", e.location.raw, str, where);
    if (x.contains("location_raw")) {
      EXPECT_EQ(e.location.raw.provenance, provenance::kSource) << where;
    }
    if (x.contains("technologies")) {
      std::vector<std::string> want, got;
      for (const auto& t : x.at("technologies").as_array()) want.emplace_back(t.as_string());
      for (const auto& t : e.technologies) got.push_back(t.name);
      std::sort(want.begin(), want.end());
      std::sort(got.begin(), got.end());
      EXPECT_EQ(got, want) << where << " technologies";
    }
    if (x.contains("mentioned")) {
      std::vector<std::string> want, got;
      for (const auto& t : x.at("mentioned").as_array()) want.emplace_back(t.as_string());
      for (const auto& m : e.mentioned_companies) got.push_back(m.name);
      EXPECT_EQ(got, want) << where << " mentioned companies";
    }
    // Provided fields are never overwritten.
    if (!signal->company.empty()) {
      EXPECT_EQ(e.company.name.value, signal->company) << where;
    }
    if (!signal->location.empty()) {
      EXPECT_EQ(e.location.raw.value, signal->location) << where;
    }
  }
  EXPECT_GE(cases, 25);
}

TEST(EnrichRules, JsonCarriesProvenanceAndConfidence) {
  const EnrichmentResources& res = Resources();
  Enricher enricher(*res.directory, res.free_email, res.roles, res.technologies, res.places);
  ingest::Signal s;
  s.source = ingest::SourceKind::kGreenhouse;
  s.title = "Senior Backend Engineer";
  s.company = "Stripe";
  s.body = "Go and Postgres";
  s.location = "Remote - EU";
  auto json = EnrichmentToJson(enricher.Enrich(s));
  const auto& name = json.at("company").at("name").as_object();
  EXPECT_EQ(name.at("value").as_string(), "Stripe");
  EXPECT_EQ(name.at("provenance").as_string(), "source");
  EXPECT_EQ(name.at("confidence").as_double(), 1.0);
  EXPECT_EQ(json.at("company").at("domain").at("provenance").as_string(), "directory");
  EXPECT_EQ(json.at("role").at("seniority").at("value").as_string(), "senior");
  EXPECT_EQ(json.at("location").at("region").at("value").as_string(), "EU");
  EXPECT_EQ(json.at("location").at("work_mode").at("value").as_string(), "remote");
  EXPECT_EQ(json.at("technologies").as_array().size(), 2u);
  EXPECT_FALSE(json.at("location").as_object().contains("country"));
}

}  // namespace
}  // namespace leados::enrich
