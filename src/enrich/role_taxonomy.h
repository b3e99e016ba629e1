#pragma once
// RoleTaxonomy: job function and seniority from a job title or a self-description
// ("Sr. Data Engineer II", "VP of Sales", "Founder & CEO"). The taxonomy and every rule are
// tabled in role_taxonomy.cc and documented in docs/enrichment.md.

#include <optional>
#include <string_view>

#include "enrich/aho_corasick.h"

namespace leados::enrich {

struct FoldedText;

enum class JobFunction {
  kUnknown,
  kEngineering,
  kData,
  kProduct,
  kDesign,
  kMarketing,
  kSales,
  kCustomerSuccess,
  kOperations,
  kFinance,
  kPeople,  // HR / people / recruiting
  kLegal,
  kItSecurity,
  kExecutive,
};

// Ordered by rank: a title with several markers takes the highest ("Senior Engineering Manager"
// is a manager).
enum class Seniority {
  kUnknown,
  kIntern,
  kJunior,
  kMid,
  kSenior,
  kLead,  // lead, staff, principal, architect-level individual contributors
  kManager,
  kDirector,  // director, head of
  kVp,
  kCLevel,
  kFounder,  // founder, co-founder, owner
};

// Stable snake_case names: "engineering", "customer_success", "it_security", ...; "" unknown.
std::string_view JobFunctionName(JobFunction f);
// Accepts the names above, case-insensitively, plus "hr", "people", "security", "it", "cs".
std::optional<JobFunction> ParseJobFunction(std::string_view name);
// "intern", "junior", "mid", "senior", "lead", "manager", "director", "vp", "c_level", "founder".
std::string_view SeniorityName(Seniority s);
// Accepts the names above case-insensitively, plus "c-level", "clevel", "owner", "staff",
// "principal", "head", "executive" (= c_level).
std::optional<Seniority> ParseSeniority(std::string_view name);

// The outcome of classifying one title. Confidence 0 when the part is unknown.
struct RoleGuess {
  JobFunction function = JobFunction::kUnknown;
  double function_confidence = 0.0;
  Seniority seniority = Seniority::kUnknown;
  double seniority_confidence = 0.0;
  bool seniority_defaulted = false;  // no marker: "mid" assumed for a title with a function
};

class RoleTaxonomy {
 public:
  // Compiles the built-in table.
  RoleTaxonomy();

  // Classifies a job title. Thread-safe.
  RoleGuess ClassifyTitle(std::string_view title) const;
  // The same for a title already folded (text_scan.h). Thread-safe.
  RoleGuess ClassifyTitle(const FoldedText& title) const;

  // Finds a self-description in free text ("I'm a senior data engineer at ...", "As the CTO of
  // ...") and classifies the words after the cue; nullopt when there is none with a known function.
  // Thread-safe.
  std::optional<RoleGuess> ClassifySelfDescription(std::string_view text) const;
  // The same for a text already folded (text_scan.h). Thread-safe.
  std::optional<RoleGuess> ClassifySelfDescription(const FoldedText& text) const;

 private:
  AhoCorasick phrases_;
  AhoCorasick cues_;                   // the self-description cues
  std::vector<int> entry_of_pattern_;  // pattern index -> index into the phrase table
};

}  // namespace leados::enrich
