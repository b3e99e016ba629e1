#pragma once
// MemoryKeyValue: an in-process KeyValue for unit tests of other modules. Same contract as the
// real backends (TTL against the injected clock), nothing persists. Thread-safe.

#include <map>
#include <mutex>

#include "core/clock.h"
#include "store/key_value.h"

namespace leados::store {

class MemoryKeyValue final : public KeyValue {
 public:
  // `clock` must outlive this object (a core::ManualClock in tests).
  explicit MemoryKeyValue(const core::Clock& clock) : clock_(clock) {}

  core::Result<std::optional<std::string>> Get(std::string_view key) override;
  core::Status Put(std::string_view key, std::string_view value,
                   std::optional<core::Duration> ttl) override;
  core::Result<bool> PutIfAbsent(std::string_view key, std::string_view value,
                                 std::optional<core::Duration> ttl) override;
  core::Result<bool> Delete(std::string_view key) override;
  core::Result<std::vector<std::pair<std::string, std::string>>> ScanPrefix(std::string_view prefix,
                                                                            size_t limit) override;
  core::Result<int64_t> Increment(std::string_view key, int64_t by,
                                  std::optional<core::Duration> ttl_if_created) override;
  core::Result<TokenBucketResult> TakeTokens(std::string_view key, int64_t cost,
                                             double rate_per_second, int64_t burst,
                                             core::TimePoint now) override;
  core::Result<std::optional<core::Duration>> Ttl(std::string_view key) override;
  core::Status Ping() override { return core::Ok(); }

 private:
  struct Entry {
    std::string value;
    std::optional<core::TimePoint> expires;
  };
  // The live entry for key, or nullptr (an expired one is erased). Requires mu_.
  Entry* FindLive(std::string_view key);
  core::Result<std::optional<core::TimePoint>> ExpiryFor(std::optional<core::Duration> ttl) const;

  const core::Clock& clock_;
  std::mutex mu_;
  std::map<std::string, Entry, std::less<>> entries_;  // guarded by mu_
};

}  // namespace leados::store
