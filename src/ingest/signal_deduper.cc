#include "ingest/signal_deduper.h"

namespace leados::ingest {

SignalDeduper::SignalDeduper(store::KeyValue& kv, SignalSink& sink, core::Duration ttl)
    : kv_(kv), sink_(sink), ttl_(ttl) {}

core::Result<bool> SignalDeduper::Offer(const Signal& s) {
  const std::string key = "ingest:seen:" + s.Key();
  auto fresh = kv_.PutIfAbsent(key, "1", ttl_);
  if (!fresh) return core::Fail(fresh.error());
  if (!*fresh) {
    // Still listed by its source: keep remembering it.
    if (auto refreshed = kv_.Put(key, "1", ttl_); !refreshed) return core::Fail(refreshed.error());
    return false;
  }
  if (auto accepted = sink_.Accept(s); !accepted) {
    (void)kv_.Delete(key);
    return core::Fail(accepted.error());
  }
  return true;
}

}  // namespace leados::ingest
