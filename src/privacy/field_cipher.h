#pragma once
// FieldCipher: encrypts one sensitive column value (billing address, TOTP seed, webhook secret)
// with the keyring's newest data key, AES-256-GCM, bound to where it is stored.
//
// Ciphertext text: "v1.<key id>.<base64url(nonce | ciphertext | tag)>", e.g. "v1.3.q83v…".
// Associated data: "leados-field-v1/<table>/<column>/<row>" — a value copied to another row,
// column or table does not decrypt. Table and column names may not contain '/' (the row id, last,
// may contain anything), so the encoding is unambiguous.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"
#include "privacy/keyring.h"

namespace leados::privacy {

// Where a value lives. Row is the row's primary key (e.g. "cl_01JD…").
struct AssociatedData {
  std::string_view table;
  std::string_view column;
  std::string_view row;
};

class FieldCipher {
 public:
  // `keyring` must outlive the cipher. Thread-safe (the keyring may rotate concurrently).
  explicit FieldCipher(const Keyring& keyring) : keyring_(keyring) {}

  // Encrypts with the newest key. Errors: kInvalidArgument when table or column is empty or
  // contains '/'.
  core::Result<std::string> Encrypt(std::string_view plaintext, const AssociatedData& ad) const;

  // Decrypts a value made by Encrypt with the same AssociatedData. Errors:
  // kInvalidArgument "… is not an encrypted field (expected v1.<key>.<data>)";
  // kFailedPrecondition when its data key is not in the keyring;
  // kPermissionDenied "cannot decrypt <table>.<column> of row <row>: the value was altered or
  // belongs to another row, column or table".
  core::Result<std::string> Decrypt(std::string_view ciphertext, const AssociatedData& ad) const;

  // True when `ciphertext` was made with a key older than the newest (or cannot be parsed).
  bool NeedsRotation(std::string_view ciphertext) const;

  // Decrypts and encrypts again with the newest key (what `leados keys rotate` does per value).
  // Errors as Decrypt.
  core::Result<std::string> Reencrypt(std::string_view ciphertext, const AssociatedData& ad) const;

  // The id of the key Encrypt uses now (the keyring's current key). Thread-safe.
  uint32_t current_key_id() const { return keyring_.current_key_id(); }

  // The key id in a ciphertext, or an error as Decrypt's first one. Pure.
  static core::Result<uint32_t> KeyIdOf(std::string_view ciphertext);

 private:
  const Keyring& keyring_;
};

}  // namespace leados::privacy
