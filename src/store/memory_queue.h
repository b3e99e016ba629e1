#pragma once
// MemoryQueue: an in-process Queue for unit tests of other modules. Same contract as the real
// backends (visibility, delays and attempts against the injected clock); nothing persists.
// Thread-safe. Claim's `wait` is real time and ends early when a message is enqueued.

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>

#include "core/clock.h"
#include "core/ids.h"
#include "store/queue.h"

namespace leados::store {

class MemoryQueue final : public Queue {
 public:
  // `clock` must outlive this object.
  explicit MemoryQueue(const core::Clock& clock, QueueOptions options = {})
      : clock_(clock), options_(options), ids_(clock) {}

  core::Result<std::string> Enqueue(std::string_view topic, std::string_view body,
                                    core::Duration delay = {}) override;
  core::Result<std::vector<Message>> Claim(std::string_view topic, std::string_view consumer,
                                           size_t max, core::Duration visibility,
                                           core::Duration wait) override;
  core::Status Ack(std::string_view topic, std::string_view message_id) override;
  core::Status RetryLater(std::string_view topic, std::string_view message_id,
                          core::Duration delay) override;
  core::Result<std::vector<Message>> DeadLetters(std::string_view topic, size_t limit) override;
  core::Result<int64_t> Depth(std::string_view topic) override;
  core::Status Ping() override { return core::Ok(); }

 private:
  struct Entry {
    Message message;
    core::TimePoint visible_at;
  };
  struct Topic {
    std::map<uint64_t, Entry> live;  // by enqueue sequence
    std::deque<Message> dead;
  };
  std::vector<Message> ClaimLocked(Topic& t, std::string_view consumer, size_t max,
                                   core::Duration visibility);

  const core::Clock& clock_;
  const QueueOptions options_;
  core::IdGenerator ids_;
  std::mutex mu_;
  std::condition_variable changed_;
  std::map<std::string, Topic, std::less<>> topics_;  // guarded by mu_
  uint64_t next_seq_ = 0;                             // guarded by mu_
};

}  // namespace leados::store
