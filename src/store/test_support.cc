#include "store/test_support.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <thread>

#include "core/crypto.h"
#include "core/encoding.h"
#include "store/migrations.h"
#include "store/redis_key_value.h"

namespace leados::store::testing {

std::string UniqueName(std::string_view base) {
  static std::atomic<int> counter{0};
  return std::string(base) + "_" + std::to_string(getpid()) + "_" + std::to_string(++counter) +
         "_" + core::HexEncode(core::RandomBytes(3));
}

ScopedTempDir::ScopedTempDir()
    : path_(std::filesystem::temp_directory_path() / UniqueName("leados_store")) {
  std::filesystem::create_directories(path_);
}

ScopedTempDir::~ScopedTempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string PgUrl() {
  const char* v = std::getenv("LEADOS_TEST_PG_URL");
  return v != nullptr ? v : "";
}

core::Result<std::unique_ptr<KeyValue>> FreshRedisKeyValue() {
  const std::string url = RedisUrl();
  if (url.empty()) return core::Unavailable("LEADOS_TEST_REDIS_URL is not set");
  auto kv = OpenRedisKeyValue(url, "test:" + UniqueName("kv") + ":");
  if (!kv) return core::Fail(kv.error());
  return std::unique_ptr<KeyValue>(std::move(*kv));
}

std::string RedisUrl() {
  const char* v = std::getenv("LEADOS_TEST_REDIS_URL");
  return v != nullptr ? v : "";
}

bool WaitFor(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (done()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return done();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

core::Result<std::unique_ptr<FreshDatabase>> FreshDatabase::Open(Dialect dialect,
                                                                 const core::Clock& clock,
                                                                 size_t pool_size) {
  std::unique_ptr<FreshDatabase> fresh(new FreshDatabase());
  if (dialect == Dialect::kSqlite) {
    fresh->sqlite_file_ = fresh->dir_.path() / "leados.db";
    auto db = OpenSqliteDatabase(fresh->sqlite_file_, pool_size);
    if (!db) return core::Fail(db.error());
    fresh->db_ = std::move(*db);
  } else {
    const std::string url = PgUrl();
    if (url.empty()) {
      return core::Unavailable(
          "LEADOS_TEST_PG_URL is not set (run under scripts/test-services.sh)");
    }
    auto admin = OpenPostgresDatabase(url, 1);
    if (!admin) return core::Fail(admin.error());
    fresh->schema_ = UniqueName("t");
    if (auto made = (*admin)->Exec("CREATE SCHEMA " + fresh->schema_); !made) {
      return core::Fail(made.error());
    }
    fresh->admin_ = std::move(*admin);
    auto db =
        OpenPostgresDatabase(url + " options='-csearch_path=" + fresh->schema_ + "'", pool_size);
    if (!db) return core::Fail(db.error());
    fresh->db_ = std::move(*db);
  }
  if (auto migrated = Migrate(*fresh->db_, clock); !migrated) return core::Fail(migrated.error());
  return fresh;
}

FreshDatabase::~FreshDatabase() {
  db_.reset();
  if (admin_) (void)admin_->Exec("DROP SCHEMA " + schema_ + " CASCADE");
}

}  // namespace leados::store::testing
