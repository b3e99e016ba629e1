#pragma once
// UsageRecorder: the UsageSink of a process. Record() only appends to an in-memory buffer under a
// mutex (no I/O on the request path); a background thread writes the buffer every
// `flush_interval` in ONE transaction of multi-row INSERTs into usage_events (at most
// `rows_per_statement` rows per INSERT, so a full buffer stays under SQLite's parameter limit),
// and Stop() (or the destructor) writes what is left. The buffer is bounded: an event that finds
// it full is dropped and counted (dropped()); so is a batch whose write failed (logged as
// usage.flush_failed) — usage is statistics, never a reason to slow down or fail a request.
// Thread-safe.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/ids.h"
#include "core/result.h"
#include "store/database.h"
#include "usage/usage_event.h"

namespace leados::usage {

struct UsageRecorderOptions {
  std::chrono::milliseconds flush_interval{5000};  // usage.flush_interval_seconds
  size_t buffer_size = 10'000;                     // usage.buffer_size (>= 1)
  size_t rows_per_statement = 500;                 // rows per INSERT (>= 1)
};

class UsageRecorder final : public UsageSink {
 public:
  // `db` and `clock` must outlive the recorder.
  UsageRecorder(store::Database& db, const core::Clock& clock, UsageRecorderOptions options = {});
  // Stops the thread and flushes what is buffered.
  ~UsageRecorder() override;

  // Buffers the event (stamping at_ms with the clock when 0). Events without an account id are
  // ignored; when the buffer holds buffer_size events the event is dropped and counted.
  void Record(UsageEvent event) override;

  // Writes every buffered event now, in one transaction. Returns the rows written. On an error
  // the batch is dropped (counted) and the error returned.
  core::Result<int64_t> Flush();

  // Starts the flush thread (idempotent). Stop() ends it and flushes the rest; idempotent.
  void Start();
  void Stop();

  int64_t dropped() const;  // events lost: buffer full or a failed write
  int64_t written() const;  // events written so far
  size_t pending() const;   // events buffered now

 private:
  store::Database& db_;
  const core::Clock& clock_;
  UsageRecorderOptions options_;
  core::IdGenerator ids_;
  std::mutex flush_mu_;  // one Flush at a time (the thread and Stop)
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<UsageEvent> buffer_;  // guarded by mu_
  int64_t dropped_ = 0;             // guarded by mu_
  int64_t written_ = 0;             // guarded by mu_
  bool stop_ = false;               // guarded by mu_
  std::thread thread_;
};

}  // namespace leados::usage
