#include "billing/credit_pack.h"

#include <gtest/gtest.h>

namespace leados::billing {
namespace {

TEST(CreditPack, ParsesTheDefaultsAndAPriceId) {
  auto packs = ParseCreditPacks(DefaultCreditPackSpecs());
  ASSERT_TRUE(packs) << packs.error().message;
  ASSERT_EQ(packs->size(), 3u);
  EXPECT_EQ((*packs)[0].id, "starter");
  EXPECT_EQ((*packs)[0].credits, 100);
  EXPECT_EQ((*packs)[0].amount, 2000);
  EXPECT_EQ((*packs)[0].currency, "usd");
  auto priced = ParseCreditPack("big:10000:99000:eur:price_1Abc");
  ASSERT_TRUE(priced);
  EXPECT_EQ(priced->stripe_price_id, "price_1Abc");
  EXPECT_EQ(FindCreditPack(*packs, "growth")->credits, 500);
  EXPECT_FALSE(FindCreditPack(*packs, "nope"));
}

TEST(CreditPack, RefusalsSayWhatToFix) {
  struct Case {
    std::vector<std::string> specs;
    std::string says;
  };
  for (const Case& c : std::vector<Case>{
           {{}, "needs at least one pack"},
           {{"starter:100:2000"}, "needs 4 or 5"},
           {{"Starter:100:2000:usd"}, "ID must be"},
           {{"s:0:2000:usd"}, "CREDITS"},
           {{"s:10:-1:usd"}, "AMOUNT"},
           {{"s:10:100:USD"}, "CURRENCY"},
           {{"s:10:100:usd:prod_1"}, "PRICE_ID"},
           {{"s:10:100:usd", "s:20:200:usd"}, "used twice"},
       }) {
    auto r = ParseCreditPacks(c.specs);
    ASSERT_FALSE(r) << c.says;
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().message.find(c.says), std::string::npos) << r.error().message;
  }
}

TEST(CreditPack, FormatsMoney) {
  EXPECT_EQ(FormatMoney(2000, "usd"), "20.00 USD");
  EXPECT_EQ(FormatMoney(5, "eur"), "0.05 EUR");
  EXPECT_EQ(FormatMoney(500, "jpy"), "500 JPY");
}

}  // namespace
}  // namespace leados::billing
