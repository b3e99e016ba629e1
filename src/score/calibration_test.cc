#include "score/calibration.h"

#include <gtest/gtest.h>

#include <random>

namespace leados::score {
namespace {

TEST(PlattCalibration, FitIsIncreasingAndCorrectsAnOverconfidentModel) {
  // A model that says 0.95 when the true rate is about 0.7, and 0.05 when it is about 0.3.
  std::vector<double> p;
  std::vector<bool> y;
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> u(0, 1);
  for (int i = 0; i < 2000; ++i) {
    const bool high = i % 2 == 0;
    p.push_back(high ? 0.95 : 0.05);
    y.push_back(u(rng) < (high ? 0.7 : 0.3));
  }
  auto cal = PlattCalibration::Fit(p, y);
  ASSERT_TRUE(cal) << cal.error().message;
  EXPECT_GT(cal->a(), 0);
  EXPECT_NEAR(cal->Apply(0.95), 0.7, 0.05);
  EXPECT_NEAR(cal->Apply(0.05), 0.3, 0.05);
  double prev = 0;
  for (double x = 0.01; x < 1; x += 0.01) {
    EXPECT_GE(cal->Apply(x), prev);
    prev = cal->Apply(x);
  }
}

TEST(PlattCalibration, SeparableDataStaysFinite) {
  std::vector<double> p = {0.01, 0.02, 0.03, 0.97, 0.98, 0.99};
  std::vector<bool> y = {false, false, false, true, true, true};
  auto cal = PlattCalibration::Fit(p, y);
  ASSERT_TRUE(cal) << cal.error().message;
  EXPECT_GT(cal->Apply(0.99), 0.7);
  EXPECT_LT(cal->Apply(0.01), 0.3);
}

TEST(PlattCalibration, NeedsBothClasses) {
  auto cal = PlattCalibration::Fit({0.2, 0.3}, {false, false});
  ASSERT_FALSE(cal);
  EXPECT_EQ(cal.error().code, core::ErrorCode::kFailedPrecondition);
}

TEST(PlattCalibration, JsonRoundTrip) {
  PlattCalibration c(1.25, -0.5);
  auto back = PlattCalibration::FromJson(c.ToJson());
  ASSERT_TRUE(back);
  EXPECT_DOUBLE_EQ(back->a(), 1.25);
  EXPECT_DOUBLE_EQ(back->b(), -0.5);
  EXPECT_FALSE(PlattCalibration::FromJson("{\"a\":-1,\"b\":0}"));
  EXPECT_FALSE(PlattCalibration::FromJson("not json"));
}

TEST(ScoreDeciles, BucketsByTensAndCountsIntent) {
  auto rows = ScoreDeciles({0, 9, 10, 55, 99, 100}, {false, true, false, true, true, true});
  ASSERT_EQ(rows.size(), 10u);
  EXPECT_EQ(rows[0].count, 2);
  EXPECT_EQ(rows[0].intents, 1);
  EXPECT_EQ(rows[1].count, 1);
  EXPECT_EQ(rows[5].intents, 1);
  EXPECT_EQ(rows[9].count, 2);
  EXPECT_DOUBLE_EQ(rows[9].observed_rate(), 1.0);
  EXPECT_DOUBLE_EQ(rows[3].observed_rate(), 0.0);
}

}  // namespace
}  // namespace leados::score
