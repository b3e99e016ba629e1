#include "privacy/suppression_store.h"

#include <gtest/gtest.h>

#include "privacy/identity.h"
#include "store/test_support.h"

namespace leados::privacy {
namespace {

constexpr char kVector[] = "vGM7y5n+hBXRSEAklhHDPCbysyNgYTmXdMcagGUOY8E=";

class SuppressionStoreTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    auto fresh = store::testing::FreshDatabase::Open(GetParam(), clock_, 3);
    if (!fresh && fresh.error().code == core::ErrorCode::kUnavailable) {
      GTEST_SKIP() << fresh.error().message;
    }
    ASSERT_TRUE(fresh) << fresh.error().message;
    fresh_ = std::move(*fresh);
    store_ = std::make_unique<SuppressionStore>(fresh_->db(), clock_);
  }

  core::ManualClock clock_{core::TimePoint(std::chrono::milliseconds(1'790'000'000'000))};
  std::unique_ptr<store::testing::FreshDatabase> fresh_;
  std::unique_ptr<SuppressionStore> store_;
};

TEST_P(SuppressionStoreTest, ImportedDropHashesSuppressThatPhone) {
  auto phone = NormalizePhone("+1 (415) 555-9317");
  ASSERT_TRUE(phone);
  EXPECT_FALSE(*store_->AnyOf({*DropHash(*phone)}));
  auto imported = store_->ImportDrop(std::string(kVector) + "\r\n\n" +
                                     "ptzVkgbv9DonwvPCHmXmJ2SEOaolSh37z3ZzY/Gmm+U=\n");
  ASSERT_TRUE(imported) << imported.error().message;
  EXPECT_EQ(imported->lines, 2);
  EXPECT_EQ(imported->added, 2);
  EXPECT_EQ(imported->already, 0);
  EXPECT_TRUE(*store_->AnyOf({"other", *DropHash(*phone)}));
  auto again = store_->ImportDrop(std::string(kVector) + "\n");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->added, 0) << "an import is idempotent";
  EXPECT_EQ(again->already, 1);
  EXPECT_EQ(*store_->Counts(), (std::pair<int64_t, int64_t>{0, 2}));
}

TEST_P(SuppressionStoreTest, MalformedLinesAreNamedAndNothingIsImported) {
  auto bad = store_->ImportDrop(std::string(kVector) + "\nnot-a-hash\n\n4155559317\n");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(bad.error().message.find("line 2, 4:"), std::string::npos) << bad.error().message;
  EXPECT_FALSE(*store_->AnyOf({kVector})) << "all or nothing";
}

TEST_P(SuppressionStoreTest, KeyedHashesAddedInATransaction) {
  const std::string h(64, 'a');
  auto st = fresh_->db().Transact([&](store::SqlSession& tx) -> core::Status {
    auto first = store_->AddKeyed(tx, h, "prq_1");
    if (!first) return core::Fail(first.error());
    EXPECT_TRUE(*first);
    auto second = store_->AddKeyed(tx, h, "prq_2");
    if (!second) return core::Fail(second.error());
    EXPECT_FALSE(*second);
    return core::Ok();
  });
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_TRUE(*store_->AnyOf({h}));
  EXPECT_FALSE(*store_->AnyOf({}));
}

INSTANTIATE_TEST_SUITE_P(Backends, SuppressionStoreTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) {
                           return info.param == store::Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace leados::privacy
