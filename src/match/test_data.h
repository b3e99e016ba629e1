#pragma once
// Test-only helpers: locating src/match/testdata and reading its TSV files.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace leados::match::testing {

inline std::filesystem::path TestDataDir() {
  if (const char* root = std::getenv("LEADOS_SOURCE_DIR"); root != nullptr && *root != '\0') {
    return std::filesystem::path(root) / "src/match/testdata";
  }
  return std::filesystem::path(__FILE__).parent_path() / "testdata";
}

struct TsvRow {
  int line = 0;
  std::vector<std::string> cols;
};

// Rows of a tab-separated file; lines starting with '#' and empty lines are skipped.
inline std::vector<TsvRow> ReadTsv(const std::string& name) {
  std::ifstream in(TestDataDir() / name);
  std::vector<TsvRow> rows;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    TsvRow row{n, {}};
    size_t start = 0;
    while (true) {
      const size_t tab = line.find('\t', start);
      row.cols.push_back(
          line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace leados::match::testing
