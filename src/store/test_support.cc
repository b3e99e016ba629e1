#include "store/test_support.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <thread>

#include "core/crypto.h"
#include "core/encoding.h"

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

}  // namespace leados::store::testing
