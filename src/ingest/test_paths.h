#pragma once
// Where tests find their data: ../shared (LEADOS_SHARED, else <repo>/../shared) and this
// module's testdata folder. Test-only.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace leados::ingest::testing {

inline std::filesystem::path SourceDir() {
  if (const char* s = std::getenv("LEADOS_SOURCE_DIR")) return s;
  return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path();
}

inline std::filesystem::path SharedDir() {
  if (const char* s = std::getenv("LEADOS_SHARED"); s && *s) return s;
  return SourceDir() / ".." / "shared";
}

inline std::filesystem::path FixturesDir() { return SharedDir() / "fixtures"; }

inline std::filesystem::path TestdataDir() {
  if (const char* s = std::getenv("LEADOS_SOURCE_DIR"); s && *s) {
    return std::filesystem::path(s) / "src" / "ingest" / "testdata";
  }
  return std::filesystem::path(__FILE__).parent_path() / "testdata";
}

inline std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return std::move(ss).str();
}

}  // namespace leados::ingest::testing
