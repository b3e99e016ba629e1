// The CLI logic on streams: `leados score` I/O shape, `leados model eval` report sections,
// `leados model train` errors.

#include "score/score_commands.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/json.h"

namespace leados::score {
namespace {

std::string SourceDir() {
  const char* root = std::getenv("LEADOS_SOURCE_DIR");
  return root ? root : ".";
}

class ScoreCommandsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(
        std::filesystem::temp_directory_path() /
        (std::string("leados_score_commands_test") + "." + std::to_string(::getpid())));
    std::filesystem::create_directories(*dir_);
    ModelTrainArgs args;
    args.data_path = SourceDir() + "/data/intent/train.jsonl";
    args.out_path = ModelPath();
    args.options.dim = 16;
    args.options.epoch = 5;
    args.options.bucket = 20000;
    args.options.minn = 0;
    args.options.maxn = 0;
    args.options.quantize = false;
    std::ostringstream out, err;
    train_rc_ = RunModelTrain(args, out, err);
    train_out_ = new std::string(out.str() + err.str());
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(*dir_);
    delete dir_;
    delete train_out_;
  }
  static std::string ModelPath() { return (*dir_ / "m.bin").string(); }

  static std::filesystem::path* dir_;
  static int train_rc_;
  static std::string* train_out_;
};
std::filesystem::path* ScoreCommandsTest::dir_ = nullptr;
int ScoreCommandsTest::train_rc_ = -1;
std::string* ScoreCommandsTest::train_out_ = nullptr;

TEST_F(ScoreCommandsTest, TrainPrintsHeldOutFiguresAndCalibration) {
  ASSERT_EQ(train_rc_, 0) << *train_out_;
  EXPECT_NE(train_out_->find("Held-out part of the training corpus"), std::string::npos);
  EXPECT_NE(train_out_->find("| **intent vs none** |"), std::string::npos);
  EXPECT_NE(train_out_->find("observed intent rate"), std::string::npos);
}

TEST_F(ScoreCommandsTest, ScoreWritesOneJsonLinePerInputLine) {
  ASSERT_EQ(train_rc_, 0) << *train_out_;
  std::istringstream in(
      "{\"text\":\"Can anyone recommend a CRM for a small agency?\",\"source\":\"reddit\"}\n"
      "\n"
      "{\"title\":\"Acme raises $12M Series A\",\"text\":\"Acme today announced a $12M Series "
      "A.\"}\n"
      "not json\n"
      "{\"title\":\"no text\"}\n");
  std::ostringstream out, err;
  EXPECT_EQ(RunScore(ModelPath(), in, out, err), 1);  // two bad lines
  std::istringstream lines(out.str());
  std::string line;
  std::vector<core::json::object> rows;
  while (std::getline(lines, line)) {
    auto o = core::ParseJsonObject(line);
    ASSERT_TRUE(o) << line;
    rows.push_back(*o);
  }
  ASSERT_EQ(rows.size(), 4u) << out.str();
  for (int i : {0, 1}) {
    EXPECT_EQ(rows[i].size(), 3u);
    EXPECT_TRUE(rows[i].at("label").is_string());
    EXPECT_TRUE(rows[i].at("probability").is_double());
    EXPECT_TRUE(rows[i].at("intent_score").is_int64());
    const auto score = rows[i].at("intent_score").as_int64();
    EXPECT_GE(score, 0);
    EXPECT_LE(score, 100);
  }
  EXPECT_EQ(rows[0].at("label").as_string(), "seeking");
  EXPECT_EQ(rows[1].at("label").as_string(), "company_event");
  EXPECT_TRUE(rows[2].contains("error"));
  EXPECT_TRUE(rows[3].contains("error"));
  EXPECT_NE(err.str().find("line 4"), std::string::npos) << err.str();
  EXPECT_NE(err.str().find("line 5"), std::string::npos) << err.str();
  EXPECT_NE(out.str().find("\"probability\":0."), std::string::npos)
      << "plain decimals, not 9.5E-1";
}

TEST_F(ScoreCommandsTest, ScoreWithoutModelFails) {
  std::istringstream in("{\"text\":\"x\"}\n");
  std::ostringstream out, err;
  EXPECT_EQ(RunScore((*dir_ / "missing.ftz").string(), in, out, err), 1);
  EXPECT_TRUE(out.str().empty());
  EXPECT_NE(err.str().find("leados model train"), std::string::npos);
}

TEST_F(ScoreCommandsTest, EvalPrintsModelBaselineAndDeciles) {
  ASSERT_EQ(train_rc_, 0) << *train_out_;
  const auto data = *dir_ / "eval.jsonl";
  {
    std::ofstream f(data);
    f << "{\"text\":\"Ask HN: Alternatives to Jira?\",\"label\":\"switching\"}\n"
      << "{\"text\":\"Why is the sky blue?\",\"label\":\"none\"}\n"
      << "{\"text\":\"Looking for a good payroll provider\",\"label\":\"seeking\"}\n";
  }
  ModelEvalArgs args;
  args.model_path = ModelPath();
  args.data_path = data.string();
  std::ostringstream out, err;
  ASSERT_EQ(RunModelEval(args, out, err), 0) << err.str();
  const std::string s = out.str();
  EXPECT_NE(s.find("### Model"), std::string::npos);
  EXPECT_NE(s.find("### Keyword baseline"), std::string::npos);
  EXPECT_NE(s.find("Confusion matrix"), std::string::npos);
  EXPECT_NE(s.find("observed intent rate"), std::string::npos);
  EXPECT_NE(s.find("per quantile decile"), std::string::npos);
  EXPECT_NE(s.find("intent-vs-none F1: model"), std::string::npos);
}

TEST_F(ScoreCommandsTest, EvalOnTheDevSetJoinsLabelsWithSharedPosts) {
  ASSERT_EQ(train_rc_, 0) << *train_out_;
  ModelEvalArgs args;
  args.model_path = ModelPath();
  args.dev = true;
  args.labels_path = SourceDir() + "/data/intent/dev-labels.jsonl";
  if (!std::filesystem::exists(SharedDir() + "/data/posts-dev.jsonl"))
    GTEST_SKIP() << "no shared dev posts";
  std::ostringstream out, err;
  ASSERT_EQ(RunModelEval(args, out, err), 0) << err.str();
  EXPECT_NE(out.str().find("1037 examples"), std::string::npos) << out.str().substr(0, 400);
}

TEST(ModelCommands, UsageErrors) {
  std::ostringstream out, err;
  EXPECT_EQ(RunModelTrain(ModelTrainArgs{}, out, err), 2);
  ModelEvalArgs eval;
  eval.model_path = "x";
  EXPECT_EQ(RunModelEval(eval, out, err), 2);
  ModelTrainArgs bad;
  bad.data_path = "/nonexistent.jsonl";
  bad.out_path = "/tmp/x.bin";
  EXPECT_EQ(RunModelTrain(bad, out, err), 1);
  EXPECT_NE(err.str().find("/nonexistent.jsonl"), std::string::npos);
}

}  // namespace
}  // namespace leados::score
