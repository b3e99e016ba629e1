#include "store/memory_key_value.h"

#include <charconv>

namespace leados::store {

MemoryKeyValue::Entry* MemoryKeyValue::FindLive(std::string_view key) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  if (it->second.expires && *it->second.expires <= clock_.Now()) {
    entries_.erase(it);
    return nullptr;
  }
  return &it->second;
}

core::Result<std::optional<core::TimePoint>> MemoryKeyValue::ExpiryFor(
    std::optional<core::Duration> ttl) const {
  if (!ttl) return std::optional<core::TimePoint>();
  auto ms = internal::TtlMillis(*ttl);
  if (!ms) return core::Fail(ms.error());
  return std::optional<core::TimePoint>(clock_.Now() + std::chrono::milliseconds(*ms));
}

core::Result<std::optional<std::string>> MemoryKeyValue::Get(std::string_view key) {
  if (auto st = internal::CheckKey(key); !st) return core::Fail(st.error());
  std::lock_guard lock(mu_);
  Entry* e = FindLive(key);
  if (e == nullptr) return std::optional<std::string>();
  return std::optional<std::string>(e->value);
}

core::Status MemoryKeyValue::Put(std::string_view key, std::string_view value,
                                 std::optional<core::Duration> ttl) {
  if (auto st = internal::CheckKey(key); !st) return st;
  auto expires = ExpiryFor(ttl);
  if (!expires) return core::Fail(expires.error());
  std::lock_guard lock(mu_);
  entries_.insert_or_assign(std::string(key), Entry{std::string(value), *expires});
  return core::Ok();
}

core::Result<bool> MemoryKeyValue::PutIfAbsent(std::string_view key, std::string_view value,
                                               std::optional<core::Duration> ttl) {
  if (auto st = internal::CheckKey(key); !st) return core::Fail(st.error());
  auto expires = ExpiryFor(ttl);
  if (!expires) return core::Fail(expires.error());
  std::lock_guard lock(mu_);
  if (FindLive(key) != nullptr) return false;
  entries_.insert_or_assign(std::string(key), Entry{std::string(value), *expires});
  return true;
}

core::Result<bool> MemoryKeyValue::Delete(std::string_view key) {
  if (auto st = internal::CheckKey(key); !st) return core::Fail(st.error());
  std::lock_guard lock(mu_);
  if (FindLive(key) == nullptr) return false;
  entries_.erase(entries_.find(key));
  return true;
}

core::Result<std::vector<std::pair<std::string, std::string>>> MemoryKeyValue::ScanPrefix(
    std::string_view prefix, size_t limit) {
  std::vector<std::pair<std::string, std::string>> out;
  std::lock_guard lock(mu_);
  auto now = clock_.Now();
  for (auto it = entries_.lower_bound(prefix);
       it != entries_.end() && out.size() < limit && it->first.starts_with(prefix); ++it) {
    if (it->second.expires && *it->second.expires <= now) continue;
    out.emplace_back(it->first, it->second.value);
  }
  return out;
}

core::Result<int64_t> MemoryKeyValue::Increment(std::string_view key, int64_t by,
                                                std::optional<core::Duration> ttl_if_created) {
  if (auto st = internal::CheckKey(key); !st) return core::Fail(st.error());
  auto expires = ExpiryFor(ttl_if_created);
  if (!expires) return core::Fail(expires.error());
  std::lock_guard lock(mu_);
  Entry* e = FindLive(key);
  int64_t current = 0;
  if (e != nullptr) {
    const std::string& v = e->value;
    auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), current);
    if (ec != std::errc() || ptr != v.data() + v.size()) {
      return core::Fail(core::ErrorCode::kFailedPrecondition,
                        "the value at this key is not an integer, so it cannot be incremented");
    }
  }
  int64_t result = 0;
  if (__builtin_add_overflow(current, by, &result)) {
    return core::Fail(core::ErrorCode::kFailedPrecondition, "the increment would overflow");
  }
  if (e != nullptr) {
    e->value = std::to_string(result);
  } else {
    entries_.insert_or_assign(std::string(key), Entry{std::to_string(result), *expires});
  }
  return result;
}

core::Result<TokenBucketResult> MemoryKeyValue::TakeTokens(std::string_view key, int64_t cost,
                                                           double rate_per_second, int64_t burst,
                                                           core::TimePoint now) {
  if (auto st = internal::CheckKey(key); !st) return core::Fail(st.error());
  std::lock_guard lock(mu_);
  Entry* e = FindLive(key);
  auto step = internal::StepTokenBucket(
      e ? std::optional<std::string>(e->value) : std::nullopt, cost, rate_per_second, burst,
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count());
  if (!step) return core::Fail(step.error());
  entries_.insert_or_assign(
      std::string(key),
      Entry{std::move(step->state), clock_.Now() + std::chrono::milliseconds(step->ttl_ms)});
  return step->result;
}

core::Result<std::optional<core::Duration>> MemoryKeyValue::Ttl(std::string_view key) {
  if (auto st = internal::CheckKey(key); !st) return core::Fail(st.error());
  std::lock_guard lock(mu_);
  Entry* e = FindLive(key);
  if (e == nullptr || !e->expires) return std::optional<core::Duration>();
  return std::optional<core::Duration>(*e->expires - clock_.Now());
}

}  // namespace leados::store
