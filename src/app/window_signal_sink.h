#pragma once
// WindowSignalSink: the SignalSink `leados serve` gives ingest. Each new signal goes to the next
// sink (the queue topic "signals", where the pipeline takes it) and then into the supply scans'
// recent-signal window (campaigns::RecentSignals, in the payload store with its TTL).
// The window is best effort: when it cannot be written the signal still counts as taken (failing
// would make ingest offer it again and publish it twice); the failure is logged and counted in
// the metric leados_recent_window_errors_total. Thread-safe when both targets are.

#include "campaigns/recent_signals.h"
#include "core/metrics.h"
#include "ingest/signal_sink.h"

namespace leados::app {

class WindowSignalSink final : public ingest::SignalSink {
 public:
  // All three must outlive the sink.
  WindowSignalSink(ingest::SignalSink& next, campaigns::RecentSignals& window,
                   core::Metrics& metrics);
  // Errors: the next sink's.
  core::Status Accept(const ingest::Signal& s) override;

 private:
  ingest::SignalSink& next_;
  campaigns::RecentSignals& window_;
  core::Metrics& metrics_;
};

}  // namespace leados::app
