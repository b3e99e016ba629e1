#pragma once
// The embedded KeyValue: SQLite tables in their own file (<data>/kv.db), so KV traffic (rate
// limits on every request, payload writes) does not queue behind the main database's writers.
// TTLs are checked against the injected clock on every read; expired rows stay on disk until
// SweepExpired removes them.

#include <filesystem>
#include <memory>

#include "core/clock.h"
#include "store/database.h"
#include "store/key_value.h"

namespace leados::store {

class EmbeddedKeyValue final : public KeyValue {
 public:
  // Use OpenEmbeddedKeyValue. `clock` must outlive this object.
  EmbeddedKeyValue(std::unique_ptr<Database> db, const core::Clock& clock);

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

  // Deletes expired entries, `batch` rows per statement so writers are never blocked for long;
  // returns how many it deleted. The app runs it every minute. Thread-safe.
  core::Result<int64_t> SweepExpired(size_t batch = 1000);

 private:
  std::unique_ptr<Database> db_;
  const core::Clock& clock_;
};

// Opens (creating it and its folder when missing) the KV file, e.g. <data>/kv.db, and brings its
// schema up to date. The same file may also hold the embedded queue.
core::Result<std::unique_ptr<EmbeddedKeyValue>> OpenEmbeddedKeyValue(
    const std::filesystem::path& path, const core::Clock& clock);

namespace internal {
// Opens an SQLite file with the KV/queue schema applied (shared by KV and queue).
core::Result<std::unique_ptr<Database>> OpenKvFile(const std::filesystem::path& path,
                                                   const core::Clock& clock);
}  // namespace internal

}  // namespace leados::store
