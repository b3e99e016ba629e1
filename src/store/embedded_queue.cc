#include "store/embedded_queue.h"

#include <chrono>

#include "store/embedded_key_value.h"

namespace leados::store {
namespace {

int64_t Millis(core::Duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

}  // namespace

EmbeddedQueue::EmbeddedQueue(std::unique_ptr<Database> db, const core::Clock& clock,
                             QueueOptions options)
    : db_(std::move(db)), clock_(clock), options_(options), ids_(clock) {}

void EmbeddedQueue::Notify() {
  {
    std::lock_guard lock(wake_mu_);
    ++wake_seq_;
  }
  wake_.notify_all();
}

core::Result<std::string> EmbeddedQueue::Enqueue(std::string_view topic, std::string_view body,
                                                 core::Duration delay) {
  if (auto st = internal::CheckTopic(topic); !st) return core::Fail(st.error());
  std::string id = ids_.NewId("msg");
  int64_t now = clock_.NowUnixMillis();
  auto r = db_->Exec(
      "INSERT INTO queue_messages (id, topic, body, enqueued_at, visible_at, attempts) "
      "VALUES (?, ?, ?, ?, ?, 0)",
      {id, std::string(topic), std::string(body), now, now + std::max<int64_t>(0, Millis(delay))});
  if (!r) return core::Fail(r.error());
  Notify();
  return id;
}

core::Result<std::vector<Message>> EmbeddedQueue::ClaimOnce(std::string_view topic,
                                                            std::string_view consumer, size_t max,
                                                            core::Duration visibility) {
  std::vector<Message> out;
  auto st = db_->Transact([&](SqlSession& s) -> core::Status {
    out.clear();
    int64_t now = clock_.NowUnixMillis();
    auto rows = s.Query(
        "SELECT id, body, attempts FROM queue_messages WHERE topic = ? AND dead_at IS NULL AND "
        "visible_at <= ? ORDER BY seq LIMIT ?",
        {std::string(topic), now, static_cast<int64_t>(max)});
    if (!rows) return core::Fail(rows.error());
    for (const Row& r : *rows) {
      int attempts = static_cast<int>(r.Int(2)) + 1;
      if (attempts > options_.max_attempts) {
        // Delivered max_attempts times and never acked (its consumers keep dying): dead letter.
        auto d = s.Exec("UPDATE queue_messages SET dead_at = ? WHERE id = ?", {now, r.Text(0)});
        if (!d) return core::Fail(d.error());
        continue;
      }
      auto u = s.Exec(
          "UPDATE queue_messages SET attempts = ?, claimed_by = ?, visible_at = ? WHERE id = ?",
          {int64_t{attempts}, std::string(consumer), now + Millis(visibility), r.Text(0)});
      if (!u) return core::Fail(u.error());
      out.push_back(Message{r.Text(0), std::string(topic), r.Text(1), attempts});
    }
    return core::Ok();
  });
  if (!st) return core::Fail(st.error());
  return out;
}

core::Result<std::vector<Message>> EmbeddedQueue::Claim(std::string_view topic,
                                                        std::string_view consumer, size_t max,
                                                        core::Duration visibility,
                                                        core::Duration wait) {
  if (auto st = internal::CheckTopic(topic); !st) return core::Fail(st.error());
  if (max == 0) return std::vector<Message>();
  if (visibility <= core::Duration::zero()) {
    return core::InvalidArgument("the visibility timeout must be positive");
  }
  // Real time bounds the wait; the injected clock decides what is visible.
  auto deadline = std::chrono::steady_clock::now() + wait;
  while (true) {
    uint64_t seen;
    {
      std::lock_guard lock(wake_mu_);
      seen = wake_seq_;
    }
    auto got = ClaimOnce(topic, consumer, max, visibility);
    if (!got || !got->empty()) return got;
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return got;
    std::unique_lock lock(wake_mu_);
    wake_.wait_until(lock, std::min(deadline, now + std::chrono::milliseconds(50)),
                     [&] { return wake_seq_ != seen; });
  }
}

core::Status EmbeddedQueue::Ack(std::string_view topic, std::string_view message_id) {
  if (auto st = internal::CheckTopic(topic); !st) return st;
  auto r = db_->Exec("DELETE FROM queue_messages WHERE topic = ? AND id = ? AND dead_at IS NULL",
                     {std::string(topic), std::string(message_id)});
  if (!r) return core::Fail(r.error());
  return core::Ok();
}

core::Status EmbeddedQueue::RetryLater(std::string_view topic, std::string_view message_id,
                                       core::Duration delay) {
  if (auto st = internal::CheckTopic(topic); !st) return st;
  auto st = db_->Transact([&](SqlSession& s) -> core::Status {
    auto rows = s.Query(
        "SELECT attempts FROM queue_messages WHERE topic = ? AND id = ? AND dead_at IS NULL",
        {std::string(topic), std::string(message_id)});
    if (!rows) return core::Fail(rows.error());
    if (rows->empty()) {
      return core::NotFound("no message " + std::string(message_id) + " in queue " +
                            std::string(topic) + " (acked, dead-lettered or never enqueued)");
    }
    int64_t now = clock_.NowUnixMillis();
    if ((*rows)[0].Int(0) >= options_.max_attempts) {
      auto d = s.Exec("UPDATE queue_messages SET dead_at = ? WHERE id = ?",
                      {now, std::string(message_id)});
      if (!d) return core::Fail(d.error());
      return core::Ok();
    }
    auto u = s.Exec("UPDATE queue_messages SET visible_at = ?, claimed_by = NULL WHERE id = ?",
                    {now + std::max<int64_t>(0, Millis(delay)), std::string(message_id)});
    if (!u) return core::Fail(u.error());
    return core::Ok();
  });
  if (st) Notify();
  return st;
}

core::Result<std::vector<Message>> EmbeddedQueue::DeadLetters(std::string_view topic,
                                                              size_t limit) {
  if (auto st = internal::CheckTopic(topic); !st) return core::Fail(st.error());
  auto rows = db_->Query(
      "SELECT id, body, attempts FROM queue_messages WHERE topic = ? AND dead_at IS NOT NULL "
      "ORDER BY dead_at, seq LIMIT ?",
      {std::string(topic), static_cast<int64_t>(limit)});
  if (!rows) return core::Fail(rows.error());
  std::vector<Message> out;
  for (const Row& r : *rows) {
    out.push_back(Message{r.Text(0), std::string(topic), r.Text(1), static_cast<int>(r.Int(2))});
  }
  return out;
}

core::Result<int64_t> EmbeddedQueue::Depth(std::string_view topic) {
  if (auto st = internal::CheckTopic(topic); !st) return core::Fail(st.error());
  auto rows = db_->Query("SELECT count(*) FROM queue_messages WHERE topic = ? AND dead_at IS NULL",
                         {std::string(topic)});
  if (!rows) return core::Fail(rows.error());
  return rows->empty() ? 0 : (*rows)[0].Int(0);
}

core::Status EmbeddedQueue::Ping() {
  return db_->Ping();
}

core::Result<std::unique_ptr<EmbeddedQueue>> OpenEmbeddedQueue(const std::filesystem::path& path,
                                                               const core::Clock& clock,
                                                               QueueOptions options) {
  if (options.max_attempts < 1) return core::InvalidArgument("max_attempts must be at least 1");
  auto db = internal::OpenKvFile(path, clock);
  if (!db) return core::Fail(db.error());
  return std::make_unique<EmbeddedQueue>(std::move(*db), clock, options);
}

}  // namespace leados::store
