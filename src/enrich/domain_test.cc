#include "enrich/domain.h"

#include <gtest/gtest.h>

namespace leados::enrich {
namespace {

TEST(Domain, HostOfUrl) {
  EXPECT_EQ(HostOfUrl("https://Jobs.Acme.com:443/x?y#z"), "jobs.acme.com");
  EXPECT_EQ(HostOfUrl("acme.io"), "acme.io");
  EXPECT_EQ(HostOfUrl("https://http://investors.evergy.com"), "investors.evergy.com");
  EXPECT_EQ(HostOfUrl("http://user@www.acme.com/"), "www.acme.com");
  EXPECT_EQ(HostOfUrl("not a url"), "");
  EXPECT_EQ(HostOfUrl(""), "");
}

TEST(Domain, RegistrableDomain) {
  EXPECT_EQ(RegistrableDomain("jobs.acme.com"), "acme.com");
  EXPECT_EQ(RegistrableDomain("www.careers.acme.com"), "acme.com");
  EXPECT_EQ(RegistrableDomain("acme.com"), "acme.com");
  EXPECT_EQ(RegistrableDomain("www.bbc.co.uk"), "bbc.co.uk");
  EXPECT_EQ(RegistrableDomain("careers.acme.com.au"), "acme.com.au");
  EXPECT_EQ(RegistrableDomain("nubank.com.br"), "nubank.com.br");
  EXPECT_EQ(RegistrableDomain("Shop.Example.CO.JP."), "example.co.jp");
  EXPECT_EQ(RegistrableDomain("localhost"), "localhost");
  EXPECT_EQ(RegistrableDomain("10.0.0.1"), "10.0.0.1");
}

TEST(Domain, EmailDomainsInText) {
  auto d =
      EmailDomainsIn("Write to Jane.Doe@Acme.com or jobs@acme.com, cc bob@mail.example.co.uk.");
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0], "acme.com");
  EXPECT_EQ(d[1], "mail.example.co.uk");
  EXPECT_TRUE(EmailDomainsIn("follow @acme on X, price is 5@ea").empty());
}

}  // namespace
}  // namespace leados::enrich
