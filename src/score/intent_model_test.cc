// Trains a small model on the committed corpus in a temporary folder and checks what it says on
// clear examples, that its calibration file is written and loaded, and the loader's errors.

#include "score/intent_model.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "score/intent_trainer.h"
#include "score/labelled_data.h"

namespace leados::score {
namespace {

std::string CorpusPath() {
  const char* root = std::getenv("LEADOS_SOURCE_DIR");
  return std::string(root ? root : ".") + "/data/intent/train.jsonl";
}

// Small and fast: no character n-grams, no quantisation, few epochs.
TrainOptions SmallOptions() {
  TrainOptions o;
  o.dim = 16;
  o.epoch = 8;
  o.bucket = 50000;
  o.minn = 0;
  o.maxn = 0;
  o.quantize = false;
  return o;
}

class IntentModelTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(
        std::filesystem::temp_directory_path() /
        (std::string("leados_intent_model_test") + "." + std::to_string(::getpid())));
    std::filesystem::create_directories(*dir_);
    auto corpus = ReadLabelledJsonlFile(CorpusPath());
    ASSERT_TRUE(corpus) << corpus.error().message;
    ASSERT_GE(corpus->size(), 3000u) << "the corpus must keep at least 3,000 examples";
    auto report = TrainIntentModel(*corpus, SmallOptions(), ModelPath());
    ASSERT_TRUE(report) << report.error().message;
    report_ = new TrainReport(*report);
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(*dir_);
    delete dir_;
    delete report_;
  }
  static std::string ModelPath() { return (*dir_ / "intent.bin").string(); }

  static std::filesystem::path* dir_;
  static TrainReport* report_;
};
std::filesystem::path* IntentModelTest::dir_ = nullptr;
TrainReport* IntentModelTest::report_ = nullptr;

TEST_F(IntentModelTest, TrainingWritesModelAndCalibration) {
  ASSERT_NE(report_, nullptr);
  EXPECT_TRUE(std::filesystem::exists(ModelPath()));
  EXPECT_TRUE(std::filesystem::exists(CalibrationPathFor(ModelPath())));
  EXPECT_FALSE(std::filesystem::exists(ModelPath() + ".train.tmp"));
  EXPECT_GT(report_->holdout_examples, 300u);
  EXPECT_GT(report_->calibration.a(), 0);
  // The held-out part is drawn from the same generator: the model must do well on it.
  EXPECT_GT(report_->holdout.IntentVsNone().f1(), 0.9);
}

TEST_F(IntentModelTest, ClassifiesClearExamples) {
  auto model = IntentModel::Load(ModelPath());
  ASSERT_TRUE(model) << model.error().message;
  EXPECT_EQ((*model)->Predict("", "Ask HN: Alternatives to Jira for a small team?").label,
            IntentClass::kSwitching);
  EXPECT_EQ(
      (*model)->Predict("", "Can anyone recommend a good CRM for our 10 person agency?").label,
      IntentClass::kSeeking);
  EXPECT_EQ((*model)->Predict("Acme raises $20M Series B led by Accel", "").label,
            IntentClass::kCompanyEvent);
  EXPECT_EQ(
      (*model)
          ->Predict(
              "Senior Backend Engineer",
              "Acme is hiring a Senior Backend Engineer to join our engineering team in Berlin. "
              "Requirements: 5+ years of experience. We offer competitive salary and equity.")
          .label,
      IntentClass::kHiring);
  const IntentPrediction none = (*model)->Predict("", "TIFU by deleting the production database");
  EXPECT_EQ(none.label, IntentClass::kNone);
  EXPECT_LT(none.intent_score, 50);
}

TEST_F(IntentModelTest, PredictionIsConsistent) {
  auto model = IntentModel::Load(ModelPath());
  ASSERT_TRUE(model);
  const IntentPrediction p =
      (*model)->Predict("Need a payroll provider", "We are 40 people in 3 countries.");
  double sum = 0;
  for (double x : p.class_probabilities) sum += x;
  EXPECT_NEAR(sum, 1.0, 1e-3);
  EXPECT_NEAR(p.raw_intent_probability,
              1.0 - p.class_probabilities[static_cast<int>(IntentClass::kNone)], 1e-9);
  EXPECT_EQ(p.intent_score, static_cast<int>(std::lround(100 * p.intent_probability)));
  EXPECT_DOUBLE_EQ(p.probability, p.class_probabilities[static_cast<int>(p.label)]);
  EXPECT_EQ(p.intent_probability >= 0.5, IsIntent(p.label));
  EXPECT_NE((*model)->Describe().find("dim=16"), std::string::npos);
}

TEST(IntentModelLoad, MissingFileSaysHowToBuildIt) {
  auto model = IntentModel::Load("/nonexistent/intent.ftz");
  ASSERT_FALSE(model);
  EXPECT_EQ(model.error().code, core::ErrorCode::kNotFound);
  EXPECT_NE(model.error().message.find("leados model train"), std::string::npos);
}

TEST(IntentModelLoad, RejectsAFileThatIsNotAModel) {
  const auto path = std::filesystem::temp_directory_path() /
                    (std::string("leados_not_a_model.bin") + "." + std::to_string(::getpid()));
  std::ofstream(path) << "hello";
  auto model = IntentModel::Load(path.string());
  ASSERT_FALSE(model);
  EXPECT_EQ(model.error().code, core::ErrorCode::kInvalidArgument);
  std::filesystem::remove(path);
}

TEST(TrainIntentModel, RefusesTooLittleData) {
  std::vector<LabelledExample> few(10);
  auto r = TrainIntentModel(few, SmallOptions(), "/tmp/never-written.bin");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace leados::score
