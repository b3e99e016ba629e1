// Billing profiles: validation messages name the field; stored and read back on both backends.
#include "billing/billing_profile.h"

#include <gtest/gtest.h>

#include "store/test_support.h"

namespace leados::billing {
namespace {

BillingProfile Valid() {
  return BillingProfile{.name = "  Zoë Müller ",
                        .company = "Zoë Müller GmbH",
                        .address_lines = {"Domplatz 3", ""},
                        .postal_code = "50667",
                        .city = "Köln",
                        .country = "de",
                        .vat_id = "de811907980"};
}

TEST(BillingProfile, NormalisesAValidProfile) {
  auto p = ValidateBillingProfile(Valid());
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->name, "Zoë Müller");
  EXPECT_EQ(p->country, "DE");
  EXPECT_EQ(p->vat_id, "DE811907980");
  EXPECT_EQ(p->address_lines, std::vector<std::string>{"Domplatz 3"});
  EXPECT_EQ(AddressBlock(*p),
            (std::vector<std::string>{"Zoë Müller GmbH", "Zoë Müller", "Domplatz 3", "50667 Köln",
                                      "DE", "VAT: DE811907980"}));
}

TEST(BillingProfile, ErrorsNameTheField) {
  struct Case {
    std::function<void(BillingProfile&)> change;
    std::string says;
  };
  const std::vector<Case> cases = {
      {[](BillingProfile& p) { p.name = " "; }, "name: is required"},
      {[](BillingProfile& p) { p.address_lines.clear(); }, "address_lines: at least one"},
      {[](BillingProfile& p) {
         p.address_lines = {"a", "b", "c", "d"};
       },
       "address_lines: at most 3"},
      {[](BillingProfile& p) { p.city = ""; }, "city: is required"},
      {[](BillingProfile& p) { p.country = "Germany"; }, "country: must be a two-letter"},
      {[](BillingProfile& p) { p.vat_id = "811907980"; }, "vat_id:"},
      {[](BillingProfile& p) { p.name = "bad\x01name"; }, "name: must be UTF-8"},
      {[](BillingProfile& p) { p.city = "\xff\xfe"; }, "city: must be UTF-8"},
      {[](BillingProfile& p) { p.postal_code = std::string(21, '1'); },
       "postal_code: must be at most 20"},
  };
  for (const auto& c : cases) {
    BillingProfile p = Valid();
    c.change(p);
    auto r = ValidateBillingProfile(p);
    ASSERT_FALSE(r) << c.says;
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().message.find(c.says), std::string::npos) << r.error().message;
  }
}

class BillingProfileStoreTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    auto fresh = store::testing::FreshDatabase::Open(GetParam(), clock_);
    if (!fresh && fresh.error().code == core::ErrorCode::kUnavailable)
      GTEST_SKIP() << fresh.error().message;
    ASSERT_TRUE(fresh) << fresh.error().message;
    fresh_ = std::move(*fresh);
  }
  core::ManualClock clock_;
  std::unique_ptr<store::testing::FreshDatabase> fresh_;
};

TEST_P(BillingProfileStoreTest, UpdateAndGet) {
  BillingProfileStore profiles(fresh_->db(), clock_);
  auto missing = profiles.Get("acct_a");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
  ASSERT_TRUE(profiles.Update("acct_a", Valid()));
  BillingProfile changed = Valid();
  changed.address_lines = {"Hohe Straße 1", "Hinterhaus"};
  ASSERT_TRUE(profiles.Update("acct_a", changed));
  auto got = profiles.Get("acct_a");
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->address_lines, (std::vector<std::string>{"Hohe Straße 1", "Hinterhaus"}));
  EXPECT_EQ(got->city, "Köln");
  EXPECT_FALSE(profiles.Get("acct_b"));
  // An invalid update stores nothing.
  BillingProfile bad = Valid();
  bad.country = "";
  EXPECT_FALSE(profiles.Update("acct_a", bad));
  EXPECT_EQ(profiles.Get("acct_a")->country, "DE");
}

INSTANTIATE_TEST_SUITE_P(Backends, BillingProfileStoreTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) {
                           return std::string(store::DialectName(info.param));
                         });

}  // namespace
}  // namespace leados::billing
