#pragma once
// Test helpers for enrich tests: where the test data and ../shared live, and shared fixtures.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace leados::enrich::testing {

// src/enrich/testdata in the source tree.
inline std::filesystem::path TestdataDir() {
  return std::filesystem::path(ENRICH_SOURCE_DIR) / "testdata";
}

// The shared data folder: $LEADOS_SHARED, else <repo>/../shared.
inline std::filesystem::path SharedDir() {
  if (const char* s = std::getenv("LEADOS_SHARED"); s != nullptr && *s != '\0') return s;
  if (const char* r = std::getenv("LEADOS_SOURCE_DIR"); r != nullptr && *r != '\0') {
    return std::filesystem::path(r) / ".." / "shared";
  }
  return std::filesystem::path(ENRICH_SOURCE_DIR) / ".." / ".." / ".." / "shared";
}

inline std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

}  // namespace leados::enrich::testing
