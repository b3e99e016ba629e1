#include "billing/price_list.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace leados::billing {
namespace {

std::string Trimmed(std::string s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

// Each line of testdata/prices.txt: configuration -> the price of one lead (or "error").
TEST(PriceList, FollowsTheTableInTestdata) {
  const char* root = std::getenv("LEADOS_SOURCE_DIR");
  const std::string file = root ? std::string(root) + "/src/billing/testdata/prices.txt"
                                : std::string(LEADOS_BILLING_SOURCE_DIR "/testdata/prices.txt");
  std::ifstream in(file);
  ASSERT_TRUE(in) << file;
  std::string line;
  int cases = 0;
  while (std::getline(in, line)) {
    if (Trimmed(line).empty() || Trimmed(line)[0] == '#') continue;
    std::vector<std::string> cols;
    std::stringstream ss(line);
    for (std::string c; std::getline(ss, c, '|');) cols.push_back(Trimmed(c));
    ASSERT_EQ(cols.size(), 6u) << line;
    auto prices = PriceList::Parse(std::stoll(cols[0]), cols[1], cols[2]);
    if (cols[5] == "error") {
      ASSERT_FALSE(prices) << line;
      EXPECT_EQ(prices.error().code, core::ErrorCode::kInvalidArgument);
      EXPECT_EQ(prices.error().message.rfind("billing.price.", 0), 0u) << prices.error().message;
    } else {
      ASSERT_TRUE(prices) << line << ": " << prices.error().message;
      EXPECT_EQ(prices->PriceOf(cols[3], cols[4]), std::stoll(cols[5])) << line;
    }
    ++cases;
  }
  EXPECT_GE(cases, 14);
}

}  // namespace
}  // namespace leados::billing
