#include "score/labelled_data.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace leados::score {
namespace {

TEST(ReadLabelledJsonl, ReadsFieldsAndSkipsBlankLines) {
  std::istringstream in(
      "{\"text\":\"Best CRM?\",\"source\":\"hn\",\"label\":\"seeking\"}\n\n"
      "{\"title\":\"T\",\"text\":\"body\",\"label\":\"none\"}\n");
  auto r = ReadLabelledJsonl(in);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].label, IntentClass::kSeeking);
  EXPECT_EQ((*r)[0].source, "hn");
  EXPECT_EQ((*r)[1].title, "T");
  EXPECT_EQ((*r)[1].id, "line:3");
}

TEST(ReadLabelledJsonl, NamesTheLineOfABadLabel) {
  std::istringstream in(
      "{\"text\":\"a\",\"label\":\"none\"}\n{\"text\":\"b\",\"label\":\"buying\"}\n");
  auto r = ReadLabelledJsonl(in);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("line 2"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("buying"), std::string::npos);
}

TEST(ReadDevSet, JoinsLabelsWithPostsById) {
  const auto dir = std::filesystem::temp_directory_path() /
                   (std::string("leados_score_devset_test") + "." + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    std::ofstream posts(dir / "posts.jsonl");
    posts << "{\"id\":\"p1\",\"title\":\"Alternatives to Jira?\",\"text\":\"Alternatives to "
             "Jira?\"}\n"
          << "{\"id\":\"p2\",\"title\":\"Cats\",\"text\":\"Cats are nice\"}\n";
    std::ofstream labels(dir / "labels.jsonl");
    labels << "{\"id\":\"p2\",\"label\":\"none\"}\n{\"id\":\"p1\",\"label\":\"switching\"}\n";
    std::ofstream bad(dir / "bad.jsonl");
    bad << "{\"id\":\"p9\",\"label\":\"none\"}\n";
  }
  auto r = ReadDevSet((dir / "labels.jsonl").string(), (dir / "posts.jsonl").string());
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].id, "p2");
  EXPECT_EQ((*r)[1].label, IntentClass::kSwitching);
  EXPECT_EQ((*r)[1].title, "Alternatives to Jira?");
  auto missing = ReadDevSet((dir / "bad.jsonl").string(), (dir / "posts.jsonl").string());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace leados::score
