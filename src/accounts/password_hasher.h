#pragma once
// PasswordHasher: argon2id password hashes (libsodium) at OWASP's recommended cost
// (19 MiB, t=2, p=1), with a bound on how many hashes run at once so that a login flood
// queues briefly and then gets "retry shortly" instead of exhausting memory.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "accounts/concurrency_limiter.h"
#include "core/result.h"

namespace leados::accounts {

struct PasswordHasherOptions {
  // argon2id cost. The defaults are OWASP's (Password Storage Cheat Sheet): m=19 MiB, t=2, p=1
  // (libsodium always uses p=1). Tests may lower them to libsodium's minimums to run fast.
  uint64_t ops_limit = 2;
  size_t mem_limit_bytes = size_t{19} * 1024 * 1024;
  // How many hashes (or verifications) may run at once; 0 means 2 x hardware threads.
  // Peak memory is about max_concurrent x mem_limit_bytes.
  int max_concurrent = 0;
  // How long a caller beyond max_concurrent waits for a slot before kResourceExhausted.
  std::chrono::milliseconds wait_timeout{2000};
};

class PasswordHasher {
 public:
  // Longest password accepted by Hash/Verify at all; PasswordPolicy sets the stricter limit for
  // new passwords. This only stops absurd inputs from being hashed.
  static constexpr size_t kMaxInputBytes = 4096;

  // Initialises libsodium (once per process). Thread-safe to use from many threads.
  explicit PasswordHasher(PasswordHasherOptions options = {});

  // The encoded argon2id hash ("$argon2id$v=19$m=19456,t=2,p=1$…") of `password`.
  // Errors: kResourceExhausted "too many sign-ins at once, retry shortly" when all slots stay
  // busy for wait_timeout; kInvalidArgument for a password over kMaxInputBytes; kInternal when
  // libsodium cannot allocate the memory.
  core::Result<std::string> Hash(std::string_view password);

  // True when `password` matches `encoded_hash`, false when it does not. Errors:
  // kResourceExhausted as for Hash; kInternal when `encoded_hash` is not an argon2id hash
  // (a corrupt stored value, never the user's fault).
  core::Result<bool> Verify(std::string_view encoded_hash, std::string_view password);

  // True when `encoded_hash` was made with other parameters than this hasher's, so the caller
  // should store a fresh Hash of the password after a successful Verify. Also true for hashes
  // that are not argon2id.
  bool NeedsRehash(std::string_view encoded_hash) const;
  // Spends what Verify spends on a real hash and answers false: what a sign-in with an unknown
  // email does, so its timing does not tell which emails are registered. The hash it checks
  // against (of a random secret) is made on first use and shared by every caller, so start-up
  // pays nothing. Errors as Verify. Thread-safe.
  core::Result<bool> VerifyUnknown(std::string_view password);

  const PasswordHasherOptions& options() const { return options_; }
  // The slots; exposed for metrics and for tests that hold a slot.
  ConcurrencyLimiter& limiter() { return limiter_; }

 private:
  PasswordHasherOptions options_;
  ConcurrencyLimiter limiter_;
  std::mutex dummy_mu_;
  std::string dummy_hash_;  // guarded by dummy_mu_; empty until the first VerifyUnknown
};

}  // namespace leados::accounts
