#pragma once
// InMemoryCompanyDirectory: a CompanyDirectory held in memory, built from CSV files and the
// built-in list (data/companies/builtin.csv, compiled in).
//
// CSV formats accepted (header row required, column order free, unknown columns ignored):
//   shared:  company,domain,website_raw,ticker,rank,list,source      (size/industry unknown)
//   ours:    name,domain,size,industry,aliases   (size: band "51-200" or a count; aliases '|'-sep.)
// The name column may be called name|company|company_name; the domain column domain (or, when the
// domain cell is empty, website|website_raw|url, whose host is used); size size|size_band|
// employees|employee_count.
//
// Merge rule: records are keyed by registrable domain. The first record for a domain keeps its
// name; later ones add their name as an alias and fill size/industry only where still unknown.
// Load the built-in list first so its curated names and sizes win.
//
// Build with CompanyDirectoryBuilder; the built directory is immutable and thread-safe.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/result.h"
#include "enrich/aho_corasick.h"
#include "enrich/company_directory.h"

namespace leados::enrich {

// What loading one CSV did: rows imported (new companies), merged (domain already known), and
// skipped with the 1-based line and a reason the user can act on.
struct CompanyLoadReport {
  struct Skipped {
    int line = 0;
    std::string reason;
  };
  int imported = 0;
  int merged = 0;
  std::vector<Skipped> skipped;
};

// The header of a company CSV mapped to column indexes (-1 when absent).
struct CompanyCsvColumns {
  int name = -1, domain = -1, website = -1, size = -1, industry = -1, aliases = -1;
};

// Finds the columns in a header row; fails when there is no name or no domain/website column.
core::Result<CompanyCsvColumns> ParseCompanyCsvHeader(const std::vector<std::string>& header);
// Validates one data row into a record (domain reduced to its registrable domain). The error
// message is the reason to report for that line.
core::Result<CompanyRecord> ParseCompanyCsvRow(const CompanyCsvColumns& columns,
                                               const std::vector<std::string>& row);

class InMemoryCompanyDirectory final : public CompanyDirectory {
 public:
  const CompanyRecord* FindByDomain(std::string_view host) const override;
  const CompanyRecord* FindByName(std::string_view name) const override;
  using CompanyDirectory::FindMentions;
  std::vector<CompanyMention> FindMentions(const FoldedText& text) const override;
  size_t size() const override { return records_.size(); }

  // All records, in load order (for export and tests).
  const std::vector<CompanyRecord>& records() const { return records_; }

 private:
  friend class CompanyDirectoryBuilder;
  struct MentionTarget {
    int record = -1;
    std::string display;  // canonical spelling of the mentioned name
    bool common_word = false;
    bool acronym = false;  // all upper-case in the canonical spelling: must be upper-case in text
  };

  std::vector<CompanyRecord> records_;
  std::unordered_map<std::string, int> by_domain_;
  std::unordered_map<std::string, int> by_name_;
  AhoCorasick mentions_;
  std::vector<MentionTarget> targets_;  // indexed by mention pattern index
};

// Collects records, then builds the directory.
class CompanyDirectoryBuilder {
 public:
  CompanyDirectoryBuilder();

  // Adds the rows of a CSV text; `origin` names it in records and messages. Fails only when the
  // whole text is unusable (no header, missing columns, broken quoting); bad rows are skipped
  // and reported.
  core::Result<CompanyLoadReport> AddCsv(std::string_view csv, std::string_view origin);
  // Reads and adds a CSV file (origin = file name).
  core::Result<CompanyLoadReport> AddCsvFile(const std::filesystem::path& path);
  // Adds the compiled-in list data/companies/builtin.csv.
  CompanyLoadReport AddBuiltin();
  // Adds one record (merge rule above). Returns false when it was merged into an existing one.
  bool Add(CompanyRecord record);
  // Replaces the common-word stop-list (one normalised name per line, '#' comments). The
  // compiled-in data/companies/common_word_names.txt is used by default.
  void SetCommonWordNames(std::string_view list);

  // Builds the directory; the builder is left empty.
  std::unique_ptr<InMemoryCompanyDirectory> Build();

 private:
  std::unique_ptr<InMemoryCompanyDirectory> dir_;
  std::unordered_set<std::string> common_words_;
};

}  // namespace leados::enrich
