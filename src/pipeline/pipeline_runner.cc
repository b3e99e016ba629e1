#include "pipeline/pipeline_runner.h"

#include "core/json.h"
#include "core/log.h"

namespace leados::pipeline {

PipelineRunner::PipelineRunner(store::Queue& queue, LeadProcessor& processor,
                               core::Metrics& metrics, RunnerOptions options)
    : queue_(queue),
      processor_(processor),
      options_(std::move(options)),
      bad_messages_(metrics.Counter("leados_pipeline_bad_messages_total",
                                    "Queue messages that were not a signal (acked and dropped).")),
      retries_(metrics.Counter("leados_pipeline_retries_total",
                               "Signals given back to the queue after a failure.")) {}

PipelineRunner::~PipelineRunner() { Stop(); }

void PipelineRunner::Start() {
  if (!workers_.empty()) return;
  stop_ = false;
  for (int i = 0; i < options_.workers; ++i) workers_.emplace_back([this, i] { WorkerLoop(i); });
}

void PipelineRunner::Stop() {
  stop_ = true;
  for (auto& t : workers_) {
    if (t.joinable()) t.join();
  }
  workers_.clear();
}

core::Result<size_t> PipelineRunner::RunOnce(const std::string& consumer) {
  auto claimed = queue_.Claim(options_.topic, consumer, options_.batch, options_.visibility,
                              options_.poll_wait);
  if (!claimed) return core::Fail(claimed.error());
  for (const auto& m : *claimed) {
    auto json = core::ParseJsonObject(m.body);
    auto signal = json ? ingest::SignalFromJson(*json) : core::Result<ingest::Signal>(core::Fail(json.error()));
    if (!signal) {
      bad_messages_.Inc();
      core::log::Error("pipeline.bad_message",
                       {{"message_id", m.id}, {"error", signal.error().message}});
      if (auto st = queue_.Ack(options_.topic, m.id); !st) return core::Fail(st.error());
      continue;
    }
    auto processed = processor_.Process(*signal);
    if (!processed) {
      retries_.Inc();
      core::log::Warn("pipeline.retry", {{"signal", signal->Key()},
                                         {"attempt", static_cast<int64_t>(m.attempts)},
                                         {"error", processed.error().message}});
      auto st = queue_.RetryLater(options_.topic, m.id, options_.retry_delay);
      if (!st && st.error().code != core::ErrorCode::kNotFound) return core::Fail(st.error());
      continue;
    }
    if (auto st = queue_.Ack(options_.topic, m.id); !st) return core::Fail(st.error());
  }
  return claimed->size();
}

void PipelineRunner::WorkerLoop(int index) {
  const std::string consumer = options_.consumer + "-" + std::to_string(index);
  while (!stop_) {
    auto handled = RunOnce(consumer);
    if (!handled) {
      core::log::Error("pipeline.queue_error", {{"error", handled.error().message}});
      std::this_thread::sleep_for(options_.poll_wait);
    }
  }
}

}  // namespace leados::pipeline
