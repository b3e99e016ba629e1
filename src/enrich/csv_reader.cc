#include "enrich/csv_reader.h"

#include <fmt/format.h>

namespace leados::enrich {

core::Result<std::vector<CsvRecord>> ParseCsv(std::string_view text) {
  std::vector<CsvRecord> out;
  size_t i = 0;
  int line = 1;
  while (i < text.size()) {
    // Comment or blank line.
    if (text[i] == '#' || text[i] == '\n' || text[i] == '\r') {
      size_t nl = text.find('\n', i);
      if (nl == std::string_view::npos) break;
      i = nl + 1;
      ++line;
      continue;
    }
    CsvRecord rec;
    rec.line = line;
    std::string field;
    bool done = false;
    while (!done) {
      if (i < text.size() && text[i] == '"') {
        ++i;
        int quote_line = line;
        while (true) {
          if (i >= text.size()) {
            return core::InvalidArgument(
                fmt::format("line {}: a quoted field is not closed (missing '\"')", quote_line));
          }
          char c = text[i++];
          if (c == '"') {
            if (i < text.size() && text[i] == '"') {
              field.push_back('"');
              ++i;
            } else {
              break;
            }
          } else {
            if (c == '\n') ++line;
            field.push_back(c);
          }
        }
      }
      while (i < text.size() && text[i] != ',' && text[i] != '\n') {
        if (text[i] != '\r') field.push_back(text[i]);
        ++i;
      }
      rec.fields.push_back(std::move(field));
      field.clear();
      if (i >= text.size()) {
        done = true;
      } else if (text[i] == ',') {
        ++i;
      } else {  // '\n'
        ++i;
        ++line;
        done = true;
      }
    }
    out.push_back(std::move(rec));
  }
  return out;
}

}  // namespace leados::enrich
