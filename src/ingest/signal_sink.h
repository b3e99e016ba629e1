#pragma once
// SignalSink: where runners hand every new signal. The application's default sink publishes
// SignalToJson to the queue topic "signals" (src/app/sources_stack.cc); a sink may be wrapped to
// do more (a recent-signal window), and tests collect signals in memory.

#include "core/result.h"
#include "ingest/signal.h"

namespace leados::ingest {

class SignalSink {
 public:
  virtual ~SignalSink() = default;
  // Takes one new signal. Called from scheduler worker threads, concurrently: implementations
  // must be thread-safe. An error fails the run (the source is retried; the signal is not
  // marked as seen, so it is offered again).
  virtual core::Status Accept(const Signal& s) = 0;
};

}  // namespace leados::ingest
