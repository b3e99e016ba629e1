#pragma once
// TOTP (RFC 6238) for admin sign-in, over liboath: HMAC-SHA-1, 6 digits, 30-second steps,
// accepting the previous, current and next step (±30 s of clock drift), and each step once only.
//
// Replay protection needs the caller to persist the accepted step with a compare-and-set, so that
// two concurrent sign-ins with the same code cannot both succeed:
//   UPDATE admins SET totp_last_step = :step
//    WHERE id = :id AND (totp_last_step IS NULL OR totp_last_step < :step)
// and sign in only when exactly one row was updated. VerifyTotp alone refuses steps at or below
// the last one it is told about; the conditional update closes the race between two requests.
//
// Secrets are raw bytes (20 for new ones); they are stored encrypted (privacy::FieldCipher) by
// the admin service.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"

namespace leados::accounts {

inline constexpr int64_t kTotpStepSeconds = 30;
inline constexpr unsigned kTotpDigits = 6;
inline constexpr size_t kTotpSecretBytes = 20;

// RFC 4226 HOTP value for `counter`, `digits` (6–8) long, zero-padded. Errors: kInvalidArgument
// for an unsupported digit count or empty secret.
core::Result<std::string> HotpCode(std::string_view secret, uint64_t counter, unsigned digits);
// RFC 6238 TOTP (SHA-1, 30 s steps from the epoch) at `unix_seconds`.
core::Result<std::string> TotpCode(std::string_view secret, int64_t unix_seconds,
                                   unsigned digits = kTotpDigits);
// The 30-second step containing `t`.
int64_t TotpStep(core::TimePoint t);

// Checks a 6-digit `code` against steps TotpStep(now)-1 .. +1 and returns the step it matched.
// `last_used_step` is the step accepted last time for this secret (0 when never). Errors, all
// kUnauthenticated: "the code must be 6 digits", "this code was already used: wait for the next
// one" (matches a step <= last_used_step), "the code is wrong or expired: check the time on your
// device". Thread-safe.
core::Result<int64_t> VerifyTotp(std::string_view secret, std::string_view code,
                                 core::TimePoint now, int64_t last_used_step);

// 20 random bytes from the OS CSPRNG.
std::string NewTotpSecret();

// The provisioning URI authenticator apps scan:
// otpauth://totp/<Issuer>:<account>?secret=<BASE32>&issuer=<Issuer>&algorithm=SHA1&digits=6&period=30
// with issuer and account percent-encoded.
std::string OtpauthUri(std::string_view issuer, std::string_view account, std::string_view secret);

// `text` as a QR code (libqrencode, error correction M) drawn with Unicode half blocks, two
// module rows per line, light modules as blocks and a 2-module quiet zone: it reads correctly on
// a terminal with a dark background (the usual case). Lines end with '\n'. Errors: kInvalidArgument
// when the text does not fit in a QR code.
core::Result<std::string> QrCodeForTerminal(std::string_view text);

}  // namespace leados::accounts
