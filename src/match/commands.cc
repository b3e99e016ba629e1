#include "match/commands.h"

#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "core/json.h"
#include "ingest/signal.h"
#include "match/compiled_campaigns.h"
#include "match/query_parser.h"
#include "match/supply_scan.h"

namespace leados::match {
namespace {

constexpr int kBadInput = 2;

// Reads JSON-lines signals; on a bad line prints "signals line N: …" and returns false.
bool ReadSignals(std::istream& in, std::vector<ingest::Signal>& out, std::ostream& err) {
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto obj = core::ParseJsonObject(line);
    if (!obj) {
      err << "signals line " << n << ": " << obj.error().message << "\n";
      return false;
    }
    auto s = ingest::SignalFromJson(*obj);
    if (!s) {
      err << "signals line " << n << ": " << s.error().message << "\n";
      return false;
    }
    out.push_back(std::move(*s));
  }
  return true;
}

}  // namespace

int RunQueryCheck(std::string_view expr, std::ostream& out, std::ostream& err) {
  auto q = ParseQuery(expr);
  if (!q) {
    err << q.error().message << "\n";
    return kBadInput;
  }
  out << FormatQuery(*q) << "\n";
  return 0;
}

int RunMatchCommand(std::istream& campaigns_jsonl, std::istream& signals_jsonl, std::ostream& out,
                    std::ostream& err) {
  std::vector<CampaignQuery> campaigns;
  std::string line;
  for (int n = 1; std::getline(campaigns_jsonl, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto obj = core::ParseJsonObject(line);
    if (!obj) {
      err << "campaigns line " << n << ": " << obj.error().message << "\n";
      return kBadInput;
    }
    auto id = core::ReqString(*obj, "id");
    auto query = core::ReqString(*obj, "query");
    if (!id || !query) {
      err << "campaigns line " << n << ": " << (!id ? id.error() : query.error()).message << "\n";
      return kBadInput;
    }
    if (auto parsed = ParseQuery(*query); !parsed) {
      err << "campaigns line " << n << " (id " << *id << "): " << parsed.error().message << "\n";
      return kBadInput;
    }
    campaigns.push_back(CampaignQuery{std::move(*id), std::move(*query)});
  }
  auto compiled = CompiledCampaigns::Compile(std::move(campaigns));
  if (!compiled) {
    err << compiled.error().message << "\n";
    return 1;
  }
  std::vector<ingest::Signal> signals;
  if (!ReadSignals(signals_jsonl, signals, err)) return kBadInput;
  for (const auto& s : signals) {
    for (const auto& m : (*compiled)->Match(s)) out << core::ToJson(MatchToJson(s, m)) << "\n";
  }
  return 0;
}

int RunScanCommand(std::string_view query, std::istream& signals_jsonl,
                   std::optional<int> window_days, std::ostream& out, std::ostream& err) {
  if (auto parsed = ParseQuery(query); !parsed) {
    err << parsed.error().message << "\n";
    return kBadInput;
  }
  std::vector<ingest::Signal> signals;
  if (!ReadSignals(signals_jsonl, signals, err)) return kBadInput;
  SupplyScanOptions options;
  options.window_days = window_days;
  auto report = RunSupplyScan(query, signals, options);
  if (!report) {
    err << report.error().message << "\n";
    return kBadInput;
  }
  out << core::ToJson(SupplyScanToJson(*report)) << "\n";
  return 0;
}

}  // namespace leados::match
