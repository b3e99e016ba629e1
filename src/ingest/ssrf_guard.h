#pragma once
// SSRF guard: decides whether an outgoing request may connect to an address. A source URL is
// user input; without this check a URL (or a redirect, or a DNS answer) could make the server
// read its own loopback services, the cloud metadata endpoint (169.254.169.254) or the private
// network. The HTTP client resolves every hop itself, vets ALL addresses here, and then pins the
// connection to exactly those addresses.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace leados::ingest {

// What kind of network an IP address belongs to.
enum class AddressClass {
  kPublic,       // globally routable
  kLoopback,     // 127.0.0.0/8, ::1
  kPrivate,      // RFC 1918 (10/8, 172.16/12, 192.168/16), fec0::/10
  kLinkLocal,    // 169.254.0.0/16 (cloud metadata lives here), fe80::/10
  kUniqueLocal,  // fc00::/7
  kCgnat,        // 100.64.0.0/10 (shared address space)
  kUnspecified,  // 0.0.0.0/8, ::
  kMulticast,    // 224.0.0.0/4, ff00::/8
  kReserved,     // documentation, benchmarking, 240/4, broadcast, 192.0.0/24, discard, …
};

// "public", "loopback", "private", "link-local", "unique-local", "carrier-grade NAT",
// "unspecified", "multicast", "reserved".
std::string_view AddressClassName(AddressClass c);

// Classifies a textual IPv4 or IPv6 address ("10.0.0.1", "fe80::1", "::ffff:127.0.0.1").
// IPv4 embedded in IPv6 (mapped ::ffff:0:0/96, compatible ::/96, NAT64 64:ff9b::/96, 6to4
// 2002::/16) is classified by the embedded IPv4 address. nullopt when `ip` is not an address.
std::optional<AddressClass> ClassifyAddress(std::string_view ip);

struct SsrfPolicy {
  // fetch.allow_private: when true, every address class is allowed (tests, on-premise feeds).
  bool allow_private = false;
  // Exact "ADDRESS:PORT" endpoints ("127.0.0.1:8080", "[::1]:8080") allowed whatever their
  // class. Meant for tests and for a deliberately exposed internal service; empty by default.
  std::vector<std::string> allowed_endpoints;
};

// Resolves a host name to textual addresses (getaddrinfo by default; tests inject their own).
using HostResolver =
    std::function<core::Result<std::vector<std::string>>(std::string_view host, uint16_t port)>;

// The resolver used in production: getaddrinfo, IPv4 and IPv6, de-duplicated. Errors are
// kNotFound "could not resolve host …".
core::Result<std::vector<std::string>> ResolveWithGetaddrinfo(std::string_view host, uint16_t port);

// Vets destinations against a policy. Thread-safe (immutable after construction).
class SsrfGuard {
 public:
  explicit SsrfGuard(SsrfPolicy policy, HostResolver resolver = ResolveWithGetaddrinfo);

  // Resolves `host` (a name, an IPv4 literal or an IPv6 literal with or without brackets) and
  // returns every address it maps to, if ALL of them are allowed. Errors: kNotFound when the
  // name does not resolve; kPermissionDenied naming the address and its class when any address
  // is refused ("refusing to connect to 10.0.0.1 (private) for host intranet: …").
  core::Result<std::vector<std::string>> Vet(std::string_view host, uint16_t port) const;

  // True when a single address may be connected to on that port (the socket-level check).
  bool Allows(std::string_view ip, uint16_t port) const;

  const SsrfPolicy& policy() const { return policy_; }

 private:
  SsrfPolicy policy_;
  HostResolver resolver_;
};

}  // namespace leados::ingest
