#include "enrich/enricher.h"

#include <algorithm>
#include <array>

#include "enrich/domain.h"
#include "enrich/in_memory_company_directory.h"
#include "enrich/text_scan.h"

namespace leados::enrich {
namespace {

// Confidence of each rule (docs/enrichment.md, "Provenance and confidence").
constexpr double kSourceConfidence = 1.0;
constexpr double kDirectoryByDomain = 0.95;  // record found by the signal's own domain
constexpr double kDirectoryByName = 0.9;     // record found by the signal's company name
constexpr double kUrlDomainJob = 0.85;       // job / press URL on the company's own domain
constexpr double kUrlDomainOther = 0.6;      // a post linking to a company's site
constexpr double kUrlDomainUnknown = 0.5;    // job / press domain not in the directory
constexpr double kAtsSlug = 0.75;
constexpr double kEmailKnown = 0.85;
constexpr double kEmailUnknown = 0.6;
constexpr double kMentionEmployment = 0.75;   // "at Acme", "joined Acme", "work for Acme"
constexpr double kMentionSingle = 0.5;        // the only company named
constexpr double kMentionSingleCommon = 0.4;  // ... and its name is an ordinary word
constexpr double kMentionMany = 0.3;          // the most named of several
constexpr double kTechTitle = 0.9;
constexpr double kTechBody = 0.85;
constexpr double kTechContext = 0.6;
constexpr double kLocationField = 0.9;
constexpr double kLocationFieldCityDefault = 0.7;
constexpr double kLocationTextJob = 0.6;
constexpr double kLocationTitle = 0.5;
constexpr double kLocationBody = 0.4;
constexpr double kWorkModeText = 0.7;

// Hosts whose pages are about anything: their domain says nothing about the company.
constexpr std::array<std::string_view, 36> kPlatformDomains = {"ycombinator.com",
                                                               "reddit.com",
                                                               "redd.it",
                                                               "twitter.com",
                                                               "x.com",
                                                               "github.com",
                                                               "gitlab.com",
                                                               "medium.com",
                                                               "substack.com",
                                                               "youtube.com",
                                                               "youtu.be",
                                                               "linkedin.com",
                                                               "facebook.com",
                                                               "instagram.com",
                                                               "tiktok.com",
                                                               "google.com",
                                                               "wikipedia.org",
                                                               "stackoverflow.com",
                                                               "dev.to",
                                                               "hashnode.dev",
                                                               "prnewswire.com",
                                                               "businesswire.com",
                                                               "globenewswire.com",
                                                               "accesswire.com",
                                                               "einpresswire.com",
                                                               "techcrunch.com",
                                                               "theverge.com",
                                                               "bloomberg.com",
                                                               "reuters.com",
                                                               "nytimes.com",
                                                               "wsj.com",
                                                               "ft.com",
                                                               "bbc.co.uk",
                                                               "arxiv.org",
                                                               "producthunt.com",
                                                               "news.google.com"};

// Applicant-tracking hosts: the company is the first path segment (boards.greenhouse.io/acme).
constexpr std::array<std::string_view, 10> kAtsDomains = {
    "greenhouse.io", "lever.co",          "ashbyhq.com",  "workable.com", "smartrecruiters.com",
    "recruitee.com", "myworkdayjobs.com", "bamboohr.com", "jobvite.com",  "teamtailor.com"};

template <size_t N>
bool InList(const std::array<std::string_view, N>& list, std::string_view v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

std::string FirstPathSegment(std::string_view url) {
  size_t scheme = url.find("://");
  size_t slash = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
  if (slash == std::string_view::npos) return {};
  std::string_view rest = url.substr(slash + 1);
  size_t end = rest.find_first_of("/?#");
  return std::string(rest.substr(0, end));
}

struct CompanyCandidate {
  const CompanyRecord* record = nullptr;
  std::string domain;  // when no record
  std::string_view provenance;
  double confidence = 0.0;
};

void Consider(CompanyCandidate& best, CompanyCandidate c) {
  if (c.confidence > best.confidence) best = std::move(c);
}

}  // namespace

Enricher::Enricher(const CompanyDirectory& directory, const FreeEmailDomains& free_email,
                   const RoleTaxonomy& roles, const TechnologyCatalog& technologies,
                   const Gazetteer& places)
    : directory_(directory),
      free_email_(free_email),
      roles_(roles),
      technologies_(technologies),
      places_(places) {}

Enrichment Enricher::Enrich(const ingest::Signal& signal) const {
  // Fold once for every finder (bench/enrich: each finder folding the body again was 13 % of the
  // time); per-thread buffers keep Enrich free of allocations for the folded text once warm.
  thread_local FoldedText title, body;
  title.Assign(signal.title);
  body.Assign(signal.body);
  const FoldedSignal folded{signal, title, body};
  Enrichment e;
  EnrichCompany(folded, e);
  EnrichRole(folded, e);
  EnrichTechnologies(folded, e);
  EnrichLocation(folded, e);
  return e;
}

void Enricher::EnrichCompany(const FoldedSignal& f, Enrichment& e) const {
  const ingest::Signal& s = f.signal;
  CompanyEnrichment& c = e.company;
  // Mentions are evidence whatever else we know.
  std::vector<CompanyMention> mentions = directory_.FindMentions(f.title);
  size_t title_mentions = mentions.size();
  if (!s.body.empty()) {
    std::vector<CompanyMention> body = directory_.FindMentions(f.body);
    mentions.insert(mentions.end(), body.begin(), body.end());
  }
  for (const CompanyMention& m : mentions) {
    auto it =
        std::find_if(e.mentioned_companies.begin(), e.mentioned_companies.end(),
                     [&](const MentionedCompany& x) { return x.domain == m.company->domain; });
    if (it == e.mentioned_companies.end()) {
      e.mentioned_companies.push_back({m.company->name, m.company->domain, 1});
    } else {
      ++it->count;
    }
  }

  const CompanyRecord* record = nullptr;
  double record_confidence = 0.0;
  if (!s.company.empty()) c.name.Set(s.company, provenance::kSource, kSourceConfidence);
  if (!s.company_domain.empty()) {
    std::string host = HostOfUrl(s.company_domain);
    c.domain.Set(host.empty() ? s.company_domain : RegistrableDomain(host), provenance::kSource,
                 kSourceConfidence);
    record = directory_.FindByDomain(s.company_domain);
    record_confidence = kDirectoryByDomain;
  }
  if (record == nullptr && !s.company.empty()) {
    record = directory_.FindByName(s.company);
    record_confidence = kDirectoryByName;
  }

  if (!c.name.known() && !c.domain.known()) {
    CompanyCandidate best;
    const bool job = ingest::IsJobSource(s.source);
    const bool press = s.source == ingest::SourceKind::kPress;
    std::string host = HostOfUrl(s.url);
    std::string reg = RegistrableDomain(host);
    if (!reg.empty() && InList(kAtsDomains, reg)) {
      std::string slug = FirstPathSegment(s.url);
      std::replace(slug.begin(), slug.end(), '-', ' ');
      if (const CompanyRecord* r = slug.empty() ? nullptr : directory_.FindByName(slug)) {
        Consider(best, {r, {}, provenance::kUrlPath, kAtsSlug});
      }
    } else if (!reg.empty() && !InList(kPlatformDomains, reg) && !InList(kPlatformDomains, host)) {
      if (const CompanyRecord* r = directory_.FindByDomain(host)) {
        Consider(best,
                 {r, {}, provenance::kUrlDomain, job || press ? kUrlDomainJob : kUrlDomainOther});
      } else if (job || press) {
        Consider(best, {nullptr, reg, provenance::kUrlDomain, kUrlDomainUnknown});
      }
    }
    for (const std::string& d : EmailDomainsIn(s.body)) {
      if (free_email_.Contains(d)) continue;
      if (const CompanyRecord* r = directory_.FindByDomain(d)) {
        Consider(best, {r, {}, provenance::kEmailDomain, kEmailKnown});
      } else {
        Consider(best, {nullptr, RegistrableDomain(d), provenance::kEmailDomain, kEmailUnknown});
      }
    }
    if (!mentions.empty()) {
      const CompanyMention* cued = nullptr;
      for (const auto& m : mentions) {
        if (m.employment_cue) {
          cued = &m;
          break;
        }
      }
      auto where = [&](const CompanyMention& m) {
        return static_cast<size_t>(&m - mentions.data()) < title_mentions
                   ? provenance::kTitleMention
                   : provenance::kTextMention;
      };
      if (cued != nullptr) {
        Consider(best, {cued->company, {}, where(*cued), kMentionEmployment});
      } else if (e.mentioned_companies.size() == 1) {
        const CompanyMention& m = mentions.front();
        Consider(best,
                 {m.company, {}, where(m), m.common_word ? kMentionSingleCommon : kMentionSingle});
      } else {
        auto top = std::max_element(
            e.mentioned_companies.begin(), e.mentioned_companies.end(),
            [](const MentionedCompany& a, const MentionedCompany& b) { return a.count < b.count; });
        const CompanyMention* m = nullptr;
        for (const auto& x : mentions) {
          if (x.company->domain == top->domain) {
            m = &x;
            break;
          }
        }
        Consider(best, {m->company, {}, where(*m), kMentionMany});
      }
    }
    if (best.record != nullptr) {
      c.name.Set(best.record->name, best.provenance, best.confidence);
      c.domain.Set(best.record->domain, best.provenance, best.confidence);
      record = best.record;
      record_confidence = best.confidence;
    } else if (!best.domain.empty()) {
      c.domain.Set(best.domain, best.provenance, best.confidence);
    }
  }

  if (record != nullptr) {
    if (!c.name.known()) c.name.Set(record->name, provenance::kDirectory, record_confidence);
    if (!c.domain.known()) c.domain.Set(record->domain, provenance::kDirectory, record_confidence);
    if (record->size != SizeBand::kUnknown) {
      c.size.Set(record->size, provenance::kDirectory, record_confidence);
    }
    if (!record->industry.empty()) {
      c.industry.Set(record->industry, provenance::kDirectory, record_confidence);
    }
  }
}

void Enricher::EnrichRole(const FoldedSignal& f, Enrichment& e) const {
  const ingest::Signal& s = f.signal;
  RoleGuess g;
  std::string_view prov = provenance::kTitleRule;
  if (ingest::IsJobSource(s.source)) {
    g = roles_.ClassifyTitle(f.title);
  } else if (auto self = roles_.ClassifySelfDescription(f.body)) {
    g = *self;
    prov = provenance::kSelfDescription;
  } else if (auto in_title = roles_.ClassifySelfDescription(f.title)) {
    g = *in_title;
    prov = provenance::kSelfDescription;
  }
  if (g.function != JobFunction::kUnknown)
    e.role.function.Set(g.function, prov, g.function_confidence);
  if (g.seniority != Seniority::kUnknown) {
    std::string_view sp =
        g.seniority_defaulted && prov == provenance::kTitleRule ? provenance::kTitleDefault : prov;
    e.role.seniority.Set(g.seniority, sp, g.seniority_confidence);
  }
}

void Enricher::EnrichTechnologies(const FoldedSignal& f, Enrichment& e) const {
  const ingest::Signal& s = f.signal;
  auto add = [&](const std::vector<TechnologyMention>& found, std::string_view prov, double conf) {
    for (const TechnologyMention& m : found) {
      const Technology& t = technologies_.technologies()[m.technology];
      if (std::any_of(e.technologies.begin(), e.technologies.end(),
                      [&](const TechnologyEnrichment& x) { return x.name == t.name; })) {
        continue;
      }
      e.technologies.push_back({t.name, t.category, prov, m.needed_context ? kTechContext : conf});
    }
  };
  add(technologies_.FindIn(f.title), provenance::kTitleMention, kTechTitle);
  if (!s.body.empty()) add(technologies_.FindIn(f.body), provenance::kTextMention, kTechBody);
}

void Enricher::EnrichLocation(const FoldedSignal& f, Enrichment& e) const {
  const ingest::Signal& s = f.signal;
  LocationEnrichment& l = e.location;
  const bool job = ingest::IsJobSource(s.source);
  auto apply = [&](const LocationGuess& g, std::string_view prov, double geo_conf,
                   double mode_conf) {
    if (!l.country.known() && !l.region.known() && g.has_geo()) {
      if (!g.country.empty()) l.country.Set(g.country, prov, geo_conf);
      if (!g.state.empty()) l.state.Set(g.state, prov, geo_conf);
      if (!g.city.empty()) l.city.Set(g.city, prov, geo_conf);
      if (!g.region.empty()) l.region.Set(g.region, prov, geo_conf);
    }
    if (!l.work_mode.known() && g.mode != WorkMode::kUnknown)
      l.work_mode.Set(g.mode, prov, mode_conf);
  };
  if (!s.location.empty()) {
    l.raw.Set(s.location, provenance::kSource, kSourceConfidence);
    LocationGuess g = places_.ParseField(s.location);
    apply(g, provenance::kLocationField,
          g.geo_from_city_only ? kLocationFieldCityDefault : kLocationField, kLocationField);
  }
  if (l.country.known() && l.work_mode.known()) return;
  LocationGuess title = places_.FindInText(f.title);
  apply(title, provenance::kTextLocation, job ? kLocationTextJob : kLocationTitle, kWorkModeText);
  if (!s.body.empty() && (!(l.country.known() || l.region.known()) || !l.work_mode.known())) {
    LocationGuess body = places_.FindInText(f.body);
    apply(body, provenance::kTextLocation, job ? kLocationTextJob : kLocationBody, kWorkModeText);
  }
}

core::Result<std::unique_ptr<EnrichmentResources>> EnrichmentResources::Load(
    const std::vector<std::string>& company_files) {
  CompanyDirectoryBuilder builder;
  builder.AddBuiltin();
  for (const std::string& f : company_files) {
    auto report = builder.AddCsvFile(f);
    if (!report) return core::Fail(report.error());
  }
  auto res = std::make_unique<EnrichmentResources>(
      EnrichmentResources{builder.Build(), FreeEmailDomains(), RoleTaxonomy(),
                          TechnologyCatalog::Builtin(), Gazetteer()});
  return res;
}

}  // namespace leados::enrich
