#include "ingest/source_scheduler.h"

#include <fmt/format.h>

#include <algorithm>
#include <exception>

#include "core/crypto.h"
#include "core/encoding.h"
#include "core/log.h"

namespace leados::ingest {
namespace {

int64_t Millis(core::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::string DefaultOwner() {
  return "sched-" + core::HexEncode(core::RandomBytes(6));
}

}  // namespace

SourceScheduler::SourceScheduler(SourceStore& store, const RunnerSet& runners, Fetcher& fetcher,
                                 HttpClient& http, SignalDeduper& deduper, const core::Clock& clock,
                                 core::Metrics& metrics, SourceAlert alert,
                                 SchedulerOptions options)
    : store_(store),
      runners_(runners),
      fetcher_(fetcher),
      http_(http),
      deduper_(deduper),
      clock_(clock),
      metrics_(metrics),
      alert_(std::move(alert)),
      options_(std::move(options)),
      owner_(options_.owner.empty() ? DefaultOwner() : options_.owner),
      schedule_(options_.schedule) {}

SourceScheduler::~SourceScheduler() {
  Stop();
}

core::Result<int> SourceScheduler::RunDue(core::TimePoint now, int limit) {
  auto due = store_.Due(Millis(now), limit);
  if (!due) return core::Fail(due.error());
  int ran = 0;
  for (const Source& s : *due) {
    auto r = TryRun(s.id, now);
    if (!r) {
      core::log::Error("ingest.run_failed_to_record",
                       {{"source", s.spec.name}, {"error", r.error().message}});
      continue;
    }
    if (*r) ++ran;
  }
  return ran;
}

core::Result<Source> SourceScheduler::RunNow(std::string_view id) {
  auto r = TryRun(std::string(id), clock_.Now());
  if (!r) return core::Fail(r.error());
  if (!*r) {
    return core::Fail(core::ErrorCode::kConflict,
                      fmt::format("source {} is running right now; try again when it is done", id));
  }
  return std::move(**r);
}

core::Result<std::optional<Source>> SourceScheduler::TryRun(const std::string& id,
                                                            core::TimePoint now) {
  auto leased = store_.TryLease(id, owner_, Millis(now), Millis(now + options_.lease));
  if (!leased) return core::Fail(leased.error());
  if (!*leased) return std::optional<Source>();
  auto ran = RunLeased(id, now);
  if (!ran) return core::Fail(ran.error());
  return std::optional<Source>(std::move(*ran));
}

core::Result<Source> SourceScheduler::RunLeased(const std::string& id, core::TimePoint now) {
  auto loaded = store_.Get(id);
  if (!loaded) return core::Fail(loaded.error());
  const Source& source = *loaded;
  const std::string kind(SourceTypeName(source.spec.type));

  RunOutcome outcome;
  if (SourceRunner* runner = runners_.For(source.spec.type)) {
    try {
      outcome = runner->Run(RunContext{source, fetcher_, http_, deduper_, clock_, &cancel_});
    } catch (const std::exception& e) {
      outcome = std::unexpected(RunError{"internal", std::string("unexpected: ") + e.what(), {}});
    } catch (...) {
      outcome = std::unexpected(RunError{"internal", "unexpected exception", {}});
    }
  } else {
    outcome = std::unexpected(RunError{"config", "no runner for kind " + kind, {}});
  }

  const core::Duration interval = std::chrono::seconds(source.spec.interval_seconds);
  RunRecord rec;
  rec.attempt_at_ms = Millis(now);
  rec.success = outcome.has_value();
  if (outcome) {
    rec.settings_json = core::ToJson(source.spec.settings);
    rec.cursor = outcome->cursor;
    rec.validators = outcome->validators;
    rec.new_signals = outcome->new_signals;
    rec.next_run_at_ms = Millis(schedule_.AfterSuccess(now, interval, outcome->not_before));
  } else {
    const int64_t failures = source.state.consecutive_failures + 1;
    rec.error_kind = outcome.error().kind;
    rec.error_message = outcome.error().message;
    rec.next_run_at_ms =
        Millis(schedule_.AfterFailure(now, interval, failures, outcome.error().retry_at));
    if (failures >= options_.alert_after_failures && !source.state.alerted_at_ms && alert_) {
      Source after = source;
      after.state.consecutive_failures = failures;
      after.state.last_error_kind = rec.error_kind;
      after.state.last_error_message = rec.error_message;
      after.state.last_error_at_ms = rec.attempt_at_ms;
      after.state.last_attempt_at_ms = rec.attempt_at_ms;
      after.state.next_run_at_ms = rec.next_run_at_ms;
      if (auto sent = alert_(after); sent) {
        rec.alerted_at_ms = rec.attempt_at_ms;
      } else {
        core::log::Error("ingest.alert_failed",
                         {{"source", source.spec.name}, {"error", sent.error().message}});
      }
    }
  }
  if (auto st = store_.RecordRun(id, owner_, rec); !st) return core::Fail(st.error());

  const core::Labels labels{{"source", source.spec.name}, {"kind", kind}};
  const char* result = !outcome ? "failure" : outcome->not_modified ? "not_modified" : "success";
  core::Labels poll_labels = labels;
  poll_labels.emplace_back("outcome", result);
  metrics_.Counter("leados_ingest_polls_total", "Source polls by source and outcome.", poll_labels)
      .Inc();
  if (outcome && outcome->new_signals > 0) {
    metrics_.Counter("leados_ingest_signals_total", "New signals handed on, by source.", labels)
        .Inc(static_cast<uint64_t>(outcome->new_signals));
  }
  metrics_
      .Gauge("leados_ingest_source_consecutive_failures",
             "Consecutive failed polls of a source (0 when its last poll succeeded).", labels)
      .Set(outcome ? 0.0 : static_cast<double>(source.state.consecutive_failures + 1));

  if (outcome) {
    core::log::Info("ingest.polled", {{"source", source.spec.name},
                                      {"kind", kind},
                                      {"new_signals", outcome->new_signals},
                                      {"parsed", outcome->parsed},
                                      {"not_modified", outcome->not_modified}});
  } else {
    core::log::Warn("ingest.poll_failed",
                    {{"source", source.spec.name},
                     {"kind", kind},
                     {"error_kind", outcome.error().kind},
                     {"error", outcome.error().message},
                     {"consecutive_failures", source.state.consecutive_failures + 1}});
  }
  return store_.Get(id);
}

void SourceScheduler::Start() {
  std::lock_guard lock(mu_);
  if (started_) return;
  started_ = true;
  stopping_ = false;
  cancel_ = false;
  dispatcher_ = std::thread([this] { DispatchLoop(); });
  for (int i = 0; i < std::max(1, options_.workers); ++i) {
    workers_.emplace_back([this] { WorkerLoop(); });
  }
}

void SourceScheduler::Wake() {
  std::lock_guard lock(mu_);
  woken_ = true;
  wake_.notify_all();
}

void SourceScheduler::Stop() {
  {
    std::lock_guard lock(mu_);
    if (!started_) return;
    stopping_ = true;
  }
  cancel_ = true;
  wake_.notify_all();
  work_ready_.notify_all();
  if (dispatcher_.joinable()) dispatcher_.join();
  for (auto& w : workers_) {
    if (w.joinable()) w.join();
  }
  workers_.clear();
  std::lock_guard lock(mu_);
  started_ = false;
  queue_.clear();
  queued_.clear();
}

void SourceScheduler::DispatchLoop() {
  while (true) {
    {
      std::unique_lock lock(mu_);
      if (stopping_) return;
    }
    auto due = store_.Due(clock_.NowUnixMillis(), 100);
    if (!due) {
      core::log::Error("ingest.due_query_failed", {{"error", due.error().message}});
    } else {
      std::lock_guard lock(mu_);
      for (const Source& s : *due) {
        if (queued_.insert(s.id).second) queue_.push_back(s.id);
      }
      if (!queue_.empty()) work_ready_.notify_all();
    }
    std::unique_lock lock(mu_);
    wake_.wait_for(lock, options_.tick, [this] { return stopping_ || woken_; });
    woken_ = false;
  }
}

void SourceScheduler::WorkerLoop() {
  while (true) {
    std::string id;
    {
      std::unique_lock lock(mu_);
      work_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      id = std::move(queue_.front());
      queue_.pop_front();
    }
    auto r = TryRun(id, clock_.Now());
    if (!r) {
      core::log::Error("ingest.run_failed_to_record",
                       {{"source_id", id}, {"error", r.error().message}});
    }
    std::lock_guard lock(mu_);
    queued_.erase(id);
  }
}

}  // namespace leados::ingest
