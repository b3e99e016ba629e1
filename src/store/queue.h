#pragma once
// Queue: durable, at-least-once work queues by topic (ingest, pipeline, delivery, email).
// Backends: embedded (SQLite file kv.db), Redis Streams, and MemoryQueue for unit tests.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace leados::store {

struct QueueOptions {
  // Deliveries a message gets before it moves to its topic's dead-letter list: RetryLater on the
  // max_attempts-th delivery, or a visibility timeout after it, dead-letters it.
  int max_attempts = 8;
};

struct Message {
  std::string id;  // stable across redeliveries; give it back to Ack/RetryLater
  std::string topic;
  std::string body;
  int attempts = 0;  // deliveries so far, including this one (1 on the first delivery)
};

// Every method is thread-safe. Topics are non-empty names of letters, digits and "._-:"
// (kInvalidArgument otherwise). A consumer handles a message and then Acks it; a consumer that
// crashes or takes longer than the visibility timeout lets the message go to another consumer, so
// handlers must be idempotent.
class Queue {
 public:
  virtual ~Queue() = default;

  // Adds a message, claimable after `delay`; returns its id.
  virtual core::Result<std::string> Enqueue(std::string_view topic, std::string_view body,
                                            core::Duration delay = {}) = 0;
  // Claims up to `max` visible messages for `consumer`, oldest first. Each stays invisible to
  // other claims for `visibility`; unacked after that, it is delivered again (to any consumer).
  // When none is ready, waits up to `wait` (real time) for one; returns an empty list then.
  virtual core::Result<std::vector<Message>> Claim(std::string_view topic,
                                                   std::string_view consumer, size_t max,
                                                   core::Duration visibility,
                                                   core::Duration wait) = 0;
  // Removes a delivered message for good. Acking an unknown or already-acked id is a no-op.
  virtual core::Status Ack(std::string_view topic, std::string_view message_id) = 0;
  // Gives a delivered message back, claimable again after `delay`; when it has already been
  // delivered max_attempts times it goes to the dead-letter list instead. kNotFound for an id
  // that is not in the queue (acked, dead-lettered or never enqueued).
  virtual core::Status RetryLater(std::string_view topic, std::string_view message_id,
                                  core::Duration delay) = 0;
  // The oldest `limit` dead letters of a topic (attempts = deliveries it had).
  virtual core::Result<std::vector<Message>> DeadLetters(std::string_view topic, size_t limit) = 0;
  // Messages not yet acked or dead-lettered: ready, delayed and in flight (for /metrics).
  virtual core::Result<int64_t> Depth(std::string_view topic) = 0;
  // kUnavailable when the backend cannot be reached (for /readyz).
  virtual core::Status Ping() = 0;
};

namespace internal {
core::Status CheckTopic(std::string_view topic);
}  // namespace internal

}  // namespace leados::store
