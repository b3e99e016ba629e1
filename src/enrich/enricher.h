#pragma once
// Enricher: turns a Signal into an Enrichment using the company directory, the free-mail list,
// the role taxonomy, the technology catalog and the gazetteer it is given (all borrowed; they
// must outlive the Enricher). Enrich is const and thread-safe; it allocates only small result
// strings/vectors and runs no regular expressions (bench/enrich measures it).
//
// Rules, in short (full list with confidences in docs/enrichment.md):
//  - Fields the signal provides (company, company_domain, location) are kept as given with
//    provenance "source"; enrichment only fills gaps.
//  - Company: from the signal's company/domain, else the best of: the URL's domain (not for
//    platforms like news.ycombinator.com), an ATS board slug, a non-free e-mail domain in the
//    text, a mention in the text ("at Acme" beats a bare mention).
//  - Role: job title rules for job sources; "I'm a …" self-descriptions otherwise.
//  - Technologies: catalog mentions in title and body.
//  - Location: the location field, else places and work-mode phrases in the text.

#include <memory>

#include "enrich/company_directory.h"
#include "enrich/enrichment.h"
#include "enrich/free_email_domains.h"
#include "enrich/gazetteer.h"
#include "enrich/role_taxonomy.h"
#include "enrich/technology_catalog.h"
#include "enrich/text_scan.h"
#include "ingest/signal.h"

namespace leados::enrich {

class Enricher {
 public:
  Enricher(const CompanyDirectory& directory, const FreeEmailDomains& free_email,
           const RoleTaxonomy& roles, const TechnologyCatalog& technologies,
           const Gazetteer& places);

  // Enriches one signal. Thread-safe.
  Enrichment Enrich(const ingest::Signal& signal) const;

 private:
  // The signal with its title and body folded once (text_scan.h), shared by every finder.
  struct FoldedSignal {
    const ingest::Signal& signal;
    const FoldedText& title;
    const FoldedText& body;
  };
  void EnrichCompany(const FoldedSignal& f, Enrichment& e) const;
  void EnrichRole(const FoldedSignal& f, Enrichment& e) const;
  void EnrichTechnologies(const FoldedSignal& f, Enrichment& e) const;
  void EnrichLocation(const FoldedSignal& f, Enrichment& e) const;

  const CompanyDirectory& directory_;
  const FreeEmailDomains& free_email_;
  const RoleTaxonomy& roles_;
  const TechnologyCatalog& technologies_;
  const Gazetteer& places_;
};

// Everything an Enricher needs, built from the compiled-in data: the built-in company list
// (plus optional extra CSV files), free-mail domains, taxonomy, catalog and gazetteer.
// For `leados` processes and benchmarks; tests may build the parts themselves.
struct EnrichmentResources {
  std::unique_ptr<CompanyDirectory> directory;
  FreeEmailDomains free_email;
  RoleTaxonomy roles;
  TechnologyCatalog technologies;
  Gazetteer places;

  // Loads the built-in list, then each CSV in `company_files` (the merge rule of
  // in_memory_company_directory.h). Fails when a file cannot be read or has no usable header.
  static core::Result<std::unique_ptr<EnrichmentResources>> Load(
      const std::vector<std::string>& company_files = {});
};

}  // namespace leados::enrich
