#include "store/redis_queue.h"

#include <fmt/format.h>

#include <chrono>
#include <thread>

#include "core/crypto.h"
#include "core/encoding.h"
#include "store/redis_client.h"

namespace leados::store {
namespace {

constexpr std::string_view kGroup = "workers";

// Common prologue: the consumer group exists (created at the stream's start), `now` is the
// server's clock in milliseconds, so every instance agrees on time.
#define LEADOS_LUA_PROLOGUE                                                \
  "redis.pcall('XGROUP', 'CREATE', KEYS[1], 'workers', '0', 'MKSTREAM')\n" \
  "local t = redis.call('TIME')\n"                                         \
  "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n"

// KEYS: stream delayed bodies attempts locations dlq inflight. ARGV: id body delay_ms.
constexpr std::string_view kEnqueueScript = LEADOS_LUA_PROLOGUE R"lua(
redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
local delay = tonumber(ARGV[3])
if delay > 0 then
  redis.call('ZADD', KEYS[2], now + delay, ARGV[1])
else
  redis.call('XADD', KEYS[1], '*', 'id', ARGV[1])
end
return 1
)lua";

// ARGV: consumer max visibility_ms max_attempts. Returns a flat list id, body, attempts, ...
constexpr std::string_view kClaimScript = LEADOS_LUA_PROLOGUE R"lua(
local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 1000)
for _, id in ipairs(due) do
  redis.call('ZREM', KEYS[2], id)
  if redis.call('HEXISTS', KEYS[3], id) == 1 then
    redis.call('XADD', KEYS[1], '*', 'id', id)
  end
end
local max = tonumber(ARGV[2])
local entries = {}
-- Deliveries whose visibility timeout has passed go to this consumer (XCLAIM, forced).
local expired = redis.call('ZRANGEBYSCORE', KEYS[7], '-inf', now, 'LIMIT', 0, max)
for _, id in ipairs(expired) do
  redis.call('ZREM', KEYS[7], id)
  local sid = redis.call('HGET', KEYS[5], id)
  if sid then
    local c = redis.call('XCLAIM', KEYS[1], 'workers', ARGV[1], 0, sid)
    if c[1] and c[1][2] then table.insert(entries, c[1]) end
  end
end
if #entries < max then
  local fresh = redis.call('XREADGROUP', 'GROUP', 'workers', ARGV[1], 'COUNT', max - #entries,
                           'STREAMS', KEYS[1], '>')
  if fresh then
    for _, e in ipairs(fresh[1][2]) do table.insert(entries, e) end
  end
end
local out = {}
for _, e in ipairs(entries) do
  local sid = e[1]
  local id = e[2] and e[2][2]
  local body = id and redis.call('HGET', KEYS[3], id)
  if not body then
    -- Acked or dead-lettered while pending: drop the orphan entry.
    redis.call('XACK', KEYS[1], 'workers', sid)
    redis.call('XDEL', KEYS[1], sid)
  else
    local n = redis.call('HINCRBY', KEYS[4], id, 1)
    if n > tonumber(ARGV[4]) then
      redis.call('XADD', KEYS[6], '*', 'id', id, 'body', body, 'attempts', n - 1)
      redis.call('XACK', KEYS[1], 'workers', sid)
      redis.call('XDEL', KEYS[1], sid)
      redis.call('HDEL', KEYS[3], id)
      redis.call('HDEL', KEYS[4], id)
      redis.call('HDEL', KEYS[5], id)
      redis.call('ZREM', KEYS[7], id)
    else
      redis.call('HSET', KEYS[5], id, sid)
      redis.call('ZADD', KEYS[7], now + tonumber(ARGV[3]), id)
      table.insert(out, id)
      table.insert(out, body)
      table.insert(out, n)
    end
  end
end
return out
)lua";

// ARGV: id.
constexpr std::string_view kAckScript = LEADOS_LUA_PROLOGUE R"lua(
local sid = redis.call('HGET', KEYS[5], ARGV[1])
if sid then
  redis.call('XACK', KEYS[1], 'workers', sid)
  redis.call('XDEL', KEYS[1], sid)
end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[7], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('HDEL', KEYS[4], ARGV[1])
redis.call('HDEL', KEYS[5], ARGV[1])
return 1
)lua";

// ARGV: id delay_ms max_attempts. Returns 0 not found, 1 delayed, 2 dead-lettered.
constexpr std::string_view kRetryScript = LEADOS_LUA_PROLOGUE R"lua(
local body = redis.call('HGET', KEYS[3], ARGV[1])
if not body then return 0 end
local sid = redis.call('HGET', KEYS[5], ARGV[1])
if sid then
  redis.call('XACK', KEYS[1], 'workers', sid)
  redis.call('XDEL', KEYS[1], sid)
  redis.call('HDEL', KEYS[5], ARGV[1])
end
redis.call('ZREM', KEYS[7], ARGV[1])
local n = tonumber(redis.call('HGET', KEYS[4], ARGV[1]) or '0')
if n >= tonumber(ARGV[3]) then
  redis.call('XADD', KEYS[6], '*', 'id', ARGV[1], 'body', body, 'attempts', n)
  redis.call('ZREM', KEYS[2], ARGV[1])
  redis.call('HDEL', KEYS[3], ARGV[1])
  redis.call('HDEL', KEYS[4], ARGV[1])
  return 2
end
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[1])
return 1
)lua";

#undef LEADOS_LUA_PROLOGUE

int64_t Millis(core::Duration d) {
  return std::max<int64_t>(0, std::chrono::duration_cast<std::chrono::milliseconds>(d).count());
}

}  // namespace

RedisQueue::RedisQueue(std::unique_ptr<internal::RedisClient> client, std::string prefix,
                       QueueOptions options)
    : client_(std::move(client)), prefix_(std::move(prefix)), options_(options) {}

RedisQueue::~RedisQueue() = default;

std::vector<std::string> RedisQueue::Keys(std::string_view topic) const {
  // The {topic} hash tag keeps a topic's keys in one slot, should this ever run on a cluster.
  std::string base = fmt::format("{}q:{{{}}}:", prefix_, topic);
  return {base + "stream",    base + "delayed", base + "bodies",  base + "attempts",
          base + "locations", base + "dlq",     base + "inflight"};
}

core::Result<std::string> RedisQueue::Enqueue(std::string_view topic, std::string_view body,
                                              core::Duration delay) {
  if (auto st = internal::CheckTopic(topic); !st) return core::Fail(st.error());
  std::string id = "msg_" + core::HexEncode(core::RandomBytes(12));
  auto r = client_->Eval(kEnqueueScript, Keys(topic),
                         {id, std::string(body), std::to_string(Millis(delay))});
  if (!r) return core::Fail(r.error());
  return id;
}

core::Result<std::vector<Message>> RedisQueue::ClaimOnce(std::string_view topic,
                                                         std::string_view consumer, size_t max,
                                                         core::Duration visibility) {
  auto r = client_->Eval(kClaimScript, Keys(topic),
                         {std::string(consumer), std::to_string(max),
                          std::to_string(std::max<int64_t>(1, Millis(visibility))),
                          std::to_string(options_.max_attempts)});
  if (!r) return core::Fail(r.error());
  std::vector<Message> out;
  const auto& e = r->elements;
  for (size_t i = 0; i + 3 <= e.size(); i += 3) {
    out.push_back(
        Message{e[i].str, std::string(topic), e[i + 1].str, static_cast<int>(e[i + 2].integer)});
  }
  return out;
}

core::Result<std::vector<Message>> RedisQueue::Claim(std::string_view topic,
                                                     std::string_view consumer, size_t max,
                                                     core::Duration visibility,
                                                     core::Duration wait) {
  if (auto st = internal::CheckTopic(topic); !st) return core::Fail(st.error());
  if (max == 0) return std::vector<Message>();
  if (consumer.empty()) return core::InvalidArgument("a consumer name must not be empty");
  if (visibility <= core::Duration::zero()) {
    return core::InvalidArgument("the visibility timeout must be positive");
  }
  auto deadline = std::chrono::steady_clock::now() + wait;
  auto pause = std::chrono::milliseconds(10);
  while (true) {
    auto got = ClaimOnce(topic, consumer, max, visibility);
    if (!got || !got->empty()) return got;
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return got;
    // Waiting for other processes' messages: poll, backing off to keep Redis load low.
    std::this_thread::sleep_for(
        std::min<std::chrono::steady_clock::duration>(pause, deadline - now));
    pause = std::min(pause * 2, std::chrono::milliseconds(200));
  }
}

core::Status RedisQueue::Ack(std::string_view topic, std::string_view message_id) {
  if (auto st = internal::CheckTopic(topic); !st) return st;
  auto r = client_->Eval(kAckScript, Keys(topic), {std::string(message_id)});
  if (!r) return core::Fail(r.error());
  return core::Ok();
}

core::Status RedisQueue::RetryLater(std::string_view topic, std::string_view message_id,
                                    core::Duration delay) {
  if (auto st = internal::CheckTopic(topic); !st) return st;
  auto r = client_->Eval(kRetryScript, Keys(topic),
                         {std::string(message_id), std::to_string(Millis(delay)),
                          std::to_string(options_.max_attempts)});
  if (!r) return core::Fail(r.error());
  if (r->integer == 0) {
    return core::NotFound("no message " + std::string(message_id) + " in queue " +
                          std::string(topic) + " (acked, dead-lettered or never enqueued)");
  }
  return core::Ok();
}

core::Result<std::vector<Message>> RedisQueue::DeadLetters(std::string_view topic, size_t limit) {
  if (auto st = internal::CheckTopic(topic); !st) return core::Fail(st.error());
  std::vector<Message> out;
  if (limit == 0) return out;
  auto r = client_->Command({"XRANGE", Keys(topic)[5], "-", "+", "COUNT", std::to_string(limit)});
  if (!r) return core::Fail(r.error());
  for (const auto& entry : r->elements) {
    if (entry.elements.size() < 2) continue;
    Message m;
    m.topic = std::string(topic);
    const auto& fields = entry.elements[1].elements;
    for (size_t i = 0; i + 1 < fields.size(); i += 2) {
      if (fields[i].str == "id") m.id = fields[i + 1].str;
      if (fields[i].str == "body") m.body = fields[i + 1].str;
      if (fields[i].str == "attempts") m.attempts = std::atoi(fields[i + 1].str.c_str());
    }
    out.push_back(std::move(m));
  }
  return out;
}

core::Result<int64_t> RedisQueue::Depth(std::string_view topic) {
  if (auto st = internal::CheckTopic(topic); !st) return core::Fail(st.error());
  auto r = client_->Command({"HLEN", Keys(topic)[2]});
  if (!r) return core::Fail(r.error());
  return r->integer;
}

core::Status RedisQueue::Ping() {
  auto r = client_->Command({"PING"});
  if (!r) return core::Unavailable("redis: " + r.error().message);
  return core::Ok();
}

core::Result<std::unique_ptr<RedisQueue>> OpenRedisQueue(std::string_view url, std::string prefix,
                                                         QueueOptions options, size_t pool_size) {
  if (options.max_attempts < 1) return core::InvalidArgument("max_attempts must be at least 1");
  auto client = internal::RedisClient::Open(url, pool_size);
  if (!client) return core::Fail(client.error());
  return std::make_unique<RedisQueue>(std::move(*client), std::move(prefix), options);
}

}  // namespace leados::store
