#include "accounts/login_throttle.h"

#include <algorithm>
#include <charconv>

#include "core/crypto.h"
#include "core/log.h"

namespace leados::accounts {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

core::Status Refuse(int64_t seconds) {
  seconds = std::max<int64_t>(seconds, 1);
  return core::Fail(
      core::ErrorCode::kResourceExhausted,
      "too many failed sign-in attempts; try again in " + std::to_string(seconds) + " seconds");
}

int64_t CeilSeconds(std::optional<core::Duration> d, std::chrono::seconds fallback) {
  if (!d) return fallback.count();
  return std::chrono::ceil<std::chrono::seconds>(*d).count();
}

}  // namespace

LoginThrottle::LoginThrottle(store::KeyValue& kv, std::string scope, LoginThrottleOptions options)
    : kv_(kv), scope_(std::move(scope)), options_(options) {}

std::string LoginThrottle::Key(std::string_view kind, std::string_view a,
                               std::string_view b) const {
  std::string key = "throttle:" + scope_ + ":" + std::string(kind) + ":" + std::string(a);
  if (!b.empty()) key += ":" + std::string(b);
  return key;
}

core::Status LoginThrottle::Check(std::string_view email, std::string_view ip) {
  const std::string who = core::Sha256Hex(Lower(email));
  auto count = [&](const std::string& key) -> int64_t {
    auto v = kv_.Get(key);
    if (!v) {
      core::log::Warn("throttle.kv_unavailable", {{"error", v.error().message}});
      return 0;
    }
    if (!*v) return 0;
    int64_t n = 0;
    std::from_chars((*v)->data(), (*v)->data() + (*v)->size(), n);
    return n;
  };
  auto ttl = [&](const std::string& key) {
    auto t = kv_.Ttl(key);
    return CeilSeconds(t ? *t : std::nullopt, options_.window);
  };
  const std::string ip_key = Key("ip", ip);
  if (count(ip_key) >= options_.ip_max_failures) return Refuse(ttl(ip_key));
  const std::string wait_key = Key("wait", who, ip);
  if (auto w = kv_.Get(wait_key); w && *w) return Refuse(ttl(wait_key));
  const std::string acct_key = Key("email", who);
  if (count(acct_key) >= options_.account_max_failures) {
    auto known = kv_.Get(Key("known", who, ip));
    if (!known || !*known) return Refuse(ttl(acct_key));
  }
  return core::Ok();
}

void LoginThrottle::RecordFailure(std::string_view email, std::string_view ip) {
  const std::string who = core::Sha256Hex(Lower(email));
  auto warn = [](const core::Error& e) {
    core::log::Warn("throttle.kv_unavailable", {{"error", e.message}});
  };
  const core::Duration window = options_.window;
  if (auto r = kv_.Increment(Key("ip", ip), 1, window); !r) warn(r.error());
  if (auto r = kv_.Increment(Key("email", who), 1, window); !r) warn(r.error());
  auto pair = kv_.Increment(Key("pair", who, ip), 1, core::Duration(options_.pair_max_delay * 4));
  if (!pair) return warn(pair.error());
  if (*pair >= options_.pair_free_failures) {
    const int64_t exponent = std::min<int64_t>(*pair - options_.pair_free_failures, 20);
    auto delay = std::min<std::chrono::seconds>(std::chrono::seconds(int64_t{1} << exponent),
                                                options_.pair_max_delay);
    if (auto r = kv_.Put(Key("wait", who, ip), "1", core::Duration(delay)); !r) warn(r.error());
  }
}

void LoginThrottle::RecordSuccess(std::string_view email, std::string_view ip) {
  const std::string who = core::Sha256Hex(Lower(email));
  (void)kv_.Delete(Key("pair", who, ip));
  (void)kv_.Delete(Key("wait", who, ip));
  (void)kv_.Put(Key("known", who, ip), "1", core::Duration(options_.known_ip_ttl));
}

bool LoginThrottle::IsKnown(std::string_view email, std::string_view ip) {
  auto known = kv_.Get(Key("known", core::Sha256Hex(Lower(email)), ip));
  return known && known->has_value();
}

int64_t LoginThrottle::RetryAfterSeconds(const core::Error& refused) {
  const std::string& m = refused.message;
  size_t in = m.rfind("try again in ");
  if (in == std::string::npos) return 60;
  int64_t n = 60;
  const char* p = m.data() + in + 13;
  std::from_chars(p, m.data() + m.size(), n);
  return n;
}

}  // namespace leados::accounts
