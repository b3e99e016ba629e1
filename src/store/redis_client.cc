#include "store/redis_client.h"

#include <fmt/format.h>
#include <hiredis/hiredis.h>

#include <charconv>

#include "store/connection_pool.h"

namespace leados::store::internal {
namespace {

constexpr int kConnectTimeoutMs = 2000;
constexpr int kCommandTimeoutMs = 10000;

struct ContextCloser {
  void operator()(redisContext* c) const { redisFree(c); }
};
using Context = std::unique_ptr<redisContext, ContextCloser>;

struct ReplyFree {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};

timeval Tv(int ms) {
  return timeval{ms / 1000, (ms % 1000) * 1000};
}

RedisReply Decode(const redisReply* r) {
  RedisReply out;
  switch (r->type) {
    case REDIS_REPLY_STRING:
      out.type = RedisReply::Type::kString;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_STATUS:
      out.type = RedisReply::Type::kStatus;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_INTEGER:
      out.type = RedisReply::Type::kInteger;
      out.integer = r->integer;
      break;
    case REDIS_REPLY_ARRAY:
      out.type = RedisReply::Type::kArray;
      for (size_t i = 0; i < r->elements; ++i) out.elements.push_back(Decode(r->element[i]));
      break;
    default: out.type = RedisReply::Type::kNil;
  }
  return out;
}

}  // namespace

core::Result<RedisUrl> ParseRedisUrl(std::string_view url) {
  RedisUrl out;
  constexpr std::string_view kScheme = "redis://";
  if (!url.starts_with(kScheme)) {
    return core::InvalidArgument(
        fmt::format("Redis URL '{}' must look like redis://host:port[/db]", url));
  }
  std::string_view rest = url.substr(kScheme.size());
  if (auto at = rest.rfind('@'); at != std::string_view::npos) {
    std::string_view cred = rest.substr(0, at);
    rest = rest.substr(at + 1);
    if (auto colon = cred.find(':'); colon != std::string_view::npos) {
      out.user = std::string(cred.substr(0, colon));
      out.password = std::string(cred.substr(colon + 1));
    } else {
      out.password = std::string(cred);
    }
  }
  std::string_view hostport = rest;
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    hostport = rest.substr(0, slash);
    std::string_view db = rest.substr(slash + 1);
    if (!db.empty()) {
      auto [p, ec] = std::from_chars(db.data(), db.data() + db.size(), out.db);
      if (ec != std::errc() || p != db.data() + db.size() || out.db < 0) {
        return core::InvalidArgument(
            fmt::format("Redis URL '{}': the database must be a number", url));
      }
    }
  }
  if (auto colon = hostport.rfind(':'); colon != std::string_view::npos) {
    std::string_view port = hostport.substr(colon + 1);
    auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), out.port);
    if (ec != std::errc() || p != port.data() + port.size() || out.port <= 0 || out.port > 65535) {
      return core::InvalidArgument(fmt::format("Redis URL '{}': bad port", url));
    }
    hostport = hostport.substr(0, colon);
  }
  if (hostport.empty())
    return core::InvalidArgument(fmt::format("Redis URL '{}' has no host", url));
  out.host = std::string(hostport);
  return out;
}

struct RedisClient::Impl {
  explicit Impl(RedisUrl u, size_t pool_size)
      : url(std::move(u)), pool(pool_size, [this] { return Connect(); }) {}

  core::Result<std::unique_ptr<Context>> Connect() {
    Context c(redisConnectWithTimeout(url.host.c_str(), url.port, Tv(kConnectTimeoutMs)));
    if (c == nullptr || c->err != 0) {
      return core::Unavailable(fmt::format("cannot connect to Redis at {}:{}: {}", url.host,
                                           url.port, c ? c->errstr : "out of memory"));
    }
    redisSetTimeout(c.get(), Tv(kCommandTimeoutMs));
    auto ctx = std::make_unique<Context>(std::move(c));
    if (!url.password.empty()) {
      std::vector<std::string> auth{"AUTH"};
      if (!url.user.empty()) auth.push_back(url.user);
      auth.push_back(url.password);
      bool broken = false;
      auto r = Run(ctx->get(), auth, &broken);
      if (!r) return core::Unavailable("Redis AUTH failed: " + r.error().message);
    }
    if (url.db != 0) {
      bool broken = false;
      auto r = Run(ctx->get(), {"SELECT", std::to_string(url.db)}, &broken);
      if (!r) return core::Unavailable("Redis SELECT failed: " + r.error().message);
    }
    return ctx;
  }

  // Runs argv on one connection; sets *broken on I/O errors.
  static core::Result<RedisReply> Run(redisContext* c, const std::vector<std::string>& argv,
                                      bool* broken) {
    std::vector<const char*> ptrs;
    std::vector<size_t> lens;
    for (const auto& a : argv) {
      ptrs.push_back(a.data());
      lens.push_back(a.size());
    }
    std::unique_ptr<redisReply, ReplyFree> reply(static_cast<redisReply*>(
        redisCommandArgv(c, static_cast<int>(argv.size()), ptrs.data(), lens.data())));
    if (reply == nullptr) {
      *broken = true;
      return core::Unavailable(fmt::format("Redis connection failed: {}", c->errstr));
    }
    if (reply->type == REDIS_REPLY_ERROR) {
      std::string msg(reply->str, reply->len);
      if (msg.find("not an integer") != std::string::npos) {
        return core::Fail(core::ErrorCode::kFailedPrecondition,
                          "the value at this key is not an integer, so it cannot be incremented");
      }
      if (msg.starts_with("LOADING") || msg.starts_with("BUSY ") || msg.starts_with("MASTERDOWN")) {
        return core::Unavailable("Redis is not ready: " + msg);
      }
      return core::Internal("redis: " + msg);
    }
    return Decode(reply.get());
  }

  RedisUrl url;
  ConnectionPool<Context> pool;
};

RedisClient::RedisClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RedisClient::~RedisClient() = default;

core::Result<std::unique_ptr<RedisClient>> RedisClient::Open(std::string_view url,
                                                             size_t pool_size) {
  auto parsed = ParseRedisUrl(url);
  if (!parsed) return core::Fail(parsed.error());
  auto impl = std::make_unique<Impl>(std::move(*parsed), pool_size);
  if (auto st = impl->pool.Fill(); !st) return core::Fail(st.error());
  return std::unique_ptr<RedisClient>(new RedisClient(std::move(impl)));
}

core::Result<RedisReply> RedisClient::Command(const std::vector<std::string>& argv) {
  // A pooled connection may have been closed by the server (restart, idle timeout) since its
  // last use: on an I/O error drop it and try once more on a fresh one.
  core::Result<RedisReply> result = core::Unavailable("Redis: no attempt made");
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto lease = impl_->pool.Acquire();
    if (!lease) return core::Fail(lease.error());
    bool broken = false;
    result = Impl::Run((**lease).get(), argv, &broken);
    if (!broken) return result;
    lease->MarkBroken();
  }
  return result;
}

core::Result<RedisReply> RedisClient::Eval(std::string_view script,
                                           const std::vector<std::string>& keys,
                                           const std::vector<std::string>& args) {
  std::vector<std::string> argv{"EVAL", std::string(script), std::to_string(keys.size())};
  argv.insert(argv.end(), keys.begin(), keys.end());
  argv.insert(argv.end(), args.begin(), args.end());
  return Command(argv);
}

}  // namespace leados::store::internal
