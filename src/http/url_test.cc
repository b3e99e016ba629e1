#include "http/url.h"

#include <gtest/gtest.h>

namespace leados::http {
namespace {

TEST(UrlTest, PercentDecode) {
  EXPECT_EQ(PercentDecode("/a%20b/%C3%A9"), "/a b/\xC3\xA9");
  EXPECT_EQ(PercentDecode("a+b"), "a+b");
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
  EXPECT_EQ(PercentDecode("%zz"), std::nullopt);
  EXPECT_EQ(PercentDecode("abc%"), std::nullopt);
  EXPECT_EQ(PercentDecode("abc%4"), std::nullopt);
  EXPECT_EQ(PercentDecode("a%00b"), std::nullopt);
}

TEST(UrlTest, ParseQuery) {
  auto q = ParseQuery("a=1&b=x+y&flag&&c=%26&a=2");
  EXPECT_EQ(q.count("a"), 2u);
  EXPECT_EQ(q.find("b")->second, "x y");
  EXPECT_EQ(q.find("flag")->second, "");
  EXPECT_EQ(q.find("c")->second, "&");
  EXPECT_EQ(ParseQuery("bad=%zz").find("bad")->second, "%zz");
}

}  // namespace
}  // namespace leados::http
