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
}  // namespace internal

}  // namespace leados::store
