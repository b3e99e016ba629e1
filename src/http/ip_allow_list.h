#pragma once
// IpAllowList: a set of IPv4/IPv6 addresses and CIDR ranges ("203.0.113.7", "10.0.0.0/8",
// "2001:db8::/32"), and ClientIp, which finds the address a request really came from when
// trusted reverse proxies sit in front of the server.
//
// Used for `admin.allow_ips` (who may reach /admin at all) and `admin.trusted_proxies` (whose
// X-Forwarded-For is believed). IPv4-mapped IPv6 addresses ("::ffff:10.1.2.3") are compared as
// the IPv4 address they carry. Immutable after Parse: thread-safe.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace leados::http {

class IpAllowList {
 public:
  // An empty list: contains nothing.
  IpAllowList() = default;
  // Parses every entry. kInvalidArgument naming the first bad entry ("'10.0.0.0/33' is not an IP
  // address or CIDR range (expected e.g. 203.0.113.7 or 10.0.0.0/8)"). A CIDR whose host bits are
  // set ("10.1.2.3/8") is accepted and means its network.
  static core::Result<IpAllowList> Parse(const std::vector<std::string>& entries);

  // True when `ip` (a textual address; no port, no brackets) is in one of the ranges. An
  // unparsable `ip` is never contained.
  bool Contains(std::string_view ip) const;
  bool empty() const { return ranges_.empty(); }

 private:
  struct Range {
    uint8_t bytes[16];  // IPv4 as IPv4-mapped IPv6
    int prefix_bits;    // 0..128 over the 16 bytes
  };
  std::vector<Range> ranges_;
};

// The client's address: the TCP peer, unless the peer is a trusted proxy, in which case the
// X-Forwarded-For chain is walked from the right, skipping trusted proxies, and the first address
// that is not one is the client. Entries that do not parse end the walk at the last good hop.
// So a client cannot forge its address by sending its own X-Forwarded-For: the untrusted peer's
// header is ignored, and through a trusted proxy only the hop the proxy appended counts.
std::string ClientIp(std::string_view peer_ip, const std::vector<std::string_view>& forwarded_for,
                     const IpAllowList& trusted_proxies);

}  // namespace leados::http
