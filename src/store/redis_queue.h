#pragma once
// The Redis Queue: one Redis Stream per topic with one consumer group, plus a sorted set for
// delayed messages and hashes for bodies and delivery counts (layout in README.md). Every
// operation is one Lua script, so it is atomic across any number of instances.

#include <memory>
#include <string>
#include <string_view>

#include "store/queue.h"

namespace leados::store {

namespace internal {
class RedisClient;
}

class RedisQueue final : public Queue {
 public:
  // Use OpenRedisQueue.
  RedisQueue(std::unique_ptr<internal::RedisClient> client, std::string prefix,
             QueueOptions options);
  ~RedisQueue() override;

  core::Result<std::string> Enqueue(std::string_view topic, std::string_view body,
                                    core::Duration delay = {}) override;
  // Moves due delayed messages into the stream, takes over deliveries whose visibility deadline
  // has passed (XCLAIM) and reads new ones (XREADGROUP); polls (10 ms growing to 200 ms) while
  // waiting.
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
  // KEYS for a topic's scripts: stream, delayed, bodies, attempts, locations, dead letters,
  // in-flight deadlines.
  std::vector<std::string> Keys(std::string_view topic) const;
  core::Result<std::vector<Message>> ClaimOnce(std::string_view topic, std::string_view consumer,
                                               size_t max, core::Duration visibility);

  std::unique_ptr<internal::RedisClient> client_;
  const std::string prefix_;
  const QueueOptions options_;
};

// Connects to "redis://host:port[/db]" (pool of `pool_size`); `prefix` namespaces every key.
core::Result<std::unique_ptr<RedisQueue>> OpenRedisQueue(std::string_view url,
                                                         std::string prefix = "leados:",
                                                         QueueOptions options = {},
                                                         size_t pool_size = 4);

}  // namespace leados::store
