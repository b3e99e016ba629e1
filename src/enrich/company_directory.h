#pragma once
// CompanyDirectory: the companies LeadOS can recognise, looked up by web domain, by name, and
// found as mentions in free text.
//
// Implementations: InMemoryCompanyDirectory (CSV files and the built-in list). A SQL-backed
// directory filled by `leados companies import` comes with the storage work (docs/enrichment.md).

#include <cstddef>
#include <string_view>
#include <vector>

#include "enrich/company.h"
#include "enrich/text_scan.h"

namespace leados::enrich {

// One recognised mention of a company in a text.
struct CompanyMention {
  const CompanyRecord* company = nullptr;  // owned by the directory
  size_t offset = 0;                       // byte offset of the mention in the scanned text
  size_t length = 0;                       // byte length of the mention in the scanned text
  bool common_word = false;                // the name is also an ordinary word ("Target", "Square")
  bool employment_cue = false;  // "at X", "joined X", "work for X": the author's employer?
};

class CompanyDirectory {
 public:
  virtual ~CompanyDirectory() = default;

  // The company whose registrable domain is that of `host` ("careers.acme.co.uk" finds
  // "acme.co.uk"); nullptr when unknown. The pointer lives as long as the directory.
  virtual const CompanyRecord* FindByDomain(std::string_view host) const = 0;
  // The company whose normalised name or alias equals NormaliseCompanyName(name); nullptr if none.
  virtual const CompanyRecord* FindByName(std::string_view name) const = 0;
  // Every accepted mention of a known company in `text`, in text order, after the
  // capitalisation and common-word rules of docs/enrichment.md; offsets are in text.original.
  // Thread-safe.
  virtual std::vector<CompanyMention> FindMentions(const FoldedText& text) const = 0;
  // The same for a text not folded yet (folds it into a per-thread buffer first). Thread-safe.
  std::vector<CompanyMention> FindMentions(std::string_view text) const {
    thread_local FoldedText folded;
    folded.Assign(text);
    return FindMentions(folded);
  }
  // Number of companies.
  virtual size_t size() const = 0;
};

}  // namespace leados::enrich
