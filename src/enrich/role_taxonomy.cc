#include "enrich/role_taxonomy.h"

#include <algorithm>
#include <array>
#include <vector>

#include "enrich/text_scan.h"

namespace leados::enrich {
namespace {

using F = JobFunction;
using S = Seniority;

// One phrase of the taxonomy. `priority` decides the function when a title has several
// (highest wins; ties: the earliest in the title); by default the number of words, so
// "data engineer" (2) beats "engineer" (1). C-level abbreviations carry their function with
// priority 3 ("CTO & Co-founder" is engineering); generic executive words have priority 0.
// `upper` = must be written in capitals in the original ("IT", "AE"), because the lower-case
// word is an ordinary one.
struct Phrase {
  std::string_view text;
  F function;
  S seniority;
  int priority;
  bool upper = false;
};

constexpr int kAuto = -1;

// clang-format off
const Phrase kPhrases[] = {
  // ---- seniority markers (no function) ----
  {"intern", F::kUnknown, S::kIntern, kAuto}, {"internship", F::kUnknown, S::kIntern, kAuto},
  {"trainee", F::kUnknown, S::kIntern, kAuto}, {"apprentice", F::kUnknown, S::kIntern, kAuto},
  {"working student", F::kUnknown, S::kIntern, kAuto}, {"werkstudent", F::kUnknown, S::kIntern, kAuto},
  {"co-op", F::kUnknown, S::kIntern, kAuto},
  {"junior", F::kUnknown, S::kJunior, kAuto}, {"jr", F::kUnknown, S::kJunior, kAuto},
  {"entry level", F::kUnknown, S::kJunior, kAuto}, {"entry-level", F::kUnknown, S::kJunior, kAuto},
  {"graduate", F::kUnknown, S::kJunior, kAuto}, {"new grad", F::kUnknown, S::kJunior, kAuto},
  {"associate", F::kUnknown, S::kJunior, kAuto}, {"assistant", F::kUnknown, S::kJunior, kAuto},
  {"mid-level", F::kUnknown, S::kMid, kAuto}, {"mid level", F::kUnknown, S::kMid, kAuto},
  {"intermediate", F::kUnknown, S::kMid, kAuto},
  {"senior", F::kUnknown, S::kSenior, kAuto}, {"sr", F::kUnknown, S::kSenior, kAuto},
  {"snr", F::kUnknown, S::kSenior, kAuto}, {"experienced", F::kUnknown, S::kSenior, kAuto},
  {"lead", F::kUnknown, S::kLead, kAuto}, {"staff", F::kUnknown, S::kLead, kAuto},
  {"principal", F::kUnknown, S::kLead, kAuto}, {"distinguished", F::kUnknown, S::kLead, kAuto},
  {"tech lead", F::kEngineering, S::kLead, kAuto}, {"team lead", F::kUnknown, S::kLead, kAuto},
  {"technical lead", F::kEngineering, S::kLead, kAuto},
  {"manager", F::kUnknown, S::kManager, kAuto}, {"mgr", F::kUnknown, S::kManager, kAuto},
  {"supervisor", F::kUnknown, S::kManager, kAuto}, {"team leader", F::kUnknown, S::kManager, kAuto},
  {"assistant manager", F::kUnknown, S::kManager, kAuto},
  {"director", F::kUnknown, S::kDirector, kAuto}, {"dir", F::kUnknown, S::kDirector, kAuto},
  {"head of", F::kUnknown, S::kDirector, kAuto}, {"head", F::kUnknown, S::kDirector, kAuto},
  {"associate director", F::kUnknown, S::kDirector, kAuto},
  {"senior director", F::kUnknown, S::kDirector, kAuto},
  {"executive director", F::kExecutive, S::kDirector, 0},
  {"vp", F::kUnknown, S::kVp, kAuto}, {"svp", F::kUnknown, S::kVp, kAuto},
  {"evp", F::kUnknown, S::kVp, kAuto}, {"avp", F::kUnknown, S::kVp, kAuto},
  {"vice president", F::kUnknown, S::kVp, kAuto},
  {"senior vice president", F::kUnknown, S::kVp, kAuto},
  {"executive vice president", F::kUnknown, S::kVp, kAuto},
  {"associate vice president", F::kUnknown, S::kVp, kAuto},
  {"chief", F::kExecutive, S::kCLevel, 0}, {"president", F::kExecutive, S::kCLevel, 0},
  {"managing director", F::kExecutive, S::kCLevel, 0},
  {"general manager", F::kExecutive, S::kDirector, 0},
  {"chief of staff", F::kExecutive, S::kLead, 2},
  {"founder", F::kExecutive, S::kFounder, 0}, {"co-founder", F::kExecutive, S::kFounder, 0},
  {"cofounder", F::kExecutive, S::kFounder, 0}, {"co founder", F::kExecutive, S::kFounder, 0},
  {"founding partner", F::kExecutive, S::kFounder, 0}, {"owner", F::kExecutive, S::kFounder, 0},
  {"managing partner", F::kExecutive, S::kCLevel, 0},
  {"founding engineer", F::kEngineering, S::kSenior, 2},
  // ---- C-level ----
  {"ceo", F::kExecutive, S::kCLevel, 1}, {"chief executive officer", F::kExecutive, S::kCLevel, 1},
  {"cto", F::kEngineering, S::kCLevel, 3}, {"chief technology officer", F::kEngineering, S::kCLevel, 3},
  {"chief technical officer", F::kEngineering, S::kCLevel, 3},
  {"cfo", F::kFinance, S::kCLevel, 3}, {"chief financial officer", F::kFinance, S::kCLevel, 3},
  {"coo", F::kOperations, S::kCLevel, 3}, {"chief operating officer", F::kOperations, S::kCLevel, 3},
  {"cmo", F::kMarketing, S::kCLevel, 3}, {"chief marketing officer", F::kMarketing, S::kCLevel, 3},
  {"cro", F::kSales, S::kCLevel, 3}, {"chief revenue officer", F::kSales, S::kCLevel, 3},
  {"cio", F::kItSecurity, S::kCLevel, 3}, {"chief information officer", F::kItSecurity, S::kCLevel, 3},
  {"ciso", F::kItSecurity, S::kCLevel, 3},
  {"chief information security officer", F::kItSecurity, S::kCLevel, 3},
  {"chief security officer", F::kItSecurity, S::kCLevel, 3},
  {"cpo", F::kProduct, S::kCLevel, 3}, {"chief product officer", F::kProduct, S::kCLevel, 3},
  {"cdo", F::kData, S::kCLevel, 3}, {"chief data officer", F::kData, S::kCLevel, 3},
  {"chro", F::kPeople, S::kCLevel, 3}, {"chief people officer", F::kPeople, S::kCLevel, 3},
  {"chief human resources officer", F::kPeople, S::kCLevel, 3},
  {"clo", F::kLegal, S::kCLevel, 3}, {"chief legal officer", F::kLegal, S::kCLevel, 3},
  {"chief customer officer", F::kCustomerSuccess, S::kCLevel, 3},
  {"chief architect", F::kEngineering, S::kLead, 3},
  // ---- engineering ----
  {"engineer", F::kEngineering, S::kUnknown, kAuto}, {"engineering", F::kEngineering, S::kUnknown, kAuto},
  {"eng", F::kEngineering, S::kUnknown, kAuto}, {"engr", F::kEngineering, S::kUnknown, kAuto},
  {"developer", F::kEngineering, S::kUnknown, kAuto}, {"dev", F::kEngineering, S::kUnknown, kAuto},
  {"programmer", F::kEngineering, S::kUnknown, kAuto}, {"coder", F::kEngineering, S::kUnknown, kAuto},
  {"software", F::kEngineering, S::kUnknown, kAuto}, {"swe", F::kEngineering, S::kUnknown, kAuto},
  {"sde", F::kEngineering, S::kUnknown, kAuto}, {"sre", F::kEngineering, S::kUnknown, kAuto},
  {"devops", F::kEngineering, S::kUnknown, kAuto}, {"backend", F::kEngineering, S::kUnknown, kAuto},
  {"back-end", F::kEngineering, S::kUnknown, kAuto}, {"frontend", F::kEngineering, S::kUnknown, kAuto},
  {"front-end", F::kEngineering, S::kUnknown, kAuto}, {"full stack", F::kEngineering, S::kUnknown, kAuto},
  {"fullstack", F::kEngineering, S::kUnknown, kAuto}, {"full-stack", F::kEngineering, S::kUnknown, kAuto},
  {"ios", F::kEngineering, S::kUnknown, kAuto}, {"android", F::kEngineering, S::kUnknown, kAuto},
  {"mobile developer", F::kEngineering, S::kUnknown, kAuto},
  {"embedded", F::kEngineering, S::kUnknown, kAuto}, {"firmware", F::kEngineering, S::kUnknown, kAuto},
  {"qa", F::kEngineering, S::kUnknown, kAuto}, {"quality assurance", F::kEngineering, S::kUnknown, kAuto},
  {"sdet", F::kEngineering, S::kUnknown, kAuto}, {"test engineer", F::kEngineering, S::kUnknown, kAuto},
  {"architect", F::kEngineering, S::kLead, kAuto}, {"software architect", F::kEngineering, S::kLead, kAuto},
  {"platform engineer", F::kEngineering, S::kUnknown, kAuto},
  {"infrastructure", F::kEngineering, S::kUnknown, kAuto},
  {"site reliability", F::kEngineering, S::kUnknown, kAuto},
  {"cloud engineer", F::kEngineering, S::kUnknown, kAuto},
  {"web developer", F::kEngineering, S::kUnknown, kAuto},
  {"hacker", F::kEngineering, S::kUnknown, kAuto},
  // ---- data ----
  {"data", F::kData, S::kUnknown, kAuto}, {"data scientist", F::kData, S::kUnknown, kAuto},
  {"data engineer", F::kData, S::kUnknown, kAuto}, {"data analyst", F::kData, S::kUnknown, kAuto},
  {"analytics", F::kData, S::kUnknown, kAuto}, {"analytics engineer", F::kData, S::kUnknown, kAuto},
  {"analyst", F::kData, S::kUnknown, kAuto},
  {"machine learning", F::kData, S::kUnknown, kAuto}, {"ml", F::kData, S::kUnknown, kAuto},
  {"ml engineer", F::kData, S::kUnknown, kAuto}, {"ai engineer", F::kData, S::kUnknown, kAuto},
  {"ai", F::kData, S::kUnknown, kAuto}, {"research scientist", F::kData, S::kUnknown, kAuto},
  {"scientist", F::kData, S::kUnknown, kAuto}, {"statistician", F::kData, S::kUnknown, kAuto},
  {"business intelligence", F::kData, S::kUnknown, kAuto}, {"bi", F::kData, S::kUnknown, kAuto},
  {"data platform", F::kData, S::kUnknown, kAuto},
  // ---- product ----
  {"product", F::kProduct, S::kUnknown, kAuto},
  {"product manager", F::kProduct, S::kMid, kAuto}, {"product owner", F::kProduct, S::kMid, kAuto},
  {"product management", F::kProduct, S::kUnknown, kAuto}, {"pm", F::kProduct, S::kUnknown, kAuto},
  {"associate product manager", F::kProduct, S::kJunior, kAuto},
  {"group product manager", F::kProduct, S::kLead, kAuto},
  {"technical program manager", F::kProduct, S::kMid, kAuto}, {"tpm", F::kProduct, S::kUnknown, kAuto},
  {"product analyst", F::kProduct, S::kUnknown, kAuto},
  // ---- design ----
  {"designer", F::kDesign, S::kUnknown, kAuto}, {"design", F::kDesign, S::kUnknown, kAuto},
  {"ux", F::kDesign, S::kUnknown, kAuto}, {"ui", F::kDesign, S::kUnknown, kAuto},
  {"user experience", F::kDesign, S::kUnknown, kAuto},
  {"user research", F::kDesign, S::kUnknown, kAuto}, {"ux researcher", F::kDesign, S::kUnknown, kAuto},
  {"product designer", F::kDesign, S::kUnknown, kAuto},
  {"graphic designer", F::kDesign, S::kUnknown, kAuto},
  {"creative director", F::kDesign, S::kDirector, kAuto},
  {"art director", F::kDesign, S::kDirector, kAuto}, {"illustrator", F::kDesign, S::kUnknown, kAuto},
  // ---- marketing ----
  {"marketing", F::kMarketing, S::kUnknown, kAuto}, {"marketer", F::kMarketing, S::kUnknown, kAuto},
  {"growth", F::kMarketing, S::kUnknown, kAuto}, {"seo", F::kMarketing, S::kUnknown, kAuto},
  {"sem", F::kMarketing, S::kUnknown, kAuto}, {"content", F::kMarketing, S::kUnknown, kAuto},
  {"demand generation", F::kMarketing, S::kUnknown, kAuto},
  {"demand gen", F::kMarketing, S::kUnknown, kAuto},
  {"lead generation", F::kMarketing, S::kUnknown, kAuto},
  {"brand", F::kMarketing, S::kUnknown, kAuto}, {"communications", F::kMarketing, S::kUnknown, kAuto},
  {"public relations", F::kMarketing, S::kUnknown, kAuto}, {"pr", F::kMarketing, S::kUnknown, kAuto},
  {"social media", F::kMarketing, S::kUnknown, kAuto},
  {"social media manager", F::kMarketing, S::kMid, kAuto},
  {"community manager", F::kMarketing, S::kMid, kAuto},
  {"copywriter", F::kMarketing, S::kUnknown, kAuto},
  {"product marketing", F::kMarketing, S::kUnknown, kAuto},
  {"developer relations", F::kMarketing, S::kUnknown, kAuto},
  {"developer advocate", F::kMarketing, S::kUnknown, kAuto},
  {"devrel", F::kMarketing, S::kUnknown, kAuto},
  // ---- sales ----
  {"sales", F::kSales, S::kUnknown, kAuto}, {"account executive", F::kSales, S::kMid, kAuto},
  {"ae", F::kSales, S::kUnknown, kAuto, true}, {"sdr", F::kSales, S::kJunior, kAuto},
  {"bdr", F::kSales, S::kJunior, kAuto}, {"business development", F::kSales, S::kUnknown, kAuto},
  {"account manager", F::kSales, S::kMid, kAuto}, {"account management", F::kSales, S::kUnknown, kAuto},
  {"sales engineer", F::kSales, S::kUnknown, kAuto},
  {"solutions engineer", F::kSales, S::kUnknown, kAuto},
  {"solutions consultant", F::kSales, S::kUnknown, kAuto},
  {"solutions architect", F::kSales, S::kUnknown, kAuto},
  {"pre-sales", F::kSales, S::kUnknown, kAuto}, {"presales", F::kSales, S::kUnknown, kAuto},
  {"revenue", F::kSales, S::kUnknown, kAuto}, {"revenue operations", F::kSales, S::kUnknown, kAuto},
  {"revops", F::kSales, S::kUnknown, kAuto}, {"partnerships", F::kSales, S::kUnknown, kAuto},
  {"inside sales", F::kSales, S::kUnknown, kAuto},
  {"sales development", F::kSales, S::kUnknown, kAuto},
  // ---- customer success ----
  {"customer success", F::kCustomerSuccess, S::kUnknown, kAuto},
  {"customer success manager", F::kCustomerSuccess, S::kMid, kAuto},
  {"csm", F::kCustomerSuccess, S::kMid, kAuto},
  {"customer support", F::kCustomerSuccess, S::kUnknown, kAuto},
  {"support", F::kCustomerSuccess, S::kUnknown, kAuto},
  {"support engineer", F::kCustomerSuccess, S::kUnknown, kAuto},
  {"technical support", F::kCustomerSuccess, S::kUnknown, kAuto},
  {"customer experience", F::kCustomerSuccess, S::kUnknown, kAuto},
  {"customer service", F::kCustomerSuccess, S::kUnknown, kAuto},
  {"implementation", F::kCustomerSuccess, S::kUnknown, kAuto},
  {"onboarding", F::kCustomerSuccess, S::kUnknown, kAuto},
  // ---- operations ----
  {"operations", F::kOperations, S::kUnknown, kAuto}, {"ops", F::kOperations, S::kUnknown, kAuto},
  {"project manager", F::kOperations, S::kMid, kAuto},
  {"program manager", F::kOperations, S::kMid, kAuto},
  {"office manager", F::kOperations, S::kMid, kAuto},
  {"supply chain", F::kOperations, S::kUnknown, kAuto}, {"logistics", F::kOperations, S::kUnknown, kAuto},
  {"procurement", F::kOperations, S::kUnknown, kAuto},
  {"business operations", F::kOperations, S::kUnknown, kAuto},
  {"bizops", F::kOperations, S::kUnknown, kAuto}, {"strategy", F::kOperations, S::kUnknown, kAuto},
  {"business analyst", F::kOperations, S::kUnknown, kAuto},
  {"executive assistant", F::kOperations, S::kJunior, kAuto},
  {"facilities", F::kOperations, S::kUnknown, kAuto},
  // ---- finance ----
  {"finance", F::kFinance, S::kUnknown, kAuto}, {"financial", F::kFinance, S::kUnknown, kAuto},
  {"financial analyst", F::kFinance, S::kUnknown, kAuto},
  {"accountant", F::kFinance, S::kUnknown, kAuto}, {"accounting", F::kFinance, S::kUnknown, kAuto},
  {"controller", F::kFinance, S::kManager, kAuto}, {"fp&a", F::kFinance, S::kUnknown, kAuto},
  {"treasury", F::kFinance, S::kUnknown, kAuto}, {"bookkeeper", F::kFinance, S::kUnknown, kAuto},
  {"tax", F::kFinance, S::kUnknown, kAuto}, {"auditor", F::kFinance, S::kUnknown, kAuto},
  {"investor relations", F::kFinance, S::kUnknown, kAuto},
  // ---- people ----
  {"hr", F::kPeople, S::kUnknown, kAuto}, {"human resources", F::kPeople, S::kUnknown, kAuto},
  {"people", F::kPeople, S::kUnknown, kAuto}, {"people operations", F::kPeople, S::kUnknown, kAuto},
  {"people ops", F::kPeople, S::kUnknown, kAuto}, {"talent", F::kPeople, S::kUnknown, kAuto},
  {"talent acquisition", F::kPeople, S::kUnknown, kAuto},
  {"recruiter", F::kPeople, S::kUnknown, kAuto}, {"recruiting", F::kPeople, S::kUnknown, kAuto},
  {"recruitment", F::kPeople, S::kUnknown, kAuto},
  {"hr business partner", F::kPeople, S::kMid, kAuto}, {"hrbp", F::kPeople, S::kMid, kAuto},
  {"payroll", F::kPeople, S::kUnknown, kAuto}, {"compensation", F::kPeople, S::kUnknown, kAuto},
  {"learning and development", F::kPeople, S::kUnknown, kAuto},
  // ---- legal ----
  {"legal", F::kLegal, S::kUnknown, kAuto}, {"counsel", F::kLegal, S::kUnknown, kAuto},
  {"general counsel", F::kLegal, S::kCLevel, kAuto}, {"lawyer", F::kLegal, S::kUnknown, kAuto},
  {"attorney", F::kLegal, S::kUnknown, kAuto}, {"paralegal", F::kLegal, S::kJunior, kAuto},
  {"compliance", F::kLegal, S::kUnknown, kAuto}, {"privacy", F::kLegal, S::kUnknown, kAuto},
  {"contracts", F::kLegal, S::kUnknown, kAuto},
  // ---- IT / security ----
  {"it", F::kItSecurity, S::kUnknown, kAuto, true}, {"security", F::kItSecurity, S::kUnknown, kAuto},
  {"information security", F::kItSecurity, S::kUnknown, kAuto},
  {"infosec", F::kItSecurity, S::kUnknown, kAuto},
  {"cyber security", F::kItSecurity, S::kUnknown, kAuto},
  {"cybersecurity", F::kItSecurity, S::kUnknown, kAuto},
  {"security engineer", F::kItSecurity, S::kUnknown, kAuto},
  {"security analyst", F::kItSecurity, S::kUnknown, kAuto},
  {"systems administrator", F::kItSecurity, S::kUnknown, kAuto},
  {"system administrator", F::kItSecurity, S::kUnknown, kAuto},
  {"sysadmin", F::kItSecurity, S::kUnknown, kAuto},
  {"network engineer", F::kItSecurity, S::kUnknown, kAuto},
  {"help desk", F::kItSecurity, S::kUnknown, kAuto}, {"helpdesk", F::kItSecurity, S::kUnknown, kAuto},
  {"it support", F::kItSecurity, S::kUnknown, kAuto, true},
  {"soc analyst", F::kItSecurity, S::kUnknown, kAuto},
  {"penetration tester", F::kItSecurity, S::kUnknown, kAuto},
  {"devsecops", F::kItSecurity, S::kUnknown, kAuto},
};
// clang-format on

constexpr std::string_view kFunctionNames[] = {"",
                                               "engineering",
                                               "data",
                                               "product",
                                               "design",
                                               "marketing",
                                               "sales",
                                               "customer_success",
                                               "operations",
                                               "finance",
                                               "people",
                                               "legal",
                                               "it_security",
                                               "executive"};
constexpr std::string_view kSeniorityNames[] = {"",       "intern",  "junior",  "mid",
                                                "senior", "lead",    "manager", "director",
                                                "vp",     "c_level", "founder"};

int WordCount(std::string_view s) {
  return 1 + static_cast<int>(std::count(s.begin(), s.end(), ' '));
}

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = FoldByte(static_cast<unsigned char>(c));
  return out;
}

// Words that introduce a self-description ("I'm a senior data engineer"), folded.
constexpr std::string_view kSelfDescriptionCues[] = {"i'm a ",
                                                     "i am a ",
                                                     "i'm an ",
                                                     "i am an ",
                                                     "i'm the ",
                                                     "i am the ",
                                                     "as a ",
                                                     "as an ",
                                                     "as the ",
                                                     "i work as ",
                                                     "my role is ",
                                                     "i'm currently a ",
                                                     "i am currently a ",
                                                     "i’m a ",
                                                     "i’m an ",
                                                     "i’m the "};

struct Hit {
  size_t start, end;
  const Phrase* phrase;
};

// Roman or arabic level at the end of a title: "Engineer II" -> mid.
S TrailingLevel(std::string_view folded) {
  while (!folded.empty() && (folded.back() == ' ' || folded.back() == ')')) folded.remove_suffix(1);
  size_t b = folded.size();
  while (b > 0 && folded[b - 1] != ' ' && folded[b - 1] != '(') --b;
  if (b == 0) return S::kUnknown;  // the whole title is one word
  std::string_view last = folded.substr(b);
  if (last == "i" || last == "1") return S::kJunior;
  if (last == "ii" || last == "2") return S::kMid;
  if (last == "iii" || last == "3") return S::kSenior;
  if (last == "iv" || last == "4" || last == "v") return S::kLead;
  return S::kUnknown;
}

}  // namespace

std::string_view JobFunctionName(JobFunction f) {
  return kFunctionNames[static_cast<size_t>(f)];
}
std::string_view SeniorityName(Seniority s) {
  return kSeniorityNames[static_cast<size_t>(s)];
}

std::optional<JobFunction> ParseJobFunction(std::string_view name) {
  std::string n = LowerAscii(name);
  std::replace(n.begin(), n.end(), ' ', '_');
  std::replace(n.begin(), n.end(), '-', '_');
  for (size_t i = 1; i < std::size(kFunctionNames); ++i) {
    if (n == kFunctionNames[i]) return static_cast<JobFunction>(i);
  }
  if (n == "hr" || n == "hr/people" || n == "human_resources" || n == "recruiting")
    return F::kPeople;
  if (n == "it" || n == "security" || n == "it/security") return F::kItSecurity;
  if (n == "cs" || n == "support") return F::kCustomerSuccess;
  if (n == "ops") return F::kOperations;
  return std::nullopt;
}

std::optional<Seniority> ParseSeniority(std::string_view name) {
  std::string n = LowerAscii(name);
  std::replace(n.begin(), n.end(), ' ', '_');
  std::replace(n.begin(), n.end(), '-', '_');
  for (size_t i = 1; i < std::size(kSeniorityNames); ++i) {
    if (n == kSeniorityNames[i]) return static_cast<Seniority>(i);
  }
  if (n == "clevel" || n == "c_suite" || n == "executive") return S::kCLevel;
  if (n == "owner" || n == "founder/owner") return S::kFounder;
  if (n == "staff" || n == "principal" || n == "lead/staff/principal") return S::kLead;
  if (n == "head" || n == "head_of") return S::kDirector;
  if (n == "entry" || n == "entry_level") return S::kJunior;
  return std::nullopt;
}

RoleTaxonomy::RoleTaxonomy() {
  for (size_t i = 0; i < std::size(kPhrases); ++i) {
    int p = phrases_.Add(kPhrases[i].text);
    if (static_cast<size_t>(p) == entry_of_pattern_.size())
      entry_of_pattern_.push_back(static_cast<int>(i));
  }
  phrases_.Build();
  for (std::string_view cue : kSelfDescriptionCues) cues_.Add(cue);
  cues_.Build();
}

RoleGuess RoleTaxonomy::ClassifyTitle(std::string_view title) const {
  thread_local FoldedText folded;
  folded.Assign(title);
  return ClassifyTitle(folded);
}

RoleGuess RoleTaxonomy::ClassifyTitle(const FoldedText& folded) const {
  const std::string_view t = folded.text;
  const std::string_view title = folded.original;
  Hit hits[32];
  size_t n = 0;
  phrases_.Scan(t, [&](int p, size_t start, size_t end) {
    if (n == std::size(hits) || !IsWordBounded(t, start, end)) return;
    const Phrase& ph = kPhrases[entry_of_pattern_[p]];
    if (ph.upper) {
      size_t o = folded.origin[start];
      for (size_t k = 0; k < end - start; ++k) {
        char c = title[o + k];
        if (c >= 'a' && c <= 'z') return;
      }
    }
    hits[n++] = Hit{start, end, &ph};
  });
  RoleGuess g;
  int best_priority = -1;
  S best_seniority = S::kUnknown;
  bool intern = false;
  bool phrase_mid = false;
  for (size_t i = 0; i < n; ++i) {
    const Hit& h = hits[i];
    bool covered = false;
    for (size_t j = 0; j < n && !covered; ++j) {
      covered = j != i && hits[j].start <= h.start && hits[j].end >= h.end &&
                hits[j].end - hits[j].start > h.end - h.start;
    }
    if (covered) continue;
    const Phrase& ph = *h.phrase;
    if (ph.function != F::kUnknown) {
      int priority = ph.priority == kAuto ? WordCount(ph.text) : ph.priority;
      if (priority > best_priority) {
        best_priority = priority;
        g.function = ph.function;
      }
    }
    if (ph.seniority == S::kIntern) intern = true;
    if (ph.seniority > best_seniority) best_seniority = ph.seniority;
    if (ph.seniority == S::kMid) phrase_mid = true;
  }
  if (g.function != F::kUnknown) {
    g.function_confidence = best_priority >= 2 ? 0.9 : best_priority == 1 ? 0.8 : 0.7;
  }
  S level = TrailingLevel(t);
  if (level > best_seniority) best_seniority = level;
  if (intern) best_seniority = S::kIntern;
  if (best_seniority != S::kUnknown) {
    g.seniority = best_seniority;
    g.seniority_confidence =
        (best_seniority == S::kMid && phrase_mid && level == S::kUnknown) ? 0.7 : 0.9;
  } else if (g.function != F::kUnknown) {
    g.seniority = S::kMid;
    g.seniority_confidence = 0.4;
    g.seniority_defaulted = true;
  }
  return g;
}

std::optional<RoleGuess> RoleTaxonomy::ClassifySelfDescription(std::string_view text) const {
  thread_local FoldedText folded;
  folded.Assign(text);
  return ClassifySelfDescription(folded);
}

std::optional<RoleGuess> RoleTaxonomy::ClassifySelfDescription(const FoldedText& folded) const {
  const std::string_view t = folded.text;
  const std::string_view text = folded.original;
  // Every cue that starts a word, in text order, from one pass (a search per cue was a fifth of
  // the enrichment time: bench/enrich). No cue is a prefix of another, so at most one starts at
  // any position, and the first whose words name a function is the self-description.
  thread_local std::vector<size_t> cue_ends;
  cue_ends.clear();
  cues_.ScanFrom(
      t, [&](size_t i) { return i == 0 || !IsWordByte(t[i - 1]); },
      [&](int, size_t, size_t end) { cue_ends.push_back(end); });
  std::optional<RoleGuess> best;
  for (size_t b : cue_ends) {
    size_t e = b;
    while (e < t.size() && e - b < 60 &&
           std::string_view(",.;!?()\n").find(t[e]) == std::string_view::npos) {
      if (t.compare(e, 4, " at ") == 0 || t.compare(e, 5, " for ") == 0 ||
          t.compare(e, 4, " in ") == 0 || t.compare(e, 6, " with ") == 0 ||
          t.compare(e, 5, " who ") == 0) {
        break;
      }
      ++e;
    }
    // Classify the original bytes so the capitals rules ("IT") still apply.
    size_t ob = folded.origin[b < t.size() ? b : t.size() - 1];
    size_t oe = folded.OriginalOffset(e);
    RoleGuess g = ClassifyTitle(text.substr(ob, oe - ob));
    if (g.function == F::kUnknown) continue;
    best = g;
    break;
  }
  if (!best) return std::nullopt;
  best->function_confidence *= 0.7;
  best->seniority_confidence *= 0.7;
  return best;
}

}  // namespace leados::enrich
