#pragma once
// A small RFC 4180 CSV reader: comma-separated, fields optionally in double quotes, "" inside
// quotes for a quote, CRLF or LF line ends, quoted fields may span lines. Lines that are empty or
// start with '#' (outside quotes, at the start of a record) are skipped as comments.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace leados::enrich {

struct CsvRecord {
  int line = 0;  // 1-based line where the record starts
  std::vector<std::string> fields;
};

// Parses all records of `text`. Fails with kInvalidArgument naming the line of an unterminated
// quote.
core::Result<std::vector<CsvRecord>> ParseCsv(std::string_view text);

}  // namespace leados::enrich
