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
  EXPECT_DOUBLE_EQ(back->threshold(), 0.5);
  EXPECT_FALSE(PlattCalibration::FromJson("{\"a\":-1,\"b\":0}"));
  EXPECT_FALSE(PlattCalibration::FromJson("not json"));
}

TEST(PlattCalibration, ThresholdRoundTripsAndDefaultsToOneHalf) {
  auto old = PlattCalibration::FromJson("{\"method\":\"platt\",\"a\":2,\"b\":-1}");
  ASSERT_TRUE(old) << old.error().message;  // files written before the threshold existed
  EXPECT_DOUBLE_EQ(old->threshold(), 0.5);
  auto back = PlattCalibration::FromJson(PlattCalibration(2, -1, 0.75).ToJson());
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_DOUBLE_EQ(back->threshold(), 0.75);
  EXPECT_FALSE(PlattCalibration::FromJson("{\"a\":1,\"b\":0,\"threshold\":1.5}"));
  EXPECT_FALSE(PlattCalibration::FromJson("{\"a\":1,\"b\":0,\"threshold\":0}"));
  EXPECT_FALSE(PlattCalibration::FromJson("{\"a\":1,\"b\":0,\"threshold\":\"high\"}"));
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

TEST(QuantileDeciles, TenEqualRowsInScoreOrder) {
  // 20 signals: probabilities 0.00, 0.05, …, 0.95 given in reverse order; intent for p >= 0.5.
  std::vector<double> p;
  std::vector<bool> y;
  for (int i = 19; i >= 0; --i) {
    p.push_back(i * 0.05);
    y.push_back(i >= 10);
  }
  auto rows = QuantileDeciles(p, y);
  ASSERT_EQ(rows.size(), 10u);
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(rows[i].count, 2) << i;
    EXPECT_EQ(rows[i].intents, i >= 5 ? 2 : 0) << i;
    EXPECT_EQ(rows[i].lo, 10 * i) << i;      // scores 10i and 10i + 5
    EXPECT_EQ(rows[i].hi, 10 * i + 6) << i;  // one more than the highest
  }
}

TEST(QuantileDeciles, UnevenCountsAndTiesKeepInputOrder) {
  // 25 signals, all with the same probability: rows of 2 or 3 in input order, so the intent
  // flags (every fifth signal) land in the rows their positions say.
  std::vector<double> p(25, 0.3);
  std::vector<bool> y;
  for (int i = 0; i < 25; ++i) y.push_back(i % 5 == 0);
  auto rows = QuantileDeciles(p, y);
  int total = 0, intents = 0;
  for (const auto& r : rows) {
    EXPECT_TRUE(r.count == 2 || r.count == 3);
    EXPECT_EQ(r.lo, 30);
    EXPECT_EQ(r.hi, 31);
    total += r.count;
    intents += r.intents;
  }
  EXPECT_EQ(total, 25);
  EXPECT_EQ(intents, 5);
  EXPECT_EQ(rows[0].intents, 1);  // positions 0, 1 (rows[0] = [0, 2))
  EXPECT_EQ(rows[1].intents, 0);  // positions 2, 3, 4
  EXPECT_TRUE(QuantileDeciles({0.1}, {true})[0].count == 0);  // fewer than ten: empty rows
}

}  // namespace
}  // namespace leados::score
