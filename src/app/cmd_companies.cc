#include "app/cmd_companies.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "app/cli_options.h"
#include "app/commands.h"
#include "enrich/in_memory_company_directory.h"

namespace leados::app {
namespace {

struct CompaniesOptions {
  CommonOptions common;
  std::string file;
  std::string out_dir;
};

std::string CsvField(const std::string& v) {
  if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
  std::string q = "\"";
  for (char c : v) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

// Writes the directory in our format, atomically (temp file + rename).
bool WriteDirectory(const enrich::InMemoryCompanyDirectory& dir, const std::filesystem::path& path,
                    std::string* error) {
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      *error = "cannot write " + tmp.string() + ": check that the folder exists and is writable";
      return false;
    }
    out << "# LeadOS company directory, written by `leados companies import`.\n"
           "name,domain,size,industry,aliases\n";
    for (const auto& r : dir.records()) {
      std::string aliases;
      for (const auto& a : r.aliases) aliases += (aliases.empty() ? "" : "|") + a;
      out << CsvField(r.name) << ',' << CsvField(r.domain) << ',' << enrich::SizeBandName(r.size)
          << ',' << CsvField(r.industry) << ',' << CsvField(aliases) << '\n';
    }
    if (!out.flush()) {
      *error = "cannot write " + tmp.string();
      return false;
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    *error = "cannot replace " + path.string() + ": " + ec.message();
    return false;
  }
  return true;
}

int RunImport(const CompaniesOptions& opts) {
  std::filesystem::path out_dir = opts.out_dir;
  if (out_dir.empty()) {
    auto config = LoadConfig(opts.common);
    if (!config) return ConfigError(config.error());
    out_dir = config->GetString("data.dir");
  }
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) {
    std::cerr << "leados: cannot create " << out_dir.string() << ": " << ec.message() << "\n";
    return 1;
  }
  std::filesystem::path target = out_dir / "companies.csv";
  enrich::CompanyDirectoryBuilder builder;
  int before = 0;
  if (std::filesystem::exists(target)) {
    auto existing = builder.AddCsvFile(target);
    if (!existing) {
      std::cerr << "leados: the existing " << target.string()
                << " is unreadable: " << existing.error().message << "\n";
      return 1;
    }
    before = existing->imported;
  }
  auto report = builder.AddCsvFile(opts.file);
  if (!report) {
    std::cerr << "leados: " << report.error().message << "\n";
    return 1;
  }
  for (const auto& s : report->skipped) {
    std::cerr << opts.file << ":" << s.line << ": skipped: " << s.reason << "\n";
  }
  auto dir = builder.Build();
  std::string error;
  if (!WriteDirectory(*dir, target, &error)) {
    std::cerr << "leados: " << error << "\n";
    return 1;
  }
  std::cout << "imported " << report->imported << " new companies, merged " << report->merged
            << " into known domains, skipped " << report->skipped.size() << " lines; "
            << target.string() << " now lists " << dir->size() << " companies (was " << before
            << ")\n";
  return 0;
}

}  // namespace

void AddCompaniesCommands(CLI::App& app) {
  auto opts = std::make_shared<CompaniesOptions>();
  auto* companies =
      app.add_subcommand("companies", "Manage the company directory used by enrichment");
  companies->require_subcommand(1);
  auto* import = companies->add_subcommand(
      "import", "Validate a company CSV and merge it into <data>/companies.csv");
  AddCommonOptions(*import, opts->common);
  import
      ->add_option("FILE", opts->file, "CSV with a name/company column and a domain/website column")
      ->required()
      ->check(CLI::ExistingFile);
  import->add_option("--out", opts->out_dir, "Folder for companies.csv (default: the data folder)");
  import->callback([opts] { SetExitCode(RunImport(*opts));
});
}  // namespace leados::app

}  // namespace leados::app
