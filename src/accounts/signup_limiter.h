#pragma once
// SignupLimiter: at most `per_day` sign-ups per client address in 24 hours (issue 9, abuse
// prevention). One KeyValue counter per address, so every `leados serve` sharing the KV shares it;
// the address appears in the key only as its SHA-256 ("signup:ip:<hex>"), so the KV holds no
// address in the clear.
//
// Decisions: the window is fixed, 24 h from the first sign-up the counter saw (a counter with a
// TTL, like LoginThrottle's), not sliding; every sign-up that passed validation counts, also one
// for an email that is already registered (it answers the same and sends an email too); a
// refused attempt counts as well, which does not lengthen the window. A KV outage fails open with
// a logged warning: sign-up keeps working, only the limit is off. Thread-safe.

#include <cstdint>
#include <string_view>

#include "core/result.h"
#include "store/key_value.h"

namespace leados::accounts {

class SignupLimiter {
 public:
  // `kv` must outlive the limiter. `per_day` <= 0 means no limit.
  SignupLimiter(store::KeyValue& kv, int64_t per_day) : kv_(kv), per_day_(per_day) {}

  // Counts a sign-up from `ip`: Ok while within the limit; kResourceExhausted "too many sign-ups
  // from this address today; try again in N seconds" (→ 429 with Retry-After N) otherwise.
  core::Status Take(std::string_view ip);

 private:
  store::KeyValue& kv_;
  int64_t per_day_;
};

}  // namespace leados::accounts
