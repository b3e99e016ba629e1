#pragma once
// OutboxWorker: sends the due emails of notify_outbox through an EmailSender, retrying transient
// failures with exponential back-off (1 min, 5 min, 30 min, 2 h, 6 h, then failed) and failing
// permanent ones at once. Several workers (threads or instances) may run against one database:
// a claimed row is marked `sending` with a lease, so no two workers send the same row; a row
// whose worker died is claimed again after its lease ends (at-least-once delivery).
// Rows whose bodies live in the KV store (body_in_kv, see outbox_body_store.h) are sent only by a
// worker given an OutboxBodyStore: it loads the bodies at send time and deletes them once the row
// is sent or failed; a body gone from the KV fails the row ("body expired").
// Rows with attachment references are sent only by a worker given an AttachmentSource
// (SetAttachmentSource): it loads each file at send time; a file that cannot be found fails the
// row, one that cannot be read now is retried like a transient send failure. `leados serve` sets
// one (the invoice PDFs); a `leados worker` process does not, and leaves those rows to serve.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "notify/attachment_source.h"
#include "notify/email_sender.h"
#include "notify/outbox_body_store.h"
#include "store/database.h"

namespace leados::notify {

struct OutboxRow;

struct OutboxWorkerOptions {
  int batch_size = 20;                                               // rows claimed per RunOnce
  std::chrono::milliseconds lease{std::chrono::minutes(10)};         // how long a claim holds
  std::chrono::milliseconds poll_interval{std::chrono::seconds(2)};  // Start(): idle wait
  // Delay before attempt n+1 after attempt n failed transiently; after the last one the row
  // is failed. So 1 + retry_delays.size() attempts in all.
  std::vector<std::chrono::milliseconds> retry_delays{
      std::chrono::minutes(1), std::chrono::minutes(5), std::chrono::minutes(30),
      std::chrono::hours(2), std::chrono::hours(6)};
};

// What one RunOnce did.
struct OutboxRunStats {
  int claimed = 0;
  int sent = 0;
  int retried = 0;  // transient failure, scheduled again
  int failed = 0;   // permanent failure or attempts exhausted
};

class OutboxWorker {
 public:
  // `db`, `sender`, `clock` and `bodies` (when given) must outlive the worker. Without `bodies`
  // the worker leaves body_in_kv rows to workers that have one.
  OutboxWorker(store::Database& db, EmailSender& sender, const core::Clock& clock,
               OutboxWorkerOptions options = {}, OutboxBodyStore* bodies = nullptr);
  ~OutboxWorker();  // calls Stop()
  OutboxWorker(const OutboxWorker&) = delete;
  OutboxWorker& operator=(const OutboxWorker&) = delete;

  // Lets this worker send rows with attachments, resolving them through `source` (must outlive
  // the worker). Call before Start.
  void SetAttachmentSource(AttachmentSource* source) { attachments_ = source; }

  // Claims up to batch_size due rows, sends each, and records the outcome. Errors are database
  // errors only (a failed send is an outcome, counted in the stats). Thread-safe.
  core::Result<OutboxRunStats> RunOnce();

  // Runs RunOnce in a background thread: again at once while a batch was full, else after
  // poll_interval (or Wake()). Idempotent.
  void Start();
  // Asks the loop to wake now (e.g. right after a commit that enqueued an email).
  void Wake();
  // Stops the loop and joins the thread; an email being sent is finished first. Idempotent.
  void Stop();

 private:
  void Loop();
  // Sends one claimed row (loading its bodies from the KV store when they live there).
  core::Status SendRow(const OutboxRow& row);

  store::Database& db_;
  EmailSender& sender_;
  const core::Clock& clock_;
  OutboxWorkerOptions options_;
  OutboxBodyStore* bodies_;
  AttachmentSource* attachments_ = nullptr;

  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;   // guarded by mu_
  bool woken_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace leados::notify
