#pragma once
// KeyValue: a small key-value store with per-key TTLs, used for lead payloads, fingerprints
// (PutIfAbsent), rate limits (Increment) and caches. Backends: embedded (SQLite file kv.db),
// Redis, and MemoryKeyValue for unit tests.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace leados::store {

// What one TakeTokens call decided.
struct TokenBucketResult {
  bool allowed = false;
  int64_t remaining = 0;         // whole tokens left in the bucket after this call
  core::Duration retry_after{};  // zero when allowed; else when `cost` tokens will be there
  core::Duration reset{};        // when the bucket will be full again (nothing taken meanwhile)
};

// Every method is thread-safe. Keys are non-empty byte strings (kInvalidArgument otherwise);
// values are byte strings. A TTL must be at least 1 ms (shorter ones are rounded up; zero or
// negative is kInvalidArgument). An expired key behaves exactly like a missing one.
// A backend that cannot be reached returns kUnavailable.
class KeyValue {
 public:
  virtual ~KeyValue() = default;

  // The value, or nullopt when the key is missing or expired.
  virtual core::Result<std::optional<std::string>> Get(std::string_view key) = 0;
  // Sets the value; `ttl` nullopt means it never expires (an existing TTL is removed).
  virtual core::Status Put(std::string_view key, std::string_view value,
                           std::optional<core::Duration> ttl) = 0;
  // Sets the value only if the key is missing or expired (Redis SET NX). True when this call set
  // it; exactly one of any number of concurrent callers wins.
  virtual core::Result<bool> PutIfAbsent(std::string_view key, std::string_view value,
                                         std::optional<core::Duration> ttl) = 0;
  // Removes the key; true when it existed (and had not expired).
  virtual core::Result<bool> Delete(std::string_view key) = 0;
  // Live entries whose key starts with `prefix`, sorted by key, at most `limit` of them (the
  // `limit` smallest keys). On Redis this walks the keyspace with SCAN: use it for maintenance
  // and small namespaces, not on hot paths.
  virtual core::Result<std::vector<std::pair<std::string, std::string>>> ScanPrefix(
      std::string_view prefix, size_t limit) = 0;
  // Adds `by` to the integer stored at key atomically and returns the new value. A missing or
  // expired key counts as 0 and then gets `ttl_if_created` (nullopt: no TTL); an existing key
  // keeps its TTL. kFailedPrecondition when the stored value is not a base-10 integer.
  virtual core::Result<int64_t> Increment(std::string_view key, int64_t by,
                                          std::optional<core::Duration> ttl_if_created) = 0;
  // A token bucket at `key`: it holds at most `burst` tokens, starts full, and refills at
  // `rate_per_second` (fractions allowed). Takes `cost` tokens when that many are there
  // (allowed), else takes nothing (refused, with the wait in retry_after). `now` is the caller's
  // clock: buckets shared by several instances assume their clocks agree (NTP); a clock behind
  // the last one seen refills nothing, so skew never over-admits. Atomic on every backend: any
  // number of concurrent callers, threads or processes never take more than the bucket allows.
  // The state expires once the bucket would be full again (then it is the same as missing).
  // kInvalidArgument unless 1 <= cost <= burst and rate_per_second > 0; kFailedPrecondition
  // when the value at `key` is not a bucket.
  virtual core::Result<TokenBucketResult> TakeTokens(std::string_view key, int64_t cost,
                                                     double rate_per_second, int64_t burst,
                                                     core::TimePoint now) = 0;
  // The time left before the key expires; nullopt when the key has no TTL or does not exist
  // (use Get to tell those apart).
  virtual core::Result<std::optional<core::Duration>> Ttl(std::string_view key) = 0;
  // kUnavailable when the backend cannot be reached (for /readyz).
  virtual core::Status Ping() = 0;
};

namespace internal {
// Shared argument checks; the backends call them first.
core::Status CheckKey(std::string_view key);
// The TTL in whole milliseconds (>= 1), or kInvalidArgument for zero/negative.
core::Result<int64_t> TtlMillis(core::Duration ttl);

// One token-bucket step on the stored state ("<tokens> <last ms>", nullopt when missing), the
// arithmetic every backend shares (the Redis Lua script repeats it). Returns the decision, the
// state to store and its TTL in ms (>= 1). Checks the arguments (see KeyValue::TakeTokens).
struct TokenBucketStep {
  TokenBucketResult result;
  std::string state;
  int64_t ttl_ms = 1;
};
core::Status CheckTokenBucket(int64_t cost, double rate_per_second, int64_t burst);
core::Result<TokenBucketStep> StepTokenBucket(const std::optional<std::string>& state, int64_t cost,
                                              double rate_per_second, int64_t burst,
                                              int64_t now_ms);
}  // namespace internal

}  // namespace leados::store
