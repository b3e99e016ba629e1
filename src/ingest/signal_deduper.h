#pragma once
// SignalDeduper: "the same item seen twice is one signal". Remembers each Signal::Key() in the
// key-value store (PutIfAbsent, key "ingest:seen:<Key()>", value "1") for a TTL, and hands only
// unseen signals to the sink. Keys are source ids ("hn:8863", "reddit:t3_…", a feed guid), not
// personal data. Seeing a known key again restarts its TTL, so an item that its source keeps
// listing (a job posting open for months) is never emitted twice; an item that disappears for
// longer than the TTL and comes back is emitted again.

#include <optional>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "ingest/signal.h"
#include "ingest/signal_sink.h"
#include "store/key_value.h"

namespace leados::ingest {

// Default TTL of the seen-set (ingest.dedupe_ttl_days): 90 days.
inline constexpr core::Duration kDefaultDedupeTtl = std::chrono::hours(24 * 90);

class SignalDeduper {
 public:
  // `kv` and `sink` must outlive the deduper. Thread-safe when they are.
  SignalDeduper(store::KeyValue& kv, SignalSink& sink, core::Duration ttl = kDefaultDedupeTtl);

  // Hands `s` to the sink unless its key was seen within the TTL. True when it was new (and
  // accepted). When the sink fails the key is forgotten again, so a retry offers it anew.
  // Errors: the key-value store's or the sink's.
  core::Result<bool> Offer(const Signal& s);

 private:
  store::KeyValue& kv_;
  SignalSink& sink_;
  const core::Duration ttl_;
};

}  // namespace leados::ingest
