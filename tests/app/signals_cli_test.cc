// `leados signals publish`: the operator's bulk-import and replay tool, as a process.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "subprocess.h"

namespace leados::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kGood =
    R"({"source":"hn","source_id":"1","title":"Which CRM should we buy?","author":"ana"})";
constexpr const char* kGood2 =
    R"({"source":"reddit","source_id":"t3_2","body":"Looking for an ERP","author":"bo"})";

class SignalsCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("leados-signals-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }
  std::string data() const { return (dir_ / "data").string(); }
  // Messages waiting in the embedded queue's topic "signals" ("" when kv.db was never made).
  std::string Queued() const {
    if (!fs::exists(dir_ / "data" / "kv.db")) return "";
    return RunProcess({"/usr/bin/sqlite3", data() + "/kv.db",
                       "SELECT COUNT(*) FROM queue_messages WHERE topic = 'signals'"})
        .out;
  }

  fs::path dir_;
};

TEST_F(SignalsCliTest, PublishesEveryLineOnTheSignalsTopic) {
  const auto file = Write("s.jsonl", std::string("# replay\n") + kGood + "\n\n" + kGood2 + "\n" +
                                         kGood + "\n");
  auto r = RunProcess({LeadosBinary(), "signals", "publish", file, "--data", data()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // A repeated line is published again: a replay, which the pipeline recognises.
  EXPECT_EQ(r.out, "published 3 signals to the queue topic 'signals' (sqlite + embedded kv/queue)\n");
  EXPECT_EQ(Queued(), "3\n");
}

TEST_F(SignalsCliTest, ABadLineIsNamedAndNothingIsPublished) {
  const auto file =
      Write("bad.jsonl", std::string(kGood) + "\n{\"source\":\"myspace\",\"title\":\"x\"}\n" +
                             kGood2 + "\nnot json\n");
  auto r = RunProcess({LeadosBinary(), "signals", "publish", file, "--data", data()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(file + ":2: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("source"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(file + ":4: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("2 bad lines; nothing was published"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_TRUE(Queued() == "" || Queued() == "0\n") << Queued();

  auto missing = RunProcess(
      {LeadosBinary(), "signals", "publish", (dir_ / "nope.jsonl").string(), "--data", data()});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("cannot open signals file"), std::string::npos) << missing.err;
}

TEST_F(SignalsCliTest, ReadsStandardInputForADash) {
  const auto file = Write("in.jsonl", std::string(kGood) + "\n" + kGood2 + "\n");
  auto r = RunProcess({"/bin/sh", "-c",
                       LeadosBinary() + " signals publish - --data " + data() + " < " + file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("published 2 signals"), std::string::npos) << r.out;
  EXPECT_EQ(Queued(), "2\n");
  auto bad = RunProcess({"/bin/sh", "-c",
                         "printf 'x\\n' | " + LeadosBinary() + " signals publish - --data " +
                             data()});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("-:1: "), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace leados::testing
