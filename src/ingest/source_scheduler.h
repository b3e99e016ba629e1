#pragma once
// SourceScheduler: keeps every enabled source polling, unattended.
//
// A run: take the source's lease (SourceStore::TryLease; nobody else — thread or process — runs
// it meanwhile), run its type's SourceRunner, and record the outcome (RecordRun): on success the
// new cursor and validators (so a restart resumes where it stopped), on failure the error, the
// attempt time and one more consecutive failure. The next run time comes from PollSchedule
// (interval ± jitter; exponential back-off after failures; Retry-After honoured). When a
// failing streak reaches `alert_after_failures`, the alert callback runs once for that streak
// (alerted_at is stored, so a restart does not alert again); a success ends the streak. One
// source failing never stops the others: every run is independent and a runner that throws is
// a failure of that source only.
//
// Two ways to drive it: RunDue(now), deterministic, on the calling thread (tests with a
// ManualClock, `leados` one-shot tools); and Start(), a dispatcher thread that looks for due
// sources every `tick` and hands them to `workers` worker threads (leados serve). Stop() (or the
// destructor) waits for the runs in progress, which end early at their next item or page
// (RunContext::cancelled) and keep their progress.
//
// Metrics: leados_ingest_polls_total{source,kind,outcome} (outcome success, not_modified,
// failure), leados_ingest_signals_total{source,kind} (new signals handed to the sink),
// leados_ingest_source_consecutive_failures{source,kind} (gauge). `source` is the source name.

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/metrics.h"
#include "core/result.h"
#include "ingest/poll_schedule.h"
#include "ingest/source_runner.h"
#include "ingest/source_store.h"

namespace leados::ingest {

struct SchedulerOptions {
  int workers = 2;                   // ingest.workers
  int64_t alert_after_failures = 5;  // ingest.alert_after_failures
  PollScheduleOptions schedule;      // jitter, max back-off (ingest.max_backoff_seconds)
  // A run holds its source's lease this long; a process that dies mid-run lets another take
  // the source over after it.
  core::Duration lease = std::chrono::minutes(15);
  std::chrono::milliseconds tick{1000};  // how often the dispatcher looks for due sources
  std::string owner;                     // lease owner name; empty: a random one
};

// Called once per failing streak, with the source as recorded after the failure that reached
// the threshold (its last_error and consecutive_failures set). An error leaves the streak
// un-alerted, so the next failure tries again. Runs on a scheduler thread.
using SourceAlert = std::function<core::Status(const Source& source)>;

class SourceScheduler {
 public:
  // Every reference must outlive the scheduler. `alert` may be empty (no alerts).
  SourceScheduler(SourceStore& store, const RunnerSet& runners, Fetcher& fetcher, HttpClient& http,
                  SignalDeduper& deduper, const core::Clock& clock, core::Metrics& metrics,
                  SourceAlert alert, SchedulerOptions options);
  ~SourceScheduler();
  SourceScheduler(const SourceScheduler&) = delete;
  SourceScheduler& operator=(const SourceScheduler&) = delete;

  // Runs, one after another on the calling thread, every enabled source due at `now` (at most
  // `limit`), soonest first. Returns how many ran (successfully or not). Errors: the database's.
  core::Result<int> RunDue(core::TimePoint now, int limit = 1000);
  // Runs one source now, whatever its schedule (also a disabled one), on the calling thread, and
  // returns it as recorded afterwards. kNotFound; kConflict when it is running already.
  core::Result<Source> RunNow(std::string_view id);

  // Starts the dispatcher and the workers. Idempotent.
  void Start();
  // Asks the dispatcher to look for due sources at once (after runSourceNow, a new source).
  void Wake();
  // Stops the threads after the runs in progress. Idempotent.
  void Stop();

 private:
  // Runs a source whose lease this scheduler holds; records the outcome; releases the lease.
  core::Result<Source> RunLeased(const std::string& id, core::TimePoint now);
  // Takes the lease and runs. nullopt when someone else holds it.
  core::Result<std::optional<Source>> TryRun(const std::string& id, core::TimePoint now);
  void DispatchLoop();
  void WorkerLoop();

  SourceStore& store_;
  const RunnerSet& runners_;
  Fetcher& fetcher_;
  HttpClient& http_;
  SignalDeduper& deduper_;
  const core::Clock& clock_;
  core::Metrics& metrics_;
  SourceAlert alert_;
  const SchedulerOptions options_;
  const std::string owner_;
  PollSchedule schedule_;

  std::mutex mu_;
  std::condition_variable wake_;        // dispatcher: tick, Wake(), Stop()
  std::condition_variable work_ready_;  // workers: queue_ not empty, Stop()
  std::deque<std::string> queue_;       // guarded by mu_: source ids waiting for a worker
  std::set<std::string> queued_;        // guarded by mu_: ids in queue_ or running
  bool stopping_ = false;               // guarded by mu_
  bool woken_ = false;                  // guarded by mu_
  bool started_ = false;                // guarded by mu_
  std::atomic<bool> cancel_{false};     // set by Stop(): runs in progress end at their next item
  std::thread dispatcher_;
  std::vector<std::thread> workers_;
};

}  // namespace leados::ingest
