#pragma once
// Cryptographic primitives over OpenSSL 3: hashes, MACs, comparison and randomness.
// Pure functions (RandomBytes draws from the OS CSPRNG); all are thread-safe.
// Field encryption (AES-256-GCM with a keyring) lives in src/privacy, on top of these.

#include <string>
#include <string_view>

namespace leados::core {

// SHA-256 of `data`, 32 raw bytes.
std::string Sha256(std::string_view data);
// SHA-256 as 64 lowercase hex characters.
std::string Sha256Hex(std::string_view data);
// HMAC-SHA-256(key, data), 32 raw bytes.
std::string HmacSha256(std::string_view key, std::string_view data);
// True when a and b are equal, in time that depends only on their lengths.
bool ConstantTimeEquals(std::string_view a, std::string_view b);
// `n` bytes from the operating system's CSPRNG (OpenSSL RAND_bytes). Aborts if the CSPRNG
// fails, since no caller can continue safely without randomness.
std::string RandomBytes(size_t n);
// A random token of `bytes` bytes, base64url without padding (e.g. session tokens).
std::string RandomToken(size_t bytes);

}  // namespace leados::core
