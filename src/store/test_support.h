#pragma once
// Helpers shared by the store tests: unique names, temporary folders, service URLs, waiting on a
// condition with a deadline.

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace leados::store::testing {

// A name no other test process uses at the same time: base + pid + counter + random hex.
// Lowercase letters, digits and '_' only, so it is a valid SQL identifier and queue topic.
std::string UniqueName(std::string_view base);

// A fresh folder under the system temp dir, removed on destruction.
class ScopedTempDir {
 public:
  ScopedTempDir();
  ~ScopedTempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The throwaway servers of scripts/test-services.sh; empty when unset.
std::string PgUrl();
std::string RedisUrl();

// Polls `done` every 10 ms until it returns true or `timeout` passes; returns its last answer.
bool WaitFor(const std::function<bool()>& done, std::chrono::milliseconds timeout);

}  // namespace leados::store::testing
