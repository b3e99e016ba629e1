#pragma once
// AES-256-GCM over OpenSSL EVP: the one sealed-box primitive behind field encryption and data-key
// wrapping. A sealed box is nonce (12 bytes) | ciphertext | tag (16 bytes). Thread-safe.

#include <string>
#include <string_view>

#include "core/result.h"

namespace leados::privacy {

inline constexpr size_t kAesKeyBytes = 32;
inline constexpr size_t kGcmNonceBytes = 12;
inline constexpr size_t kGcmTagBytes = 16;

// Encrypts `plaintext` under `key` (32 bytes) with a fresh random nonce, authenticating
// `associated_data` too. Errors: kInvalidArgument for a key of the wrong size; kInternal if
// OpenSSL fails.
core::Result<std::string> GcmSeal(std::string_view key, std::string_view plaintext,
                                  std::string_view associated_data);

// Opens a box made by GcmSeal. Errors: kInvalidArgument for a key of the wrong size or a box too
// short to hold a nonce and tag; kPermissionDenied "authentication failed" when the key, the
// associated data or any byte differs (the caller words the message for its context).
core::Result<std::string> GcmOpen(std::string_view key, std::string_view box,
                                  std::string_view associated_data);

}  // namespace leados::privacy
