#include "accounts/totp.h"

#include <fmt/format.h>
#include <liboath/oath.h>
#include <qrencode.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>

#include "core/crypto.h"
#include "core/encoding.h"

namespace leados::accounts {
namespace {

void InitOathOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (oath_init() != OATH_OK) {
      std::fputs("fatal: liboath failed to initialise\n", stderr);
      std::abort();
    }
  });
}

std::string PercentEncode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~' || c == '@') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

constexpr int kQuietZone = 2;

}  // namespace

core::Result<std::string> HotpCode(std::string_view secret, uint64_t counter, unsigned digits) {
  if (digits < 6 || digits > 8) return core::InvalidArgument("HOTP codes have 6 to 8 digits");
  if (secret.empty()) return core::InvalidArgument("the TOTP secret is empty");
  InitOathOnce();
  std::array<char, 16> out{};
  int rc = oath_hotp_generate(secret.data(), secret.size(), counter, digits, false,
                              OATH_HOTP_DYNAMIC_TRUNCATION, out.data());
  if (rc != OATH_OK) {
    return core::Internal(fmt::format("liboath could not make a code: {}", oath_strerror(rc)));
  }
  return std::string(out.data(), digits);
}

core::Result<std::string> TotpCode(std::string_view secret, int64_t unix_seconds, unsigned digits) {
  if (unix_seconds < 0) return core::InvalidArgument("TOTP time is before 1970");
  return HotpCode(secret, static_cast<uint64_t>(unix_seconds / kTotpStepSeconds), digits);
}

int64_t TotpStep(core::TimePoint t) {
  int64_t seconds = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  return seconds / kTotpStepSeconds;
}

core::Result<int64_t> VerifyTotp(std::string_view secret, std::string_view code,
                                 core::TimePoint now, int64_t last_used_step) {
  auto unauthenticated = [](const char* message) {
    return core::Fail(core::ErrorCode::kUnauthenticated, message);
  };
  if (code.size() != kTotpDigits ||
      code.find_first_not_of("0123456789") != std::string_view::npos) {
    return unauthenticated("the code must be 6 digits");
  }
  int64_t current = TotpStep(now);
  bool replayed = false;
  // Every step of the window is computed, matched or not, so timing says nothing about which
  // step matched.
  int64_t accepted = -1;
  for (int64_t step = current - 1; step <= current + 1; ++step) {
    if (step < 0) continue;
    auto expected = HotpCode(secret, static_cast<uint64_t>(step), kTotpDigits);
    if (!expected) return core::Fail(expected.error());
    if (!core::ConstantTimeEquals(*expected, code)) continue;
    if (step <= last_used_step) {
      replayed = true;
    } else if (accepted < 0) {
      accepted = step;
    }
  }
  if (accepted >= 0) return accepted;
  if (replayed) return unauthenticated("this code was already used: wait for the next one");
  return unauthenticated("the code is wrong or expired: check the time on your device");
}

std::string NewTotpSecret() {
  return core::RandomBytes(kTotpSecretBytes);
}

std::string OtpauthUri(std::string_view issuer, std::string_view account, std::string_view secret) {
  std::string issuer_enc = PercentEncode(issuer);
  return fmt::format("otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={}&period={}",
                     issuer_enc, PercentEncode(account), core::Base32Encode(secret), issuer_enc,
                     kTotpDigits, kTotpStepSeconds);
}

core::Result<std::string> QrCodeForTerminal(std::string_view text) {
  std::string owned(text);  // libqrencode needs a NUL-terminated string
  std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(
      QRcode_encodeString(owned.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
  if (!qr) {
    return core::InvalidArgument(
        fmt::format("cannot draw a QR code for a {}-byte text: too long", text.size()));
  }
  const int width = qr->width;
  const int size = width + 2 * kQuietZone;
  // Light modules (and the quiet zone) are drawn; dark ones are left as the terminal background.
  auto light = [&](int row, int col) {
    int r = row - kQuietZone, c = col - kQuietZone;
    if (r < 0 || c < 0 || r >= width || c >= width) return true;
    return (qr->data[r * width + c] & 1) == 0;
  };
  std::string out;
  for (int row = 0; row < size; row += 2) {
    for (int col = 0; col < size; ++col) {
      bool top = light(row, col);
      bool bottom = row + 1 < size ? light(row + 1, col) : false;
      if (top && bottom) {
        out += "\u2588";  // full block
      } else if (top) {
        out += "\u2580";  // upper half block
      } else if (bottom) {
        out += "\u2584";  // lower half block
      } else {
        out += ' ';
      }
    }
    out += '\n';
  }
  return out;
}

}  // namespace leados::accounts
