#include "pipeline/pipeline_runner.h"

#include "core/json.h"
#include "core/log.h"

namespace leados::pipeline {

PipelineRunner::PipelineRunner(store::Queue& queue, LeadProcessor& processor,
                               core::Metrics& metrics, RunnerOptions options,
                               store::BatchingDatabase* batch_db)
    : queue_(queue),
      processor_(processor),
      batch_db_(batch_db),
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

core::Status PipelineRunner::Retry(const store::Message& m, const ingest::Signal& signal,
                                   const core::Error& error) {
  retries_.Inc();
  core::log::Warn("pipeline.retry", {{"signal", signal.Key()},
                                     {"attempt", static_cast<int64_t>(m.attempts)},
                                     {"error", error.message}});
  auto st = queue_.RetryLater(options_.topic, m.id, options_.retry_delay);
  if (!st && st.error().code != core::ErrorCode::kNotFound) return core::Fail(st.error());
  return core::Ok();
}

core::Result<size_t> PipelineRunner::RunOnce(const std::string& consumer) {
  auto claimed = queue_.Claim(options_.topic, consumer, options_.batch, options_.visibility,
                              options_.poll_wait);
  if (!claimed) return core::Fail(claimed.error());

  // Decode; a message that is not a signal is acked at once (no retry can fix it).
  struct Item {
    const store::Message* message;
    ingest::Signal signal;
    std::optional<core::Error> error;  // set: give it back to the queue
    std::optional<PreparedSignal> prepared;
  };
  std::vector<Item> items;
  items.reserve(claimed->size());
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
    items.push_back({&m, std::move(*signal), std::nullopt, std::nullopt});
  }

  if (batch_db_ == nullptr) {
    for (auto& item : items) {
      auto processed = processor_.Process(item.signal);
      if (!processed) item.error = processed.error();
    }
  } else {
    // Prepare every signal (no SQL writes), then commit all their leads together.
    for (auto& item : items) {
      auto prepared = processor_.Prepare(item.signal);
      if (!prepared) {
        item.error = prepared.error();
      } else {
        prepared->signal = &item.signal;
        item.prepared = std::move(*prepared);
      }
    }
    auto committed = batch_db_->Batch([&]() -> core::Status {
      for (auto& item : items) {
        if (!item.prepared || item.prepared->leads.empty()) continue;
        item.error.reset();  // a rerun of the batch (PostgreSQL serialization failure) starts clean
        auto st = batch_db_->Transact([&](store::SqlSession&) -> core::Status {
          auto done = processor_.Commit(*item.prepared);
          if (!done) return core::Fail(done.error());
          return core::Ok();
        });
        if (!st) item.error = st.error();
      }
      return core::Ok();
    });
    if (!committed) {
      for (auto& item : items) {
        if (item.prepared && !item.prepared->leads.empty()) item.error = committed.error();
      }
    }
  }

  size_t processed = 0;
  for (const auto& item : items) {
    if (!item.error) ++processed;
  }
  if (batch_db_ != nullptr) processor_.CountProcessed(processed);  // Process counted its own

  for (const auto& item : items) {
    if (item.error) {
      if (auto st = Retry(*item.message, item.signal, *item.error); !st) return core::Fail(st.error());
      continue;
    }
    if (auto st = queue_.Ack(options_.topic, item.message->id); !st) return core::Fail(st.error());
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
