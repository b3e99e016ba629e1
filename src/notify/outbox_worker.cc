#include "notify/outbox_worker.h"

#include <fmt/format.h>

#include "core/log.h"
#include "notify/outbox.h"
#include "notify/outbox_sql.h"

namespace leados::notify {

OutboxWorker::OutboxWorker(store::Database& db, EmailSender& sender, const core::Clock& clock,
                           OutboxWorkerOptions options, OutboxBodyStore* bodies)
    : db_(db), sender_(sender), clock_(clock), options_(std::move(options)), bodies_(bodies) {}

OutboxWorker::~OutboxWorker() {
  Stop();
}

core::Result<OutboxRunStats> OutboxWorker::RunOnce() {
  OutboxRunStats stats;
  std::vector<OutboxRow> claimed;
  const int64_t now = clock_.NowUnixMillis();
  const int64_t lease_until = now + options_.lease.count();
  // Claim: due pending rows, and `sending` rows whose lease ran out (their worker died).
  auto claim = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    claimed.clear();
    std::string sql = std::string(kSelectOutboxColumns) +
                      " WHERE status IN ('pending', 'sending') AND next_attempt_at <= ?" +
                      std::string(bodies_ == nullptr ? " AND body_in_kv = 0" : "") +
                      std::string(attachments_ == nullptr ? " AND attachment_refs = ''" : "") +
                      " ORDER BY next_attempt_at, id LIMIT ?";
    // SQLite: Transact's BEGIN IMMEDIATE already serialises writers.
    if (tx.dialect() == store::Dialect::kPostgres) sql += " FOR UPDATE SKIP LOCKED";
    auto rows = tx.Query(sql, {now, static_cast<int64_t>(options_.batch_size)});
    if (!rows) return core::Fail(rows.error());
    for (const auto& r : *rows) {
      OutboxRow row = OutboxRowFrom(r);
      auto updated = tx.Exec(
          "UPDATE notify_outbox SET status = 'sending', attempts = attempts + 1, "
          "next_attempt_at = ? WHERE id = ?",
          {lease_until, row.id});
      if (!updated) return core::Fail(updated.error());
      row.attempts += 1;
      row.status = "sending";
      claimed.push_back(std::move(row));
    }
    return core::Ok();
  });
  if (!claim) return core::Fail(claim.error());
  stats.claimed = static_cast<int>(claimed.size());

  for (const auto& row : claimed) {
    core::Status sent = SendRow(row);
    const int64_t done_at = clock_.NowUnixMillis();
    core::Result<int64_t> recorded;
    if (sent) {
      recorded = db_.Exec(
          // The bodies go once sent: they may hold one-time links (password reset) that must
          // not sit in the database or its backups. Subject, recipient and template stay.
          "UPDATE notify_outbox SET status = 'sent', sent_at = ?, last_error = NULL, "
          "body_text = '', body_html = '' WHERE id = ? AND status = 'sending'",
          {done_at, row.id});
      ++stats.sent;
      if (row.body_in_kv && recorded) {
        // After the row says sent: a crash in between leaves the body to its TTL, not a row that
        // would be sent again without one.
        if (auto deleted = bodies_->Delete(row.id); !deleted) {
          core::log::Warn("notify.body_delete_failed",
                          {{"email_id", row.id}, {"error", deleted.error().message}});
        }
      }
      core::log::Info(
          "notify.email_sent",
          {{"email_id", row.id}, {"template", row.email.template_name}, {"attempt", row.attempts}});
    } else {
      const core::Error& error = sent.error();
      std::string message = fmt::format("{}: {}", core::CodeName(error.code), error.message);
      const size_t retries_used = static_cast<size_t>(row.attempts - 1);
      const bool retry = IsTransient(error) && retries_used < options_.retry_delays.size();
      if (retry) {
        const int64_t next = done_at + options_.retry_delays[retries_used].count();
        recorded = db_.Exec(
            "UPDATE notify_outbox SET status = 'pending', next_attempt_at = ?, last_error = ? "
            "WHERE id = ? AND status = 'sending'",
            {next, message, row.id});
        ++stats.retried;
        core::log::Warn("notify.email_retry", {{"email_id", row.id},
                                               {"attempt", row.attempts},
                                               {"next_attempt_at", next},
                                               {"error", message}});
      } else {
        recorded = db_.Exec(
            "UPDATE notify_outbox SET status = 'failed', last_error = ? "
            "WHERE id = ? AND status = 'sending'",
            {message, row.id});
        ++stats.failed;
        if (row.body_in_kv) (void)bodies_->Delete(row.id);  // nothing will read it again
        core::log::Error("notify.email_failed", {{"email_id", row.id},
                                                 {"template", row.email.template_name},
                                                 {"attempt", row.attempts},
                                                 {"error", message}});
      }
    }
    if (!recorded) return core::Fail(recorded.error());
  }
  return stats;
}

core::Status OutboxWorker::SendRow(const OutboxRow& row) {
  if (!row.body_in_kv && row.email.attachment_refs.empty()) return sender_.Send(row.email);
  Email email = row.email;
  if (row.body_in_kv) {
    auto body = bodies_->Get(row.id);
    if (!body) return core::Unavailable("the email body cannot be read: " + body.error().message);
    if (!*body) {
      return core::Fail(core::ErrorCode::kNotFound,
                        "the email body expired from the KV store before it was sent");
    }
    email.text = std::move((*body)->text);
    email.html = std::move((*body)->html);
  }
  for (const auto& ref : row.email.attachment_refs) {
    auto file = attachments_->Load(email, ref);
    if (!file) {
      // Only a file that will not appear fails the email; anything else is tried again.
      const auto code = file.error().code == core::ErrorCode::kNotFound
                            ? core::ErrorCode::kNotFound
                            : core::ErrorCode::kUnavailable;
      return core::Fail(code, fmt::format("attachment {}: {}", ref, file.error().message));
    }
    email.attachments.push_back(std::move(*file));
  }
  return sender_.Send(email);
}

void OutboxWorker::Start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void OutboxWorker::Wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void OutboxWorker::Stop() {
  std::thread thread;
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    thread = std::move(thread_);
  }
  cv_.notify_all();
  if (thread.joinable()) thread.join();
}

void OutboxWorker::Loop() {
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (stop_) return;
      woken_ = false;
    }
    auto stats = RunOnce();
    bool more = false;
    if (!stats) {
      core::log::Error("notify.worker_error", {{"error", stats.error().message}});
    } else {
      more = stats->claimed >= options_.batch_size;
    }
    std::unique_lock lock(mu_);
    if (stop_) return;
    if (!more) {
      // Real-time pacing of the loop only; every due-ness decision uses the injected clock.
      cv_.wait_for(lock, options_.poll_interval, [this] { return stop_ || woken_; });
    }
  }
}

}  // namespace leados::notify
