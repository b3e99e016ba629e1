#include "ingest/ssrf_guard.h"

#include <gtest/gtest.h>

namespace leados::ingest {
namespace {

struct ClassCase {
  const char* ip;
  AddressClass want;
};

TEST(SsrfGuardTest, ClassifiesIpv4AndIpv6Addresses) {
  const ClassCase cases[] = {
      {"8.8.8.8", AddressClass::kPublic},
      {"93.184.216.34", AddressClass::kPublic},
      {"127.0.0.1", AddressClass::kLoopback},
      {"127.255.255.254", AddressClass::kLoopback},
      {"10.0.0.1", AddressClass::kPrivate},
      {"172.16.0.1", AddressClass::kPrivate},
      {"172.31.255.255", AddressClass::kPrivate},
      {"172.32.0.1", AddressClass::kPublic},
      {"192.168.1.1", AddressClass::kPrivate},
      {"169.254.169.254", AddressClass::kLinkLocal},
      {"100.64.0.1", AddressClass::kCgnat},
      {"100.127.255.255", AddressClass::kCgnat},
      {"100.128.0.1", AddressClass::kPublic},
      {"0.0.0.0", AddressClass::kUnspecified},
      {"0.1.2.3", AddressClass::kUnspecified},
      {"224.0.0.1", AddressClass::kMulticast},
      {"239.255.255.250", AddressClass::kMulticast},
      {"255.255.255.255", AddressClass::kReserved},
      {"240.0.0.1", AddressClass::kReserved},
      {"192.0.2.10", AddressClass::kReserved},
      {"198.18.0.1", AddressClass::kReserved},
      {"2606:4700:4700::1111", AddressClass::kPublic},
      {"::1", AddressClass::kLoopback},
      {"[::1]", AddressClass::kLoopback},
      {"::", AddressClass::kUnspecified},
      {"fe80::1", AddressClass::kLinkLocal},
      {"fe80::1%eth0", AddressClass::kLinkLocal},
      {"febf::1", AddressClass::kLinkLocal},
      {"fc00::1", AddressClass::kUniqueLocal},
      {"fd12:3456::1", AddressClass::kUniqueLocal},
      {"fec0::1", AddressClass::kPrivate},
      {"ff02::1", AddressClass::kMulticast},
      {"::ffff:127.0.0.1", AddressClass::kLoopback},
      {"::ffff:10.1.2.3", AddressClass::kPrivate},
      {"::ffff:169.254.169.254", AddressClass::kLinkLocal},
      {"::ffff:8.8.8.8", AddressClass::kPublic},
      {"::127.0.0.1", AddressClass::kLoopback},
      {"64:ff9b::a00:1", AddressClass::kPrivate},       // NAT64 of 10.0.0.1
      {"2002:a9fe:a9fe::1", AddressClass::kLinkLocal},  // 6to4 of 169.254.169.254
      {"2001:db8::1", AddressClass::kReserved},
  };
  for (const auto& c : cases) {
    auto got = ClassifyAddress(c.ip);
    ASSERT_TRUE(got.has_value()) << c.ip;
    EXPECT_EQ(AddressClassName(*got), AddressClassName(c.want)) << c.ip;
  }
  EXPECT_FALSE(ClassifyAddress("example.com").has_value());
  EXPECT_FALSE(ClassifyAddress("10.0.0").has_value());
  EXPECT_FALSE(ClassifyAddress("").has_value());
}

HostResolver FixedResolver(std::vector<std::string> answer) {
  return [answer](std::string_view host, uint16_t) -> core::Result<std::vector<std::string>> {
    if (host == "nxdomain.invalid")
      return core::NotFound("could not resolve host nxdomain.invalid");
    return answer;
  };
}

TEST(SsrfGuardTest, RefusesNamesThatResolveToAnyPrivateAddress) {
  SsrfGuard guard(SsrfPolicy{}, FixedResolver({"93.184.216.34", "10.0.0.7"}));
  auto r = guard.Vet("rebind.example", 443);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(r.error().message,
            "refusing to connect to 10.0.0.7:443 (private address) for host rebind.example; set "
            "fetch.allow_private = true to allow private networks");
}

TEST(SsrfGuardTest, AllowsPublicNamesAndReturnsEveryAddress) {
  SsrfGuard guard(SsrfPolicy{}, FixedResolver({"93.184.216.34", "2606:2800:220:1::1"}));
  auto r = guard.Vet("example.com", 443);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(*r, (std::vector<std::string>{"93.184.216.34", "2606:2800:220:1::1"}));
}

TEST(SsrfGuardTest, RefusesLiteralsWithoutResolving) {
  bool resolver_called = false;
  SsrfGuard guard(SsrfPolicy{}, [&](std::string_view, uint16_t) {
    resolver_called = true;
    return core::Result<std::vector<std::string>>(std::vector<std::string>{"8.8.8.8"});
  });
  for (const char* host :
       {"127.0.0.1", "169.254.169.254", "[::1]", "[fe80::1]", "0.0.0.0", "[::ffff:127.0.0.1]"}) {
    auto r = guard.Vet(host, 80);
    ASSERT_FALSE(r.has_value()) << host;
    EXPECT_EQ(r.error().code, core::ErrorCode::kPermissionDenied) << host;
  }
  EXPECT_FALSE(resolver_called);
  auto metadata = guard.Vet("169.254.169.254", 80);
  EXPECT_EQ(metadata.error().message,
            "refusing to connect to 169.254.169.254:80 (link-local address); set "
            "fetch.allow_private = true to allow private networks");
}

TEST(SsrfGuardTest, DnsFailureIsNotFound) {
  SsrfGuard guard(SsrfPolicy{}, FixedResolver({}));
  auto r = guard.Vet("nxdomain.invalid", 80);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, core::ErrorCode::kNotFound);
}

TEST(SsrfGuardTest, AllowPrivateAllowsEverything) {
  SsrfPolicy policy;
  policy.allow_private = true;
  SsrfGuard guard(policy, FixedResolver({"10.0.0.1", "127.0.0.1"}));
  EXPECT_TRUE(guard.Vet("intranet", 80).has_value());
  EXPECT_TRUE(guard.Vet("[::1]", 80).has_value());
}

TEST(SsrfGuardTest, AllowedEndpointIsExactAddressAndPort) {
  SsrfPolicy policy;
  policy.allowed_endpoints = {"127.0.0.1:8080", "[::1]:9090"};
  SsrfGuard guard(policy);
  EXPECT_TRUE(guard.Allows("127.0.0.1", 8080));
  EXPECT_FALSE(guard.Allows("127.0.0.1", 8081));
  EXPECT_FALSE(guard.Allows("127.0.0.2", 8080));
  EXPECT_TRUE(guard.Allows("::1", 9090));
  EXPECT_TRUE(guard.Vet("127.0.0.1", 8080).has_value());
  EXPECT_FALSE(guard.Vet("10.0.0.1", 8080).has_value());
}

TEST(SsrfGuardTest, RealResolverResolvesLocalhostToLoopbackOnly) {
  auto r = ResolveWithGetaddrinfo("localhost", 80);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  for (const auto& ip : *r) EXPECT_EQ(ClassifyAddress(ip), AddressClass::kLoopback) << ip;
  SsrfGuard guard(SsrfPolicy{});
  auto vetted = guard.Vet("localhost", 80);
  ASSERT_FALSE(vetted.has_value());
  EXPECT_NE(vetted.error().message.find("(loopback address) for host localhost"), std::string::npos)
      << vetted.error().message;
}

}  // namespace
}  // namespace leados::ingest
