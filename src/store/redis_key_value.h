#pragma once
// The Redis KeyValue: every key lives at "<prefix>kv:<key>" with Redis's own TTLs.

#include <memory>
#include <string>
#include <string_view>

#include "store/key_value.h"

namespace leados::store {

namespace internal {
class RedisClient;
}

class RedisKeyValue final : public KeyValue {
 public:
  // Use OpenRedisKeyValue.
  RedisKeyValue(std::unique_ptr<internal::RedisClient> client, std::string prefix);
  ~RedisKeyValue() override;

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
  core::Status Ping() override;

 private:
  std::string Key(std::string_view key) const;

  std::unique_ptr<internal::RedisClient> client_;
  const std::string prefix_;  // e.g. "leados:kv:"
};

// Connects to "redis://[[user]:password@]host[:port][/db]" with a pool of `pool_size`
// connections. `prefix` namespaces every key (default "leados:"; tests use a unique one).
core::Result<std::unique_ptr<RedisKeyValue>> OpenRedisKeyValue(std::string_view url,
                                                               std::string prefix = "leados:",
                                                               size_t pool_size = 4);

namespace internal {
// Escapes the glob characters * ? [ ] \ so that `text` matches itself in a SCAN MATCH pattern.
std::string EscapeGlob(std::string_view text);
}  // namespace internal

}  // namespace leados::store
