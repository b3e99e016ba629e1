#include "accounts/password_hasher.h"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "core/crypto.h"

namespace leados::accounts {
namespace {

constexpr const char* kBusy = "too many sign-ins at once, retry shortly";

void InitSodiumOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) {
      std::fputs("fatal: libsodium failed to initialise\n", stderr);
      std::abort();
    }
  });
}

int DefaultConcurrency(int requested) {
  if (requested > 0) return requested;
  unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 2 : static_cast<int>(2 * cores);
}

}  // namespace

PasswordHasher::PasswordHasher(PasswordHasherOptions options)
    : options_(options), limiter_(DefaultConcurrency(options.max_concurrent)) {
  InitSodiumOnce();
  options_.max_concurrent = limiter_.capacity();
}

core::Result<std::string> PasswordHasher::Hash(std::string_view password) {
  if (password.size() > kMaxInputBytes) {
    return core::InvalidArgument("password is too long");
  }
  auto permit = limiter_.Acquire(options_.wait_timeout, kBusy);
  if (!permit) return core::Fail(permit.error());
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), options_.ops_limit,
                            options_.mem_limit_bytes, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return core::Internal("argon2id hashing failed: not enough memory for the configured cost");
  }
  return std::string(out);
}

core::Result<bool> PasswordHasher::Verify(std::string_view encoded_hash,
                                          std::string_view password) {
  // crypto_pwhash_str_verify answers -1 both for "no match" and "malformed hash"; tell them
  // apart first so that a corrupt stored hash is reported rather than looking like a bad password.
  if (!encoded_hash.starts_with("$argon2id$") || encoded_hash.size() >= crypto_pwhash_STRBYTES) {
    return core::Internal("the stored password hash is not an argon2id hash");
  }
  if (password.size() > kMaxInputBytes) return false;
  auto permit = limiter_.Acquire(options_.wait_timeout, kBusy);
  if (!permit) return core::Fail(permit.error());
  char stored[crypto_pwhash_STRBYTES] = {};
  encoded_hash.copy(stored, encoded_hash.size());
  return crypto_pwhash_str_verify(stored, password.data(), password.size()) == 0;
}

core::Result<bool> PasswordHasher::VerifyUnknown(std::string_view password) {
  std::string dummy;
  {
    std::lock_guard lock(dummy_mu_);
    if (dummy_hash_.empty()) {
      auto made = Hash(core::RandomToken(16));
      if (!made) return core::Fail(made.error());
      dummy_hash_ = std::move(*made);
    }
    dummy = dummy_hash_;
  }
  auto verified = Verify(dummy, password);
  if (!verified) return verified;
  return false;
}

bool PasswordHasher::NeedsRehash(std::string_view encoded_hash) const {
  if (encoded_hash.size() >= crypto_pwhash_STRBYTES) return true;
  char stored[crypto_pwhash_STRBYTES] = {};
  encoded_hash.copy(stored, encoded_hash.size());
  // 1: other parameters; -1: not an argon2id hash at all. Both mean "store a fresh hash".
  return crypto_pwhash_str_needs_rehash(stored, options_.ops_limit, options_.mem_limit_bytes) != 0;
}

}  // namespace leados::accounts
