#pragma once
// Test-only: the text of a PDF as poppler's pdftotext (poppler-utils) extracts it, which is what
// a user's PDF reader shows and copies.

#include <cstdio>
#include <fstream>
#include <string>

#include "store/test_support.h"

namespace leados::billing::testing {

// True when pdftotext is on the PATH.
inline bool HavePdftotext() {
  return std::system("pdftotext -v >/dev/null 2>&1") == 0;
}

// pdftotext's output (layout kept) for `pdf`; "" when it fails.
inline std::string PdfText(const std::string& pdf) {
  store::testing::ScopedTempDir dir;
  const auto file = dir.path() / "doc.pdf";
  std::ofstream(file, std::ios::binary) << pdf;
  std::string out;
  FILE* p =
      ::popen(("pdftotext -layout -enc UTF-8 '" + file.string() + "' - 2>/dev/null").c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), p)) > 0) out.append(buf, n);
  ::pclose(p);
  return out;
}

}  // namespace leados::billing::testing
