// The folder object store: round trip, replace, missing objects, atomic replacement (no temporary
// files left behind), and keys that try to leave the folder.
#include "billing/object_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "store/test_support.h"

namespace leados::billing {
namespace {

namespace fs = std::filesystem;

TEST(ObjectKey, AcceptsRelativePaths) {
  EXPECT_TRUE(ValidateObjectKey("invoices/2026/LO-2026-000001.pdf"));
  EXPECT_TRUE(ValidateObjectKey("a"));
  EXPECT_TRUE(ValidateObjectKey("x/.hidden-but-fine.pdf"));
}

TEST(ObjectKey, RefusesTraversalAndAbsoluteKeys) {
  for (const char* key : {"../etc/passwd", "invoices/../../x", "/etc/passwd", "a//b", "a/./b", "..",
                          "", "a/", "a\\..\\b", "a b", "inv\n.pdf", "a/.."}) {
    auto st = ValidateObjectKey(key);
    EXPECT_FALSE(st) << "accepted '" << key << "'";
    if (!st) {
      EXPECT_EQ(st.error().code, core::ErrorCode::kInvalidArgument);
    }
  }
  EXPECT_NE(ValidateObjectKey("../x").error().message.find(".."), std::string::npos);
  EXPECT_NE(ValidateObjectKey("/x").error().message.find("relative"), std::string::npos);
}

TEST(FolderObjectStore, RoundTripReplaceAndDelete) {
  store::testing::ScopedTempDir dir;
  FolderObjectStore objects(dir.path() / "objects");
  const std::string key = "invoices/2026/LO-2026-000001.pdf";
  EXPECT_FALSE(*objects.Exists(key));
  auto missing = objects.Get(key);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);

  std::string bytes("%PDF-1.4\0binary\xff", 16);
  ASSERT_TRUE(objects.Put(key, bytes, "application/pdf"));
  EXPECT_TRUE(*objects.Exists(key));
  auto got = objects.Get(key);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->bytes, bytes);
  EXPECT_EQ(got->content_type, "application/pdf");
  EXPECT_TRUE(fs::is_regular_file(dir.path() / "objects" / key));

  ASSERT_TRUE(objects.Put(key, "second", "application/pdf"));
  EXPECT_EQ(objects.Get(key)->bytes, "second");
  // Only the object itself is in its folder: the temporary file was renamed, not left behind.
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir.path() / "objects/invoices/2026")) {
    (void)e;
    ++files;
  }
  EXPECT_EQ(files, 1);

  ASSERT_TRUE(objects.Delete(key));
  EXPECT_FALSE(*objects.Exists(key));
  EXPECT_TRUE(objects.Delete(key)) << "deleting twice is fine";
}

TEST(FolderObjectStore, TraversalNeverTouchesFilesOutsideTheFolder) {
  store::testing::ScopedTempDir dir;
  fs::create_directories(dir.path() / "objects");
  { std::ofstream(dir.path() / "secret.txt") << "keep out"; }
  FolderObjectStore objects(dir.path() / "objects");
  auto get = objects.Get("../secret.txt");
  ASSERT_FALSE(get);
  EXPECT_EQ(get.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_FALSE(objects.Put("../secret.txt", "overwritten", "text/plain"));
  EXPECT_FALSE(objects.Put((dir.path() / "secret.txt").string(), "overwritten", "text/plain"));
  EXPECT_FALSE(objects.Delete("../secret.txt"));
  std::ifstream in(dir.path() / "secret.txt");
  std::string text;
  std::getline(in, text);
  EXPECT_EQ(text, "keep out");
}

TEST(MemoryObjectStore, RoundTripAndFailure) {
  MemoryObjectStore objects;
  ASSERT_TRUE(objects.Put("a/b.pdf", "x", "application/pdf"));
  EXPECT_EQ(objects.Get("a/b.pdf")->bytes, "x");
  objects.set_fail_puts(true);
  EXPECT_EQ(objects.Put("a/c.pdf", "x", "application/pdf").error().code,
            core::ErrorCode::kUnavailable);
  EXPECT_FALSE(objects.Put("../c.pdf", "x", "application/pdf"));
}

}  // namespace
}  // namespace leados::billing
