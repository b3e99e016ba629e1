#pragma once
// Enrichment: what LeadOS adds to a Signal (company, role, technologies, location). Every field
// says where it came from (`provenance`) and how sure we are (`confidence`, 0..1). A value the
// signal itself provided has provenance "source" and confidence 1 and is never replaced.
// Provenance values and the confidence of each rule: docs/enrichment.md.

#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "enrich/company.h"
#include "enrich/gazetteer.h"
#include "enrich/role_taxonomy.h"

namespace leados::enrich {

// Provenance values (static strings; Sourced::provenance points at them).
namespace provenance {
inline constexpr std::string_view kSource = "source";               // given on the signal
inline constexpr std::string_view kDirectory = "directory";         // from the company directory
inline constexpr std::string_view kUrlDomain = "url.domain";        // the signal URL's domain
inline constexpr std::string_view kUrlPath = "url.path";            // ATS board slug in the URL
inline constexpr std::string_view kEmailDomain = "email.domain";    // an e-mail address in the text
inline constexpr std::string_view kTextMention = "text.mention";    // named in the body
inline constexpr std::string_view kTitleMention = "title.mention";  // named in the title
inline constexpr std::string_view kTitleRule = "title.rule";        // job title taxonomy rule
inline constexpr std::string_view kTitleDefault = "title.default";  // no seniority word: "mid"
inline constexpr std::string_view kSelfDescription = "text.self_description";  // "I'm a ..."
inline constexpr std::string_view kLocationField = "location.field";  // the job location field
inline constexpr std::string_view kTextLocation = "text.location";    // a place named in the text
}  // namespace provenance

// A value with its provenance and confidence. Unknown when provenance is empty.
template <typename T>
struct Sourced {
  T value{};
  std::string_view provenance;  // one of provenance::k*, or empty when unknown
  double confidence = 0.0;

  bool known() const { return !provenance.empty(); }
  void Set(T v, std::string_view prov, double conf) {
    value = std::move(v);
    provenance = prov;
    confidence = conf;
  }
};

struct CompanyEnrichment {
  Sourced<std::string> name;
  Sourced<std::string> domain;
  Sourced<SizeBand> size;
  Sourced<std::string> industry;
};

struct RoleEnrichment {
  Sourced<JobFunction> function;
  Sourced<Seniority> seniority;
};

struct TechnologyEnrichment {
  std::string name;      // canonical ("PostgreSQL")
  std::string category;  // "database"
  std::string_view provenance;
  double confidence = 0.0;
};

struct LocationEnrichment {
  Sourced<std::string> raw;      // the signal's location field as given (provenance "source")
  Sourced<std::string> country;  // ISO 3166-1 alpha-2
  Sourced<std::string> state;    // US state / Canadian province code
  Sourced<std::string> city;
  Sourced<std::string> region;  // macro region ("EU", "North America", ...)
  Sourced<WorkMode> work_mode;
};

// Another company named in the text (evidence; not necessarily the author's employer).
struct MentionedCompany {
  std::string name;
  std::string domain;
  int count = 0;
};

struct Enrichment {
  CompanyEnrichment company;
  RoleEnrichment role;
  std::vector<TechnologyEnrichment> technologies;
  LocationEnrichment location;
  std::vector<MentionedCompany> mentioned_companies;
};

// JSON form for the API and lead payloads: every known field as
// {"value":…,"provenance":"…","confidence":0.9}; unknown fields are omitted.
core::json::object EnrichmentToJson(const Enrichment& e);

}  // namespace leados::enrich
