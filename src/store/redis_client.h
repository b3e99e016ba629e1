#pragma once
// Internal to src/store: a thread-safe Redis client over hiredis with a small connection pool.
// Commands are argv vectors (binary-safe); a connection that fails with an I/O error is dropped
// and the command is tried once more on a fresh connection. hiredis stays inside redis_client.cc.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace leados::store::internal {

// A decoded reply. Error replies never appear here: they become core::Error.
struct RedisReply {
  enum class Type { kNil, kString, kInteger, kArray, kStatus };
  Type type = Type::kNil;
  std::string str;  // kString, kStatus
  int64_t integer = 0;
  std::vector<RedisReply> elements;  // kArray

  bool is_nil() const { return type == Type::kNil; }
};

// The parts of "redis://[[user]:password@]host[:port][/db]".
struct RedisUrl {
  std::string host;
  int port = 6379;
  int db = 0;
  std::string user;
  std::string password;
};
core::Result<RedisUrl> ParseRedisUrl(std::string_view url);

class RedisClient {
 public:
  // Connects `pool_size` connections now; kUnavailable when the server cannot be reached,
  // kInvalidArgument for a malformed URL.
  static core::Result<std::unique_ptr<RedisClient>> Open(std::string_view url, size_t pool_size);
  ~RedisClient();

  // Runs one command. A Redis error reply becomes kInternal with Redis's message (callers match
  // on its prefix, e.g. "BUSYGROUP"); "not an integer" becomes kFailedPrecondition.
  core::Result<RedisReply> Command(const std::vector<std::string>& argv);
  // EVAL script with keys and args.
  core::Result<RedisReply> Eval(std::string_view script, const std::vector<std::string>& keys,
                                const std::vector<std::string>& args);

 private:
  struct Impl;
  explicit RedisClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace leados::store::internal
