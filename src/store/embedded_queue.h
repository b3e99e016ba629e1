#pragma once
// The embedded Queue: a table in the SQLite file <data>/kv.db (shared with the embedded KV).
// Visibility and delays are measured with the injected clock; a claim runs in one BEGIN IMMEDIATE
// transaction, so consumers in several threads or processes never get the same delivery twice.

#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>

#include "core/clock.h"
#include "core/ids.h"
#include "store/database.h"
#include "store/queue.h"

namespace leados::store {

class EmbeddedQueue final : public Queue {
 public:
  // Use OpenEmbeddedQueue. `clock` must outlive this object.
  EmbeddedQueue(std::unique_ptr<Database> db, const core::Clock& clock, QueueOptions options);

  core::Result<std::string> Enqueue(std::string_view topic, std::string_view body,
                                    core::Duration delay = {}) override;
  // Polls the table every 50 ms while waiting (other processes may enqueue) and wakes at once
  // for messages enqueued through this object.
  core::Result<std::vector<Message>> Claim(std::string_view topic, std::string_view consumer,
                                           size_t max, core::Duration visibility,
                                           core::Duration wait) override;
  core::Status Ack(std::string_view topic, std::string_view message_id) override;
  core::Status RetryLater(std::string_view topic, std::string_view message_id,
                          core::Duration delay) override;
  core::Result<std::vector<Message>> DeadLetters(std::string_view topic, size_t limit) override;
  core::Result<int64_t> Depth(std::string_view topic) override;
  core::Status Ping() override;

 private:
  core::Result<std::vector<Message>> ClaimOnce(std::string_view topic, std::string_view consumer,
                                               size_t max, core::Duration visibility);
  void Notify();

  std::unique_ptr<Database> db_;
  const core::Clock& clock_;
  const QueueOptions options_;
  core::IdGenerator ids_;
  std::mutex wake_mu_;
  std::condition_variable wake_;  // signalled when this object makes a message ready
  uint64_t wake_seq_ = 0;         // guarded by wake_mu_
};

// Opens (creating it when missing) the queue file, e.g. <data>/kv.db.
core::Result<std::unique_ptr<EmbeddedQueue>> OpenEmbeddedQueue(const std::filesystem::path& path,
                                                               const core::Clock& clock,
                                                               QueueOptions options = {});

}  // namespace leados::store
