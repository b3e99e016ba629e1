#pragma once
// QueueSignalSink: the default SignalSink of `leados serve` — each new signal is published as
// ingest::SignalToJson on the queue topic "signals" (the pipeline consumes it). Signals carry
// personal data: they go to the queue, never to SQL. Thread-safe when the queue is.

#include <string_view>

#include "ingest/signal_sink.h"
#include "store/queue.h"

namespace leados::app {

inline constexpr std::string_view kSignalsTopic = "signals";

class QueueSignalSink final : public ingest::SignalSink {
 public:
  // `queue` must outlive the sink.
  explicit QueueSignalSink(store::Queue& queue) : queue_(queue) {}
  // Errors: the queue's (kUnavailable when it cannot be reached).
  core::Status Accept(const ingest::Signal& s) override;

 private:
  store::Queue& queue_;
};

}  // namespace leados::app
