#pragma once
// StageTotals: where a run's time went, read from the process's Prometheus registry — the sum and
// count of leados_pipeline_stage_seconds{stage}, the signals processed, leads by outcome and
// drops by reason. Take one before and one after a run; the difference is the run's.

#include <cstdint>
#include <map>
#include <string>

#include "core/metrics.h"

namespace leados::bench::e2e {

struct StageTotals {
  std::map<std::string, double> stage_seconds;  // stage → seconds (all workers)
  std::map<std::string, uint64_t> stage_count;  // stage → observations
  std::map<std::string, uint64_t> leads;        // outcome → leads
  std::map<std::string, uint64_t> drops;        // reason → matches dropped
  uint64_t signals = 0;                         // leados_pipeline_signals_total

  // Reads everything from `metrics` (Render, then parses the families above).
  static StageTotals Read(const core::Metrics& metrics);
  // this − before, series by series.
  StageTotals Minus(const StageTotals& before) const;
  uint64_t Created() const;
};

}  // namespace leados::bench::e2e
