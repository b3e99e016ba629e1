#include "core/ids.h"

#include <cstring>

#include "core/crypto.h"

namespace leados::core {

std::string IdGenerator::NewUlid() {
  uint64_t ms = static_cast<uint64_t>(clock_.NowUnixMillis());
  uint8_t rnd[10];
  {
    std::lock_guard lock(mu_);
    if (ms <= last_ms_) {
      // Same (or earlier, if the clock stepped back) millisecond: keep order by incrementing.
      ms = last_ms_;
      for (int i = 9; i >= 0; --i) {
        if (++last_rand_[i] != 0) break;
      }
    } else {
      last_ms_ = ms;
      const std::string r = RandomBytes(10);
      std::memcpy(last_rand_, r.data(), 10);
      last_rand_[0] &= 0x7F;  // headroom so increments within a millisecond do not overflow
    }
    std::memcpy(rnd, last_rand_, 10);
  }
  // 128 bits: 48-bit time, 80-bit randomness; encode as 26 chars (first char holds 3 bits).
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  unsigned __int128 v = (static_cast<unsigned __int128>(ms & 0xFFFFFFFFFFFFull) << 80);
  for (int i = 0; i < 10; ++i) v |= static_cast<unsigned __int128>(rnd[i]) << (8 * (9 - i));
  std::string out(26, '0');
  for (int i = 25; i >= 0; --i) {
    out[i] = kAlphabet[static_cast<unsigned>(v & 31)];
    v >>= 5;
  }
  return out;
}

std::string IdGenerator::NewId(std::string_view prefix) {
  std::string id(prefix);
  id.push_back('_');
  id += NewUlid();
  return id;
}

int64_t UlidMillis(std::string_view id) {
  const auto underscore = id.rfind('_');
  if (underscore != std::string_view::npos) id.remove_prefix(underscore + 1);
  if (id.size() != 26) return 0;
  static constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  int64_t ms = 0;
  // The first 10 characters hold 50 bits, of which the top 2 are zero.
  for (size_t i = 0; i < 10; ++i) {
    const auto pos = kAlphabet.find(id[i]);
    if (pos == std::string_view::npos) return 0;
    ms = (ms << 5) | static_cast<int64_t>(pos);
  }
  return ms;
}

}  // namespace leados::core
