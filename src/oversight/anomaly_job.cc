#include "oversight/anomaly_job.h"

#include "core/log.h"

namespace leados::oversight {

AnomalyJob::AnomalyJob(AnomalyDetector& detector, store::KeyValue& kv, const core::Clock& clock,
                       AnomalyJobOptions options)
    : detector_(detector), kv_(kv), clock_(clock), options_(std::move(options)) {}

AnomalyJob::~AnomalyJob() {
  Stop();
}

core::Result<std::optional<ScanReport>> AnomalyJob::RunIfDue() {
  const std::string hour = core::FormatRfc3339(clock_.Now()).substr(0, 13);  // 2026-01-01T05
  auto claimed = kv_.PutIfAbsent("anomaly:hour:" + hour, options_.owner, std::chrono::hours(3));
  if (!claimed) return core::Fail(claimed.error());
  if (!*claimed) return std::optional<ScanReport>();
  auto report = detector_.Scan();
  if (!report) return core::Fail(report.error());
  core::log::Info("anomaly.scan", {{"new", report->raised},
                                   {"updated", report->updated},
                                   {"dismissed_before", report->suppressed}});
  return std::optional<ScanReport>(std::move(*report));
}

void AnomalyJob::Start() {
  task_.Start(options_.check_interval, [this] {
    auto ran = RunIfDue();
    if (!ran) core::log::Warn("anomaly.scan_failed", {{"error", ran.error().message}});
  });
}

void AnomalyJob::Stop() { task_.Stop(); }

}  // namespace leados::oversight
