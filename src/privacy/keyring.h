#pragma once
// Keyring: the versioned data keys that encrypt sensitive fields, each stored wrapped
// (AES-256-GCM) by a master key that never touches the database.
//
// Key ids count up from 1; the newest key encrypts, every key decrypts. Rotate() adds a key; the
// `leados keys rotate` command then re-encrypts old ciphertexts (FieldCipher::Reencrypt) so that
// old keys can eventually be retired.
//
// Persistence: ToJson() gives the wrapped keys (safe to store next to the data; useless without
// the master key) and FromJson() reads them back; privacy/keyring_store.h keeps them in the
// database (table privacy_keyring) and rotates them under the row's lock.
//
// JSON: {"format":"leados-keyring-v1","current":2,
//        "keys":[{"id":1,"created_at":"2026-01-01T00:00:00Z","wrapped":"<base64>"}, …]}
// where wrapped = base64(nonce | AES-256-GCM(master, data key) | tag) with associated data
// "leados-keyring-v1/key/<id>", so a wrapped key cannot be moved to another id.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace leados::privacy {

// The 32-byte key that wraps the data keys. Wiped from memory when destroyed.
class MasterKey {
 public:
  // Errors: kInvalidArgument "the master key must be 32 bytes (got N)".
  static core::Result<MasterKey> FromBytes(std::string bytes);
  // From base64 of 32 bytes (what `openssl rand -base64 32` prints); surrounding whitespace is
  // ignored. Errors name the problem without echoing the value.
  static core::Result<MasterKey> FromBase64(std::string_view text);

  MasterKey(MasterKey&&) noexcept = default;
  MasterKey& operator=(MasterKey&&) noexcept = default;
  MasterKey(const MasterKey&) = delete;
  MasterKey& operator=(const MasterKey&) = delete;
  ~MasterKey();

  std::string_view bytes() const { return bytes_; }

 private:
  explicit MasterKey(std::string bytes) : bytes_(std::move(bytes)) {}
  std::string bytes_;
};

class Keyring {
 public:
  // A new keyring holding one fresh data key (id 1). `clock` stamps created_at and must outlive
  // the keyring.
  static core::Result<std::unique_ptr<Keyring>> Create(MasterKey master, const core::Clock& clock);
  // Reads ToJson() output and unwraps every key. Errors: kInvalidArgument for malformed JSON
  // (naming the field); kPermissionDenied "cannot unwrap data key N: the master key is not the one
  // this keyring was made with" when the master key is wrong.
  static core::Result<std::unique_ptr<Keyring>> FromJson(std::string_view json, MasterKey master,
                                                         const core::Clock& clock);
  ~Keyring();

  // The wrapped keys, for the caller to persist. Thread-safe.
  std::string ToJson() const;
  // Adds a fresh data key and makes it current; returns its id. Persist ToJson() afterwards.
  // Thread-safe.
  core::Result<uint32_t> Rotate();
  // The id of the key new ciphertexts use. Thread-safe.
  uint32_t current_key_id() const;
  // All key ids, oldest first. Thread-safe.
  std::vector<uint32_t> key_ids() const;

  // A copy of this keyring (same ids, data keys, creation times and current key) whose keys are
  // wrapped by `new_master` instead: how the master key is changed without touching any
  // ciphertext. Persist its ToJson(). Errors: kInternal if sealing fails. Thread-safe.
  core::Result<std::unique_ptr<Keyring>> Rewrap(MasterKey new_master) const;

  // Where to reread the stored keyring JSON (privacy/keyring_store.h: ReadStoredKeyringJson)
  // when a ciphertext names a key this keyring does not hold: another process rotated. KeyById
  // then rereads it (at most once a second), adopts the new keys and the new current key, and
  // tries again; CurrentKey() rereads it at most once a minute, so new values move to a key rotated
  // elsewhere. Without a source an unknown key is an error at once. Set before use.
  void SetReloadSource(std::function<core::Result<std::string>()> source);
  // Adopts the keys and current key of `json` (Keyring::ToJson() of the same master key) that
  // this keyring lacks. Errors as FromJson. Thread-safe.
  core::Status Adopt(std::string_view json);

  // The current key's id and bytes, read together. Thread-safe.
  std::pair<uint32_t, std::string> CurrentKey() const;
  // The data key with `id`. Errors: kFailedPrecondition "data key N is not in the keyring …".
  // Thread-safe.
  core::Result<std::string> KeyById(uint32_t id) const;

 private:
  struct DataKey {
    std::string bytes;    // plaintext key, wiped on destruction
    std::string wrapped;  // base64, as persisted
    core::TimePoint created_at;
  };
  Keyring(MasterKey master, const core::Clock& clock);
  core::Status AddKey(uint32_t id, std::string bytes, core::TimePoint created_at);
  // Rereads the reload source when the last reread is older than `min_interval_ms`.
  void MaybeReload(int64_t min_interval_ms) const;

  MasterKey master_;
  const core::Clock& clock_;
  mutable std::shared_mutex mu_;
  std::map<uint32_t, DataKey> keys_;  // guarded by mu_
  std::function<core::Result<std::string>()> reload_source_;
  mutable std::mutex reload_mu_;
  mutable int64_t last_reload_ms_ = 0;  // guarded by reload_mu_
  uint32_t current_ = 0;                // guarded by mu_
};

}  // namespace leados::privacy
