#include "retention/retention_job.h"

#include "core/log.h"

namespace leados::retention {

RetentionJob::RetentionJob(RetentionEngine& engine, store::KeyValue& kv, const core::Clock& clock,
                           RetentionJobOptions options, RetentionRunLog* log)
    : engine_(engine), kv_(kv), clock_(clock), options_(std::move(options)), log_(log) {}

RetentionJob::~RetentionJob() {
  Stop();
}

core::Result<std::optional<RetentionReport>> RetentionJob::RunIfDue() {
  const std::string day = core::FormatRfc3339(clock_.Now()).substr(0, 10);
  auto claimed = kv_.PutIfAbsent("retention:day:" + day, options_.owner, std::chrono::hours(48));
  if (!claimed) return core::Fail(claimed.error());
  if (!*claimed) return std::optional<RetentionReport>();
  auto report = log_ ? log_->RunAndRecord(engine_, false) : engine_.Run(false);
  if (!report) return core::Fail(report.error());
  for (const auto& c : report->categories) {
    core::log::Info("retention.run", {{"category", std::string(RuleFor(c.category).key)},
                                      {"days", c.period_days},
                                      {"deleted", c.Rows()}});
  }
  return std::optional<RetentionReport>(std::move(*report));
}

void RetentionJob::Start() {
  task_.Start(options_.check_interval, [this] {
    auto ran = RunIfDue();
    if (!ran) core::log::Warn("retention.failed", {{"error", ran.error().message}});
  });
}

void RetentionJob::Stop() { task_.Stop(); }

}  // namespace leados::retention
