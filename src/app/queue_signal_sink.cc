#include "app/queue_signal_sink.h"

namespace leados::app {

core::Status QueueSignalSink::Accept(const ingest::Signal& s) {
  auto id = queue_.Enqueue(kSignalsTopic, core::ToJson(ingest::SignalToJson(s)));
  if (!id) return core::Fail(id.error());
  return core::Ok();
}

}  // namespace leados::app
