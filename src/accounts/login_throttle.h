#pragma once
// LoginThrottle: slows failed sign-ins down per IP, per (email, IP) pair and per email, without
// letting an attacker lock the real user out. Counters live in the KeyValue store with TTLs, so
// every server instance shares them (Redis in production, the embedded KV by default).
//
// The rules (defaults in LoginThrottleOptions):
//  - per IP: after `ip_max_failures` failures within `window`, that IP is refused until the window
//    ends (stops one machine guessing across many accounts);
//  - per (email, IP): from the `pair_free_failures`-th failure on, each further attempt must wait
//    2^(n - free) seconds, capped at `pair_max_delay` (slows one attacker on one account);
//  - per email: after `account_max_failures` failures within `window` from anywhere, attempts are
//    refused — except from an IP this email signed in from successfully in the last
//    `known_ip_ttl` (so a distributed attack cannot lock the owner out of their usual network).
// Emails are keyed by their SHA-256, so the KV never holds them. Unknown and known emails are
// treated the same, so the throttle reveals nothing about which emails are registered.

#include <chrono>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/key_value.h"

namespace leados::accounts {

struct LoginThrottleOptions {
  std::chrono::seconds window{std::chrono::minutes(15)};
  int64_t ip_max_failures = 50;
  int64_t pair_free_failures = 5;
  std::chrono::seconds pair_max_delay{std::chrono::minutes(15)};
  int64_t account_max_failures = 20;
  std::chrono::seconds known_ip_ttl{std::chrono::hours(24 * 30)};
};

class LoginThrottle {
 public:
  // `kv` must outlive the throttle. `scope` separates user and admin sign-ins ("user", "admin").
  // Thread-safe.
  LoginThrottle(store::KeyValue& kv, std::string scope, LoginThrottleOptions options = {});

  // Ok when a sign-in attempt may go ahead; kResourceExhausted "too many failed sign-in attempts;
  // try again in N seconds" otherwise (→ 429 with Retry-After). A KV outage fails open (logged):
  // sign-in keeps working, only the throttle is off.
  core::Status Check(std::string_view email, std::string_view ip);
  // Counts a failed attempt (wrong password, unknown email, wrong code).
  void RecordFailure(std::string_view email, std::string_view ip);
  // Clears the pair counter and remembers `ip` as known for `email`.
  void RecordSuccess(std::string_view email, std::string_view ip);

  // True when `email` signed in successfully from `ip` within known_ip_ttl.
  bool IsKnown(std::string_view email, std::string_view ip);

  // The seconds a refused caller should wait, from the last Check that refused; for Retry-After.
  static int64_t RetryAfterSeconds(const core::Error& refused);

 private:
  std::string Key(std::string_view kind, std::string_view a, std::string_view b = {}) const;

  store::KeyValue& kv_;
  std::string scope_;
  LoginThrottleOptions options_;
};

}  // namespace leados::accounts
