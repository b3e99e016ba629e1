#include "ingest/ssrf_guard.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cstring>

namespace leados::ingest {
namespace {

using V4 = std::array<uint8_t, 4>;
using V6 = std::array<uint8_t, 16>;

bool InV4(const V4& a, uint8_t b0, uint8_t b1, int prefix) {
  uint32_t addr = (uint32_t{a[0]} << 24) | (uint32_t{a[1]} << 16) | (uint32_t{a[2]} << 8) | a[3];
  uint32_t net = (uint32_t{b0} << 24) | (uint32_t{b1} << 16);
  uint32_t mask = prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix);
  return (addr & mask) == (net & mask);
}

bool InV4(const V4& a, V4 net, int prefix) {
  uint32_t addr = (uint32_t{a[0]} << 24) | (uint32_t{a[1]} << 16) | (uint32_t{a[2]} << 8) | a[3];
  uint32_t n =
      (uint32_t{net[0]} << 24) | (uint32_t{net[1]} << 16) | (uint32_t{net[2]} << 8) | net[3];
  uint32_t mask = prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix);
  return (addr & mask) == (n & mask);
}

AddressClass ClassifyV4(const V4& a) {
  if (InV4(a, 0, 0, 8)) return AddressClass::kUnspecified;
  if (InV4(a, 10, 0, 8) || InV4(a, 172, 16, 12) || InV4(a, 192, 168, 16)) {
    return AddressClass::kPrivate;
  }
  if (InV4(a, 127, 0, 8)) return AddressClass::kLoopback;
  if (InV4(a, 169, 254, 16)) return AddressClass::kLinkLocal;
  if (InV4(a, 100, 64, 10)) return AddressClass::kCgnat;
  if (InV4(a, 224, 0, 4)) return AddressClass::kMulticast;
  if (InV4(a, 240, 0, 4)) return AddressClass::kReserved;  // includes 255.255.255.255
  if (InV4(a, V4{192, 0, 0, 0}, 24) || InV4(a, V4{192, 0, 2, 0}, 24) ||
      InV4(a, V4{198, 51, 100, 0}, 24) || InV4(a, V4{203, 0, 113, 0}, 24) || InV4(a, 198, 18, 15) ||
      InV4(a, V4{192, 88, 99, 0}, 24)) {
    return AddressClass::kReserved;
  }
  return AddressClass::kPublic;
}

bool PrefixEq(const V6& a, std::initializer_list<uint8_t> prefix_bytes) {
  size_t i = 0;
  for (uint8_t b : prefix_bytes) {
    if (a[i++] != b) return false;
  }
  return true;
}

AddressClass ClassifyV6(const V6& a) {
  static constexpr V6 kZero{};
  V6 loop{};
  loop[15] = 1;
  if (a == kZero) return AddressClass::kUnspecified;
  if (a == loop) return AddressClass::kLoopback;
  // IPv4-mapped ::ffff:a.b.c.d and IPv4-compatible ::a.b.c.d: judge the embedded address.
  bool first80_zero = std::all_of(a.begin(), a.begin() + 10, [](uint8_t b) { return b == 0; });
  if (first80_zero && ((a[10] == 0xff && a[11] == 0xff) || (a[10] == 0 && a[11] == 0))) {
    return ClassifyV4(V4{a[12], a[13], a[14], a[15]});
  }
  // NAT64 well-known prefix 64:ff9b::/96.
  if (PrefixEq(a, {0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0})) {
    return ClassifyV4(V4{a[12], a[13], a[14], a[15]});
  }
  // 6to4 2002:AABB:CCDD::/48 carries a.b.c.d.
  if (a[0] == 0x20 && a[1] == 0x02) return ClassifyV4(V4{a[2], a[3], a[4], a[5]});
  if (a[0] == 0xff) return AddressClass::kMulticast;
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) return AddressClass::kLinkLocal;
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0) return AddressClass::kPrivate;  // site-local
  if ((a[0] & 0xfe) == 0xfc) return AddressClass::kUniqueLocal;
  // Documentation 2001:db8::/32, Teredo 2001::/32 (tunnels to arbitrary IPv4), discard 100::/64.
  if (PrefixEq(a, {0x20, 0x01, 0x0d, 0xb8}) || PrefixEq(a, {0x20, 0x01, 0x00, 0x00}) ||
      PrefixEq(a, {0x01, 0x00, 0, 0, 0, 0, 0, 0})) {
    return AddressClass::kReserved;
  }
  // Anything outside 2000::/3 is not global unicast today.
  if ((a[0] & 0xe0) != 0x20) return AddressClass::kReserved;
  return AddressClass::kPublic;
}

std::string StripBrackets(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    return std::string(host.substr(1, host.size() - 2));
  }
  return std::string(host);
}

// "ADDRESS:PORT" with IPv6 in brackets.
std::string Endpoint(std::string_view ip, uint16_t port) {
  if (ip.find(':') != std::string_view::npos) return fmt::format("[{}]:{}", ip, port);
  return fmt::format("{}:{}", ip, port);
}

}  // namespace

std::string_view AddressClassName(AddressClass c) {
  switch (c) {
    case AddressClass::kPublic: return "public";
    case AddressClass::kLoopback: return "loopback";
    case AddressClass::kPrivate: return "private";
    case AddressClass::kLinkLocal: return "link-local";
    case AddressClass::kUniqueLocal: return "unique-local";
    case AddressClass::kCgnat: return "carrier-grade NAT";
    case AddressClass::kUnspecified: return "unspecified";
    case AddressClass::kMulticast: return "multicast";
    case AddressClass::kReserved: return "reserved";
  }
  return "reserved";
}

std::optional<AddressClass> ClassifyAddress(std::string_view ip) {
  std::string text = StripBrackets(ip);
  // Zone ids ("fe80::1%eth0") do not change the class.
  if (auto pct = text.find('%'); pct != std::string::npos) text.resize(pct);
  V4 v4{};
  if (inet_pton(AF_INET, text.c_str(), v4.data()) == 1) return ClassifyV4(v4);
  V6 v6{};
  if (inet_pton(AF_INET6, text.c_str(), v6.data()) == 1) return ClassifyV6(v6);
  return std::nullopt;
}

core::Result<std::vector<std::string>> ResolveWithGetaddrinfo(std::string_view host,
                                                              uint16_t port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  std::string host_s(host);
  std::string port_s = std::to_string(port);
  int rc = getaddrinfo(host_s.c_str(), port_s.c_str(), &hints, &list);
  if (rc != 0) {
    return core::NotFound(fmt::format("could not resolve host {}: {}", host, gai_strerror(rc)));
  }
  std::vector<std::string> out;
  for (addrinfo* ai = list; ai != nullptr; ai = ai->ai_next) {
    char buf[INET6_ADDRSTRLEN] = {};
    const void* src = nullptr;
    if (ai->ai_family == AF_INET) {
      src = &reinterpret_cast<const sockaddr_in*>(ai->ai_addr)->sin_addr;
    } else if (ai->ai_family == AF_INET6) {
      src = &reinterpret_cast<const sockaddr_in6*>(ai->ai_addr)->sin6_addr;
    } else {
      continue;
    }
    if (inet_ntop(ai->ai_family, src, buf, sizeof buf) == nullptr) continue;
    std::string s(buf);
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
  }
  freeaddrinfo(list);
  if (out.empty()) return core::NotFound(fmt::format("host {} has no IPv4 or IPv6 address", host));
  return out;
}

SsrfGuard::SsrfGuard(SsrfPolicy policy, HostResolver resolver)
    : policy_(std::move(policy)), resolver_(std::move(resolver)) {}

bool SsrfGuard::Allows(std::string_view ip, uint16_t port) const {
  auto cls = ClassifyAddress(ip);
  if (!cls) return false;
  if (policy_.allow_private || *cls == AddressClass::kPublic) return true;
  std::string endpoint = Endpoint(StripBrackets(ip), port);
  return std::find(policy_.allowed_endpoints.begin(), policy_.allowed_endpoints.end(), endpoint) !=
         policy_.allowed_endpoints.end();
}

core::Result<std::vector<std::string>> SsrfGuard::Vet(std::string_view host, uint16_t port) const {
  std::string bare = StripBrackets(host);
  if (bare.empty()) return core::InvalidArgument("the URL has no host");
  std::vector<std::string> addresses;
  if (ClassifyAddress(bare)) {
    addresses.push_back(bare);
  } else {
    auto resolved = resolver_(bare, port);
    if (!resolved) return core::Fail(resolved.error());
    addresses = std::move(*resolved);
    if (addresses.empty()) return core::NotFound(fmt::format("host {} has no address", bare));
  }
  // Refuse when ANY address is refused: a name that mixes a public and a private answer is
  // either misconfigured or an attack, and curl might pick either.
  for (const auto& ip : addresses) {
    if (Allows(ip, port)) continue;
    auto cls = ClassifyAddress(ip);
    std::string what = cls ? std::string(AddressClassName(*cls)) : "unparseable";
    if (ip == bare) {
      return core::Fail(core::ErrorCode::kPermissionDenied,
                        fmt::format("refusing to connect to {} ({} address); set "
                                    "fetch.allow_private = true to allow private networks",
                                    Endpoint(ip, port), what));
    }
    return core::Fail(core::ErrorCode::kPermissionDenied,
                      fmt::format("refusing to connect to {} ({} address) for host {}; set "
                                  "fetch.allow_private = true to allow private networks",
                                  Endpoint(ip, port), what, bare));
  }
  return addresses;
}

}  // namespace leados::ingest
