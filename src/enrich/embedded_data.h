#pragma once
// The data files compiled into the binary (generated from data/ by embed_data.cmake at build time).
// Each function returns the whole file; the storage is static and lives for the program.

#include <string_view>

namespace leados::enrich::embedded {

std::string_view BuiltinCompanies();  // data/companies/builtin.csv
std::string_view CommonWordNames();   // data/companies/common_word_names.txt
std::string_view FreeEmailDomains();  // data/companies/free_email_domains.txt
std::string_view Technologies();      // data/technologies/technologies.tsv

}  // namespace leados::enrich::embedded
