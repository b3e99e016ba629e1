#include "enrich/in_memory_company_directory.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

#include "enrich/csv_reader.h"
#include "enrich/domain.h"
#include "enrich/embedded_data.h"
#include "enrich/text_scan.h"

namespace leados::enrich {
namespace {

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = FoldByte(static_cast<unsigned char>(c));
  return out;
}

int FindColumn(const std::vector<std::string>& header,
               std::initializer_list<std::string_view> names) {
  for (size_t i = 0; i < header.size(); ++i) {
    std::string h = LowerAscii(Trim(header[i]));
    if (i == 0 && h.starts_with("\xEF\xBB\xBF")) h = h.substr(3);  // UTF-8 BOM
    for (std::string_view n : names) {
      if (h == n) return static_cast<int>(i);
    }
  }
  return -1;
}

std::string Cell(const std::vector<std::string>& row, int column) {
  if (column < 0 || static_cast<size_t>(column) >= row.size()) return {};
  return Trim(row[column]);
}

bool InSet(std::string_view word, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), word) != set.end();
}

// Capitalisation rule of docs/enrichment.md: the text spells the name exactly as the directory
// does, or (acronyms) in upper case, or every word the directory capitalises starts with a
// capital letter in the text.
bool CapitalisationOk(std::string_view original, std::string_view display, bool acronym) {
  if (original == display) return true;
  if (acronym) {
    return std::none_of(original.begin(), original.end(),
                        [](char c) { return c >= 'a' && c <= 'z'; });
  }
  size_t i = 0, j = 0;
  while (i < display.size() && j < original.size()) {
    char d = display[i];
    char o = original[j];
    bool d_upper = d >= 'A' && d <= 'Z';
    if (d_upper && o >= 'a' && o <= 'z') return false;
    // Advance both to the next word.
    while (i < display.size() && display[i] != ' ' && display[i] != '-') ++i;
    while (j < original.size() && original[j] != ' ' && original[j] != '-' && original[j] != '\n' &&
           original[j] != '\t' && original[j] != '\r') {
      ++j;
    }
    while (i < display.size() && (display[i] == ' ' || display[i] == '-')) ++i;
    while (j < original.size() &&
           (original[j] == ' ' || original[j] == '-' || original[j] == '\n' ||
            original[j] == '\t' || original[j] == '\r')) {
      ++j;
    }
  }
  return true;
}

bool HasLowerAndLetters(std::string_view s, bool* has_lower) {
  int letters = 0;
  *has_lower = false;
  for (char c : s) {
    if (c >= 'a' && c <= 'z') *has_lower = true;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) ++letters;
  }
  return letters >= 2;
}

}  // namespace

core::Result<CompanyCsvColumns> ParseCompanyCsvHeader(const std::vector<std::string>& header) {
  CompanyCsvColumns c;
  c.name = FindColumn(header, {"name", "company", "company_name"});
  c.domain = FindColumn(header, {"domain", "company_domain"});
  c.website = FindColumn(header, {"website", "website_raw", "url"});
  c.size = FindColumn(header, {"size", "size_band", "employees", "employee_count"});
  c.industry = FindColumn(header, {"industry"});
  c.aliases = FindColumn(header, {"aliases"});
  if (c.name < 0) {
    return core::InvalidArgument(
        "the header has no company name column (name, company or company_name)");
  }
  if (c.domain < 0 && c.website < 0) {
    return core::InvalidArgument(
        "the header has no domain column (domain, website, website_raw or url)");
  }
  return c;
}

core::Result<CompanyRecord> ParseCompanyCsvRow(const CompanyCsvColumns& columns,
                                               const std::vector<std::string>& row) {
  CompanyRecord r;
  r.name = Cell(row, columns.name);
  if (r.name.empty()) return core::InvalidArgument("the company name is empty");
  std::string domain = LowerAscii(Cell(row, columns.domain));
  if (domain.empty()) domain = Cell(row, columns.website);
  if (domain.empty()) return core::InvalidArgument(fmt::format("'{}' has no domain", r.name));
  std::string host = HostOfUrl(domain);
  // A broken domain cell ("https") falls back to the website column when there is one.
  if (host.empty()) host = HostOfUrl(Cell(row, columns.website));
  if (host.empty()) {
    return core::InvalidArgument(fmt::format("'{}' is not a domain name (like acme.com)", domain));
  }
  r.domain = RegistrableDomain(host);
  std::string size = Cell(row, columns.size);
  auto band = ParseSizeBand(size);
  if (!band) {
    return core::InvalidArgument(fmt::format(
        "size '{}' is neither a band (1-10, 11-50, 51-200, 201-500, 501-1000, 1001-5000, "
        "5001-10000, 10001+) nor an employee count",
        size));
  }
  r.size = *band;
  r.industry = Cell(row, columns.industry);
  std::string aliases = Cell(row, columns.aliases);
  size_t start = 0;
  while (start < aliases.size()) {
    size_t bar = aliases.find('|', start);
    if (bar == std::string::npos) bar = aliases.size();
    std::string a = Trim(std::string_view(aliases).substr(start, bar - start));
    if (!a.empty()) r.aliases.push_back(std::move(a));
    start = bar + 1;
  }
  return r;
}

// ----- InMemoryCompanyDirectory -----

const CompanyRecord* InMemoryCompanyDirectory::FindByDomain(std::string_view host) const {
  if (host.empty()) return nullptr;
  std::string h = HostOfUrl(host);
  if (h.empty()) return nullptr;
  auto it = by_domain_.find(RegistrableDomain(h));
  return it == by_domain_.end() ? nullptr : &records_[it->second];
}

const CompanyRecord* InMemoryCompanyDirectory::FindByName(std::string_view name) const {
  auto it = by_name_.find(NormaliseCompanyName(name));
  return it == by_name_.end() ? nullptr : &records_[it->second];
}

std::vector<CompanyMention> InMemoryCompanyDirectory::FindMentions(const FoldedText& folded) const {
  const std::string_view t = folded.text;
  std::vector<CompanyMention> accepted;
  // Matches must start a word: walking from word starts only is several times faster than
  // the full scan (aho_corasick.h ScanFrom).
  auto word_start = [&](size_t i) { return IsWordStart(t, i); };
  mentions_.ScanFrom(t, word_start, [&](int p, size_t start, size_t end) {
    if (!IsWordBounded(t, start, end)) return;
    const MentionTarget& target = targets_[p];
    std::string_view original = folded.OriginalSpan(start, end);
    if (!CapitalisationOk(original, target.display, target.acronym)) return;
    std::string_view prev = PreviousWord(t, start);
    bool cue = InSet(prev, {"at", "joined", "join", "joining"});
    if (!cue && prev == "for") {
      std::string_view before = PreviousWord(t, static_cast<size_t>(prev.data() - t.data()));
      cue = InSet(before, {"work", "works", "working", "worked"});
    }
    if (target.common_word) {
      if (IsSentenceStart(t, start) && !cue) return;
      std::string_view next = NextWord(t, end);
      bool context =
          cue ||
          InSet(prev, {"from", "by", "like", "including", "vs", "versus", "acquired", "acquires",
                       "partnered", "customers", "customer", "client", "clients"}) ||
          InSet(next,
                {"'s",       "inc",       "corp",      "corporation",  "co",        "llc",
                 "ltd",      "plc",       "group",     "company",      "employees", "engineers",
                 "stock",    "shares",    "announced", "announces",    "acquired",  "acquires",
                 "reported", "reports",   "said",      "says",         "ceo",       "cto",
                 "cfo",      "is hiring", "hiring",    "headquarters", "hq"});
      if (!context) return;
    }
    accepted.push_back(CompanyMention{&records_[target.record], folded.OriginalOffset(start),
                                      original.size(), target.common_word, cue});
  });
  if (accepted.size() < 2) return accepted;
  // Longest match wins where mentions overlap ("Goldman Sachs" over "Goldman").
  std::sort(accepted.begin(), accepted.end(), [](const CompanyMention& a, const CompanyMention& b) {
    return a.offset != b.offset ? a.offset < b.offset : a.length > b.length;
  });
  std::vector<CompanyMention> out;
  size_t covered_to = 0;
  for (const auto& m : accepted) {
    if (!out.empty() && m.offset < covered_to) continue;
    out.push_back(m);
    covered_to = m.offset + m.length;
  }
  return out;
}

// ----- CompanyDirectoryBuilder -----

CompanyDirectoryBuilder::CompanyDirectoryBuilder()
    : dir_(std::unique_ptr<InMemoryCompanyDirectory>(new InMemoryCompanyDirectory())) {
  SetCommonWordNames(embedded::CommonWordNames());
}

void CompanyDirectoryBuilder::SetCommonWordNames(std::string_view list) {
  common_words_.clear();
  std::istringstream in{std::string(list)};
  std::string line;
  while (std::getline(in, line)) {
    if (size_t hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::string key = NormaliseCompanyName(line);
    if (!key.empty()) common_words_.insert(std::move(key));
  }
}

bool CompanyDirectoryBuilder::Add(CompanyRecord record) {
  auto& d = *dir_;
  auto it = d.by_domain_.find(record.domain);
  if (it == d.by_domain_.end()) {
    d.by_domain_.emplace(record.domain, static_cast<int>(d.records_.size()));
    d.records_.push_back(std::move(record));
    return true;
  }
  CompanyRecord& existing = d.records_[it->second];
  auto add_alias = [&](const std::string& name) {
    std::string key = NormaliseCompanyName(name);
    if (key == NormaliseCompanyName(existing.name)) return;
    for (const auto& a : existing.aliases) {
      if (NormaliseCompanyName(a) == key) return;
    }
    existing.aliases.push_back(name);
  };
  add_alias(record.name);
  for (const auto& a : record.aliases) add_alias(a);
  if (existing.size == SizeBand::kUnknown) existing.size = record.size;
  if (existing.industry.empty()) existing.industry = record.industry;
  return false;
}

core::Result<CompanyLoadReport> CompanyDirectoryBuilder::AddCsv(std::string_view csv,
                                                                std::string_view origin) {
  auto rows = ParseCsv(csv);
  if (!rows) return core::InvalidArgument(fmt::format("{}: {}", origin, rows.error().message));
  if (rows->empty())
    return core::InvalidArgument(fmt::format("{}: the file has no header row", origin));
  auto columns = ParseCompanyCsvHeader(rows->front().fields);
  if (!columns) {
    return core::InvalidArgument(
        fmt::format("{}: line {}: {}", origin, rows->front().line, columns.error().message));
  }
  CompanyLoadReport report;
  for (size_t i = 1; i < rows->size(); ++i) {
    const CsvRecord& row = (*rows)[i];
    auto record = ParseCompanyCsvRow(*columns, row.fields);
    if (!record) {
      report.skipped.push_back({row.line, record.error().message});
      continue;
    }
    record->origin = std::string(origin);
    if (Add(std::move(*record))) {
      ++report.imported;
    } else {
      ++report.merged;
    }
  }
  return report;
}

core::Result<CompanyLoadReport> CompanyDirectoryBuilder::AddCsvFile(
    const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return core::NotFound(
        fmt::format("cannot read company file {}: check the path", path.string()));
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  return AddCsv(buf.str(), path.filename().string());
}

CompanyLoadReport CompanyDirectoryBuilder::AddBuiltin() {
  auto report = AddCsv(embedded::BuiltinCompanies(), "builtin");
  // The built-in list is checked by enrich_test (no skipped rows); a broken build still loads.
  return report ? *report : CompanyLoadReport{};
}

std::unique_ptr<InMemoryCompanyDirectory> CompanyDirectoryBuilder::Build() {
  auto& d = *dir_;
  for (size_t r = 0; r < d.records_.size(); ++r) {
    const CompanyRecord& rec = d.records_[r];
    std::vector<const std::string*> names{&rec.name};
    for (const auto& a : rec.aliases) names.push_back(&a);
    for (const std::string* name : names) {
      std::string key = NormaliseCompanyName(*name);
      if (!key.empty()) d.by_name_.try_emplace(key, static_cast<int>(r));
      std::string display = StripLegalForm(*name);
      std::vector<std::string> variants{display};
      if (display.find('-') != std::string::npos) {
        std::string v = display;
        std::replace(v.begin(), v.end(), '-', ' ');
        variants.push_back(std::move(v));
      }
      for (const std::string& v : variants) {
        std::string pattern = FoldString(v);
        if (pattern.size() < 2) continue;
        bool has_lower = false;
        bool acronym = HasLowerAndLetters(v, &has_lower) && !has_lower;
        std::string norm = NormaliseCompanyName(v);
        bool single_token = norm.find(' ') == std::string::npos;
        bool common =
            common_words_.contains(norm) || (single_token && norm.size() <= 3 && !acronym);
        int idx = d.mentions_.Add(pattern);
        if (static_cast<size_t>(idx) == d.targets_.size()) {
          d.targets_.push_back({static_cast<int>(r), v, common, acronym});
        }
      }
    }
  }
  d.mentions_.Build();
  auto out = std::move(dir_);
  dir_ = std::unique_ptr<InMemoryCompanyDirectory>(new InMemoryCompanyDirectory());
  return out;
}

}  // namespace leados::enrich
