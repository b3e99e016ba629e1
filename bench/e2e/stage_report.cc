#include "stage_report.h"

#include <sstream>

namespace leados::bench::e2e {
namespace {

// The value of label `label` in a series line's "{…}" part, e.g. stage="match" → match.
std::string LabelValue(const std::string& line, const std::string& label) {
  const std::string key = label + "=\"";
  const size_t at = line.find(key);
  if (at == std::string::npos) return {};
  const size_t end = line.find('"', at + key.size());
  return line.substr(at + key.size(), end - at - key.size());
}

double ValueOf(const std::string& line) {
  const size_t sp = line.rfind(' ');
  return sp == std::string::npos ? 0 : std::stod(line.substr(sp + 1));
}

bool Starts(const std::string& line, std::string_view prefix) {
  return line.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

StageTotals StageTotals::Read(const core::Metrics& metrics) {
  StageTotals t;
  std::istringstream in(metrics.Render());
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (Starts(line, "leados_pipeline_stage_seconds_sum{")) {
      t.stage_seconds[LabelValue(line, "stage")] = ValueOf(line);
    } else if (Starts(line, "leados_pipeline_stage_seconds_count{")) {
      t.stage_count[LabelValue(line, "stage")] = static_cast<uint64_t>(ValueOf(line));
    } else if (Starts(line, "leados_pipeline_leads_total{")) {
      t.leads[LabelValue(line, "outcome")] = static_cast<uint64_t>(ValueOf(line));
    } else if (Starts(line, "leados_pipeline_drops_total{")) {
      t.drops[LabelValue(line, "reason")] = static_cast<uint64_t>(ValueOf(line));
    } else if (Starts(line, "leados_pipeline_signals_total ")) {
      t.signals = static_cast<uint64_t>(ValueOf(line));
    }
  }
  return t;
}

StageTotals StageTotals::Minus(const StageTotals& before) const {
  StageTotals d = *this;
  for (auto& [k, v] : d.stage_seconds) {
    if (auto it = before.stage_seconds.find(k); it != before.stage_seconds.end()) v -= it->second;
  }
  auto sub = [](std::map<std::string, uint64_t>& m, const std::map<std::string, uint64_t>& b) {
    for (auto& [k, v] : m) {
      if (auto it = b.find(k); it != b.end()) v -= it->second;
    }
  };
  sub(d.stage_count, before.stage_count);
  sub(d.leads, before.leads);
  sub(d.drops, before.drops);
  d.signals -= before.signals;
  return d;
}

uint64_t StageTotals::Created() const {
  auto it = leads.find("created");
  return it == leads.end() ? 0 : it->second;
}

}  // namespace leados::bench::e2e
