#include "http/ip_allow_list.h"

#include <arpa/inet.h>

#include <array>
#include <charconv>
#include <cstring>
#include <optional>

namespace leados::http {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// 16 bytes, IPv4 mapped into ::ffff:0:0/96; nullopt when not an address.
std::optional<std::array<uint8_t, 16>> ParseIp(std::string_view text, bool* is_v4) {
  std::string s(Trim(text));
  std::array<uint8_t, 16> out{};
  in_addr v4{};
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    out[10] = 0xff;
    out[11] = 0xff;
    std::memcpy(out.data() + 12, &v4, 4);
    if (is_v4 != nullptr) *is_v4 = true;
    return out;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
    std::memcpy(out.data(), &v6, 16);
    if (is_v4 != nullptr) {
      static constexpr uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
      *is_v4 = std::memcmp(out.data(), kMapped, 12) == 0;
    }
    return out;
  }
  return std::nullopt;
}

bool PrefixEqual(const uint8_t* a, const uint8_t* b, int bits) {
  int full = bits / 8;
  if (std::memcmp(a, b, static_cast<size_t>(full)) != 0) return false;
  int rest = bits % 8;
  if (rest == 0) return true;
  auto mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (a[full] & mask) == (b[full] & mask);
}

}  // namespace

core::Result<IpAllowList> IpAllowList::Parse(const std::vector<std::string>& entries) {
  IpAllowList list;
  for (const auto& raw : entries) {
    std::string_view entry = Trim(raw);
    auto bad = [&] {
      return core::Fail(core::ErrorCode::kInvalidArgument,
                        "'" + std::string(entry) +
                            "' is not an IP address or CIDR range (expected e.g. 203.0.113.7 or "
                            "10.0.0.0/8)");
    };
    std::string_view addr = entry;
    std::optional<int> prefix;
    if (size_t slash = entry.find('/'); slash != std::string_view::npos) {
      addr = entry.substr(0, slash);
      std::string_view p = entry.substr(slash + 1);
      int v = -1;
      auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), v);
      if (p.empty() || ec != std::errc() || ptr != p.data() + p.size()) return bad();
      prefix = v;
    }
    bool v4 = false;
    auto ip = ParseIp(addr, &v4);
    if (!ip) return bad();
    const bool written_v4 = addr.find(':') == std::string_view::npos;
    int bits = prefix.value_or(written_v4 ? 32 : 128);
    if (bits < 0 || bits > (written_v4 ? 32 : 128)) return bad();
    Range r{};
    std::memcpy(r.bytes, ip->data(), 16);
    r.prefix_bits = written_v4 ? 96 + bits : bits;
    list.ranges_.push_back(r);
  }
  return list;
}

bool IpAllowList::Contains(std::string_view ip) const {
  auto parsed = ParseIp(ip, nullptr);
  if (!parsed) return false;
  for (const auto& r : ranges_) {
    if (PrefixEqual(parsed->data(), r.bytes, r.prefix_bits)) return true;
  }
  return false;
}

std::string ClientIp(std::string_view peer_ip, const std::vector<std::string_view>& forwarded_for,
                     const IpAllowList& trusted_proxies) {
  std::string client(peer_ip);
  if (!trusted_proxies.Contains(peer_ip)) return client;
  // Every X-Forwarded-For field, in order, split on commas: the rightmost hop is the newest.
  std::vector<std::string_view> hops;
  for (std::string_view field : forwarded_for) {
    while (!field.empty()) {
      size_t comma = field.find(',');
      hops.push_back(Trim(field.substr(0, comma)));
      field = comma == std::string_view::npos ? std::string_view() : field.substr(comma + 1);
    }
  }
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    if (!ParseIp(*it, nullptr)) break;
    client = std::string(*it);
    if (!trusted_proxies.Contains(*it)) break;
  }
  return client;
}

}  // namespace leados::http
