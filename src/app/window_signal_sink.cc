#include "app/window_signal_sink.h"

#include "core/log.h"

namespace leados::app {

WindowSignalSink::WindowSignalSink(ingest::SignalSink& next, campaigns::RecentSignals& window,
                                   core::Metrics& metrics)
    : next_(next), window_(window), metrics_(metrics) {}

core::Status WindowSignalSink::Accept(const ingest::Signal& s) {
  if (auto st = next_.Accept(s); !st) return st;
  if (auto st = window_.Append(s); !st) {
    metrics_
        .Counter("leados_recent_window_errors_total",
                 "Signals that could not be added to the supply scans' recent-signal window.")
        .Inc();
    core::log::Warn("recent_window.append_failed", {{"error", st.error().message}});
  }
  return core::Status();
}

}  // namespace leados::app
