#pragma once
// The match module's command-line operations as library functions, so src/app stays thin.
// Each returns the process exit status: 0 success, 2 invalid input (message on `err`).

#include <iosfwd>
#include <optional>
#include <string_view>

namespace leados::match {

// `leados query check EXPR`: prints the canonical query and returns 0, or prints
// "LINE:COL: message" to `err` and returns 2.
int RunQueryCheck(std::string_view expr, std::ostream& out, std::ostream& err);

// `leados match --campaigns F --signals F`: campaigns are JSON lines {"id":"c1","query":"…"} (other
// fields ignored), signals are ingest::Signal JSON lines. Prints one JSON line per (signal,
// campaign) match (match_result.h). A bad line stops with exit 2 and names the file and line.
int RunMatchCommand(std::istream& campaigns_jsonl, std::istream& signals_jsonl, std::ostream& out,
                    std::ostream& err);

// `leados scan --query Q --signals F [--window-days N]`: prints the supply-scan report as one JSON
// object (supply_scan.h).
int RunScanCommand(std::string_view query, std::istream& signals_jsonl,
                   std::optional<int> window_days, std::ostream& out, std::ostream& err);

}  // namespace leados::match
