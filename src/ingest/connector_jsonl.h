#pragma once
// JSON-lines signals: one Signal per line in the form of ingest::SignalToJson (bulk import,
// replay, demo signals). Bad lines are reported with their 1-based line number and skipped;
// blank lines and lines starting with '#' are ignored.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "ingest/parsed_page.h"

namespace leados::ingest {

struct LineError {
  size_t line = 0;      // 1-based
  std::string message;  // e.g. "field 'source' must be one of hn, reddit, …"
};

struct JsonlParse {
  ParsedPage page;                // the good lines' signals (unique by Key())
  std::vector<LineError> errors;  // the bad lines
};

// Parses a whole JSON-lines text. ctx.feed_id fills signals that have none. Never fails as a
// whole; see `errors`.
JsonlParse ParseSignalLines(std::string_view text, const ParseContext& ctx);

// One line of a stream (the caller splits and counts lines).
core::Result<Signal> ParseSignalLine(std::string_view line);

}  // namespace leados::ingest
