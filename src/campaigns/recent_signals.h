#pragma once
// RecentSignals: the recent-signal window that supply scans run over. It holds whole signals —
// personal data (author, text) — so it lives in the payload store (the KeyValue: Redis in
// production, the embedded KV by default), never in SQL, and every entry expires after at most
// seven days (kMaxKeep).
//
// Layout: signals are grouped by the UTC hour they were added. `recent:<YYYYMMDDHH>:n` is the
// hour's counter (KeyValue::Increment, so concurrent writers never collide) and
// `recent:<YYYYMMDDHH>:<seq>` holds SignalToJson of one signal. Both carry the TTL, so the
// window trims itself; reading walks the hours of the window, which needs no key listing (Redis
// SCAN walks the whole keyspace). Thread-safe when the KeyValue is.

#include <cstdint>
#include <functional>

#include "core/clock.h"
#include "core/result.h"
#include "ingest/signal.h"
#include "store/key_value.h"

namespace leados::campaigns {

class RecentSignals {
 public:
  static constexpr core::Duration kMaxKeep = std::chrono::hours(24 * 7);

  // `kv` and `clock` must outlive this object. `keep` is clamped to (0, kMaxKeep].
  RecentSignals(store::KeyValue& kv, const core::Clock& clock, core::Duration keep = kMaxKeep);

  // Adds one signal to the current hour. Errors: the KeyValue's.
  core::Status Append(const ingest::Signal& signal);

  // Calls `fn` for every signal added since `since` (whole hours: the hour containing `since` is
  // included), oldest hour first, at most `limit` signals. Entries that expired between reading
  // the counter and the entry are skipped; an entry that does not parse is skipped and counted in
  // `skipped` when given. Errors: the KeyValue's.
  core::Status ForEach(core::TimePoint since, size_t limit,
                       const std::function<void(ingest::Signal&&)>& fn,
                       int64_t* skipped = nullptr) const;

  core::Duration keep() const { return keep_; }

 private:
  store::KeyValue& kv_;
  const core::Clock& clock_;
  core::Duration keep_;
};

}  // namespace leados::campaigns
