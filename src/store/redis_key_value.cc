#include "store/redis_key_value.h"

#include <fmt/format.h>

#include <set>

#include "store/redis_client.h"
#include "store/token_bucket.h"

namespace leados::store {
namespace {

using internal::RedisReply;

// INCRBY, then PEXPIRE only when this call created the key; atomic because it is one script.
constexpr std::string_view kIncrementScript = R"lua(
local existed = redis.call('EXISTS', KEYS[1])
local v = redis.call('INCRBY', KEYS[1], ARGV[1])
if existed == 0 and tonumber(ARGV[2]) > 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return v
)lua";

// KeyValue::TakeTokens: internal::StepTokenBucket (token_bucket.cc) line for line, in one
// script, so instances sharing this Redis never over-admit. The caller's time is an argument
// (not Redis TIME) so that every backend follows the same clock. ARGV: now ms, cost, rate per
// second, burst. Returns {allowed 0/1, remaining, retry-after ms, reset ms}.
constexpr std::string_view kTakeTokensScript = R"lua(
local now = tonumber(ARGV[1])
local cost = tonumber(ARGV[2])
local rate = tonumber(ARGV[3])
local burst = tonumber(ARGV[4])
local tokens = burst
local last = now
local v = redis.call('GET', KEYS[1])
if v then
  local sp = string.find(v, ' ', 1, true)
  if not sp then return redis.error_reply('LEADOS_NOT_A_BUCKET') end
  tokens = tonumber(string.sub(v, 1, sp - 1))
  last = tonumber(string.sub(v, sp + 1))
  if tokens == nil or last == nil then return redis.error_reply('LEADOS_NOT_A_BUCKET') end
end
if now > last then
  tokens = math.min(burst, tokens + (now - last) * rate / 1000)
  last = now
end
local allowed = 0
if tokens + 1e-9 >= cost then
  tokens = tokens - cost
  allowed = 1
end
local retry = 0
if allowed == 0 then retry = math.ceil((cost - tokens) * 1000 / rate) end
local reset = math.ceil((burst - tokens) * 1000 / rate)
redis.call('SET', KEYS[1], string.format('%.17g %d', tokens, last), 'PX', math.max(reset, 1))
return {allowed, math.floor(tokens + 1e-9), retry, reset}
)lua";

core::Result<std::optional<int64_t>> TtlArg(std::optional<core::Duration> ttl) {
  if (!ttl) return std::optional<int64_t>();
  auto ms = internal::TtlMillis(*ttl);
  if (!ms) return core::Fail(ms.error());
  return std::optional<int64_t>(*ms);
}

}  // namespace

namespace internal {
std::string EscapeGlob(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}
}  // namespace internal

RedisKeyValue::RedisKeyValue(std::unique_ptr<internal::RedisClient> client, std::string prefix)
    : client_(std::move(client)), prefix_(std::move(prefix) + "kv:") {}

RedisKeyValue::~RedisKeyValue() = default;

std::string RedisKeyValue::Key(std::string_view key) const {
  return prefix_ + std::string(key);
}

core::Result<std::optional<std::string>> RedisKeyValue::Get(std::string_view key) {
  if (auto st = internal::CheckKey(key); !st) return core::Fail(st.error());
  auto r = client_->Command({"GET", Key(key)});
  if (!r) return core::Fail(r.error());
  if (r->is_nil()) return std::optional<std::string>();
  return std::optional<std::string>(std::move(r->str));
}

core::Status RedisKeyValue::Put(std::string_view key, std::string_view value,
                                std::optional<core::Duration> ttl) {
  if (auto st = internal::CheckKey(key); !st) return st;
  auto ms = TtlArg(ttl);
  if (!ms) return core::Fail(ms.error());
  std::vector<std::string> argv{"SET", Key(key), std::string(value)};
  if (*ms) {
    argv.push_back("PX");
    argv.push_back(std::to_string(**ms));
  }
  auto r = client_->Command(argv);
  if (!r) return core::Fail(r.error());
  return core::Ok();
}

core::Result<bool> RedisKeyValue::PutIfAbsent(std::string_view key, std::string_view value,
                                              std::optional<core::Duration> ttl) {
  if (auto st = internal::CheckKey(key); !st) return core::Fail(st.error());
  auto ms = TtlArg(ttl);
  if (!ms) return core::Fail(ms.error());
  std::vector<std::string> argv{"SET", Key(key), std::string(value), "NX"};
  if (*ms) {
    argv.push_back("PX");
    argv.push_back(std::to_string(**ms));
  }
  auto r = client_->Command(argv);
  if (!r) return core::Fail(r.error());
  return !r->is_nil();  // "OK" when set, nil when the key existed
}

core::Result<bool> RedisKeyValue::Delete(std::string_view key) {
  if (auto st = internal::CheckKey(key); !st) return core::Fail(st.error());
  auto r = client_->Command({"DEL", Key(key)});
  if (!r) return core::Fail(r.error());
  return r->integer > 0;
}

core::Result<std::vector<std::pair<std::string, std::string>>> RedisKeyValue::ScanPrefix(
    std::string_view prefix, size_t limit) {
  std::vector<std::pair<std::string, std::string>> out;
  if (limit == 0) return out;
  // SCAN has no order: walk the whole keyspace, keeping the `limit` smallest matching keys.
  std::set<std::string> keys;
  std::string pattern = internal::EscapeGlob(prefix_ + std::string(prefix)) + "*";
  std::string cursor = "0";
  do {
    auto r = client_->Command({"SCAN", cursor, "MATCH", pattern, "COUNT", "1000"});
    if (!r) return core::Fail(r.error());
    if (r->elements.size() != 2) return core::Internal("redis: unexpected SCAN reply");
    cursor = r->elements[0].str;
    for (auto& k : r->elements[1].elements) {
      keys.insert(std::move(k.str));
      if (keys.size() > limit) keys.erase(std::prev(keys.end()));
    }
  } while (cursor != "0");
  if (keys.empty()) return out;
  std::vector<std::string> argv{"MGET"};
  argv.insert(argv.end(), keys.begin(), keys.end());
  auto values = client_->Command(argv);
  if (!values) return core::Fail(values.error());
  size_t i = 0;
  for (const std::string& k : keys) {
    const RedisReply& v = values->elements.at(i++);
    if (v.is_nil()) continue;  // expired or deleted since SCAN saw it
    out.emplace_back(k.substr(prefix_.size()), v.str);
  }
  return out;
}

core::Result<int64_t> RedisKeyValue::Increment(std::string_view key, int64_t by,
                                               std::optional<core::Duration> ttl_if_created) {
  if (auto st = internal::CheckKey(key); !st) return core::Fail(st.error());
  auto ms = TtlArg(ttl_if_created);
  if (!ms) return core::Fail(ms.error());
  auto r = client_->Eval(kIncrementScript, {Key(key)},
                         {std::to_string(by), std::to_string(ms->value_or(0))});
  if (!r) {
    if (r.error().message.find("overflow") != std::string::npos) {
      return core::Fail(core::ErrorCode::kFailedPrecondition, "the increment would overflow");
    }
    return core::Fail(r.error());
  }
  return r->integer;
}

core::Result<TokenBucketResult> RedisKeyValue::TakeTokens(std::string_view key, int64_t cost,
                                                          double rate_per_second, int64_t burst,
                                                          core::TimePoint now) {
  auto now_ms = internal::TakeTokensArgs(key, cost, rate_per_second, burst, now);
  if (!now_ms) return core::Fail(now_ms.error());
  auto r = client_->Eval(kTakeTokensScript, {Key(key)},
                         {std::to_string(*now_ms), std::to_string(cost),
                          fmt::format("{:.17g}", rate_per_second), std::to_string(burst)});
  if (!r) {
    if (r.error().message.find("LEADOS_NOT_A_BUCKET") != std::string::npos) {
      return core::Fail(core::ErrorCode::kFailedPrecondition,
                        "the value at this key is not a token bucket, so tokens cannot be taken "
                        "from it");
    }
    return core::Fail(r.error());
  }
  if (r->elements.size() != 4) return core::Internal("redis: unexpected token bucket reply");
  TokenBucketResult result;
  result.allowed = r->elements[0].integer == 1;
  result.remaining = r->elements[1].integer;
  result.retry_after = std::chrono::milliseconds(r->elements[2].integer);
  result.reset = std::chrono::milliseconds(r->elements[3].integer);
  return result;
}

core::Result<std::optional<core::Duration>> RedisKeyValue::Ttl(std::string_view key) {
  if (auto st = internal::CheckKey(key); !st) return core::Fail(st.error());
  auto r = client_->Command({"PTTL", Key(key)});
  if (!r) return core::Fail(r.error());
  if (r->integer < 0) return std::optional<core::Duration>();  // -2 missing, -1 no TTL
  return std::optional<core::Duration>(std::chrono::milliseconds(r->integer));
}

core::Status RedisKeyValue::Ping() {
  auto r = client_->Command({"PING"});
  if (!r) return core::Unavailable("redis: " + r.error().message);
  return core::Ok();
}

core::Result<std::unique_ptr<RedisKeyValue>> OpenRedisKeyValue(std::string_view url,
                                                               std::string prefix,
                                                               size_t pool_size) {
  auto client = internal::RedisClient::Open(url, pool_size);
  if (!client) return core::Fail(client.error());
  return std::make_unique<RedisKeyValue>(std::move(*client), std::move(prefix));
}

}  // namespace leados::store
