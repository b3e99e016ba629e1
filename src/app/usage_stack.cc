#include "app/usage_stack.h"

#include "api/usage_routes.h"
#include "core/log.h"

namespace leados::app {

core::Result<std::unique_ptr<UsageStack>> UsageStack::Open(Runtime& rt, bool rollup_job) {
  const core::Config& config = rt.config();
  std::unique_ptr<UsageStack> s(new UsageStack());
  s->rt_ = &rt;
  s->rollup_job_ = rollup_job && config.GetBool("usage.rollup_job");
  usage::UsageRecorderOptions options;
  options.flush_interval = std::chrono::seconds(config.GetInt("usage.flush_interval_seconds"));
  options.buffer_size = static_cast<size_t>(config.GetInt("usage.buffer_size"));
  s->recorder_ = std::make_unique<usage::UsageRecorder>(rt.database(), rt.clock(), options);
  s->rollup_ = std::make_unique<usage::UsageRollup>(rt.database(), rt.clock());
  s->reader_ = std::make_unique<usage::UsageReader>(rt.database());
  return s;
}

UsageStack::~UsageStack() {
  Stop();
}

void UsageStack::RegisterRoutes(api::AccountsApi& api, http::Router& router) {
  api.SetUsageSink(recorder_.get());
  api::AddUsageRoutes(api, router, {*recorder_, *reader_, rt_->clock()});
}

void UsageStack::ConnectDeliveries(deliver::AttemptRecorder& recorder) {
  recorder.SetOnFinal(
      [sink = recorder_.get()](const deliver::Delivery& d, std::string_view status) {
        sink->Record({.account_id = d.account_id,
                      .kind = usage::UsageKind::kWebhookDelivery,
                      .name = d.event_type,
                      .failed = status != "succeeded"});
      });
}

void UsageStack::Start() {
  recorder_->Start();
  if (!rollup_job_) return;
  rollup_task_.Start(std::chrono::hours(1), [this] {
    auto report = rollup_->Run();
    if (!report) {
      core::log::Error("usage.rollup_failed", {{"error", report.error().message}});
    } else if (!report->days.empty()) {
      core::log::Info("usage.rolled_up", {{"days", static_cast<int64_t>(report->days.size())},
                                          {"events", report->events}});
    }
  });
}

void UsageStack::Stop() {
  rollup_task_.Stop();
  if (recorder_) recorder_->Stop();
}

}  // namespace leados::app
