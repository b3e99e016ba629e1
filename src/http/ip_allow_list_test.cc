#include "http/ip_allow_list.h"

#include <gtest/gtest.h>

namespace leados::http {
namespace {

TEST(IpAllowListTest, AddressesAndRanges) {
  auto list =
      IpAllowList::Parse({"203.0.113.7", "10.0.0.0/8", "2001:db8::/32", " 192.168.1.0/24 "});
  ASSERT_TRUE(list) << list.error().message;
  EXPECT_TRUE(list->Contains("203.0.113.7"));
  EXPECT_FALSE(list->Contains("203.0.113.8"));
  EXPECT_TRUE(list->Contains("10.255.0.1"));
  EXPECT_FALSE(list->Contains("11.0.0.1"));
  EXPECT_TRUE(list->Contains("192.168.1.200"));
  EXPECT_TRUE(list->Contains("::ffff:10.1.2.3"));  // IPv4-mapped
  EXPECT_TRUE(list->Contains("2001:db8:1::5"));
  EXPECT_FALSE(list->Contains("2001:db9::1"));
  EXPECT_FALSE(list->Contains("not-an-ip"));
  EXPECT_FALSE(list->Contains(""));
}

TEST(IpAllowListTest, EmptyContainsNothingAndZeroPrefixContainsAll) {
  EXPECT_FALSE(IpAllowList().Contains("127.0.0.1"));
  auto all = IpAllowList::Parse({"0.0.0.0/0"});
  ASSERT_TRUE(all);
  EXPECT_TRUE(all->Contains("8.8.8.8"));
  EXPECT_FALSE(all->Contains("::1"));  // an IPv4 range holds IPv4 addresses only
}

TEST(IpAllowListTest, BadEntriesNamed) {
  for (const char* bad :
       {"10.0.0.0/33", "10.0.0.0/", "300.1.1.1", "::/129", "example.com", "1.2.3.4/x"}) {
    auto list = IpAllowList::Parse({"127.0.0.1", bad});
    ASSERT_FALSE(list) << bad;
    EXPECT_NE(list.error().message.find(bad), std::string::npos) << list.error().message;
  }
}

TEST(ClientIpTest, ForwardedForBelievedOnlyFromTrustedProxies) {
  auto proxies = IpAllowList::Parse({"10.0.0.0/8"});
  ASSERT_TRUE(proxies);
  // Untrusted peer: its header is ignored.
  EXPECT_EQ(ClientIp("198.51.100.9", {"203.0.113.7"}, *proxies), "198.51.100.9");
  // Trusted proxy appended the real client.
  EXPECT_EQ(ClientIp("10.0.0.2", {"198.51.100.9"}, *proxies), "198.51.100.9");
  // A forged hop sent by the client stays to the left of what the proxy appended.
  EXPECT_EQ(ClientIp("10.0.0.2", {"203.0.113.7, 198.51.100.9"}, *proxies), "198.51.100.9");
  // Two trusted proxies in a row, and repeated header fields.
  EXPECT_EQ(ClientIp("10.0.0.2", {"203.0.113.7", "198.51.100.9, 10.0.0.3"}, *proxies),
            "198.51.100.9");
  // Garbage ends the walk at the last good hop.
  EXPECT_EQ(ClientIp("10.0.0.2", {"junk, 10.0.0.5"}, *proxies), "10.0.0.5");
  EXPECT_EQ(ClientIp("10.0.0.2", {}, *proxies), "10.0.0.2");
}

}  // namespace
}  // namespace leados::http
