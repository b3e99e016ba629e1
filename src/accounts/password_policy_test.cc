#include "accounts/password_policy.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace leados::accounts {
namespace {

std::filesystem::path SourceDir() {
  const char* dir = std::getenv("LEADOS_SOURCE_DIR");
  return dir ? std::filesystem::path(dir) : std::filesystem::path(LEADOS_TEST_SOURCE_DIR);
}

std::string Message(const core::Status& s) {
  return s ? "" : s.error().message;
}

TEST(PasswordPolicyTest, AcceptsAReasonablePassword) {
  PasswordPolicy policy;
  EXPECT_TRUE(policy.Check("plum-orbit-ladder-91", "ada@example.com"));
  EXPECT_TRUE(policy.Check("Tr0mbone!Garage", ""));
}

TEST(PasswordPolicyTest, LengthLimitsCountCharactersAndBytes) {
  PasswordPolicy policy;
  EXPECT_EQ(Message(policy.Check("short1!", "")),
            "password is too short: use at least 10 characters (it has 7)");
  // 9 characters but 18 bytes: still too short, characters are what count.
  EXPECT_FALSE(policy.Check("ééééééééé", ""));
  EXPECT_TRUE(policy.Check("éééééééééz", ""));
  EXPECT_EQ(Message(policy.Check(std::string(257, 'k') + "x", "")),
            "password is too long: use at most 256 bytes");
}

TEST(PasswordPolicyTest, RefusesCommonPasswordsAndVariations) {
  PasswordPolicy policy;
  EXPECT_GE(policy.list_size(), 1000u);
  EXPECT_TRUE(policy.IsCommon("123456"));
  EXPECT_TRUE(policy.IsCommon("PassWord"));
  const std::string common =
      "this password is on a list of commonly used passwords: choose another";
  EXPECT_EQ(Message(policy.Check("1234567890", "")), common);
  EXPECT_EQ(Message(policy.Check("QWERTYUIOP", "")), common);
  EXPECT_EQ(Message(policy.Check("password123", "")), common);
  EXPECT_EQ(Message(policy.Check("Sunflower2024!", "")),
            "this password is a common password with digits or symbols added: choose another");
  EXPECT_EQ(Message(policy.Check("zzzzzzzzzzzz", "")),
            "password is one character repeated: choose another");
}

TEST(PasswordPolicyTest, RefusesTheEmailNamePart) {
  PasswordPolicy policy;
  EXPECT_EQ(Message(policy.Check("grace.hopper@navy.mil", "Grace.Hopper@navy.mil")),
            "password must not be your email address");
  EXPECT_EQ(Message(policy.Check("xx-grace.hopper-1906", "grace.hopper+leads@navy.mil")),
            "password must not contain the name part of your email address: choose another");
  // A two-letter name part is too short to be a meaningful check.
  EXPECT_TRUE(policy.Check("jo-plum-orbit-ladder", "jo@example.com"));
}

TEST(PasswordPolicyTest, BundledFileLoadsAndExtraListAdds) {
  auto bundled = PasswordPolicy::WithListFile(SourceDir() / "data/passwords/common.txt");
  ASSERT_TRUE(bundled) << bundled.error().message;
  EXPECT_EQ(bundled->list_size(), PasswordPolicy().list_size());

  auto path = std::filesystem::temp_directory_path() / "leados_extra_passwords.txt";
  {
    std::ofstream out(path);
    out << "# extra list\nplum-orbit-ladder-91\r\n\nAnotherLeakedOne\n";
  }
  auto extra = PasswordPolicy::WithListFile(path);
  std::filesystem::remove(path);
  ASSERT_TRUE(extra);
  EXPECT_EQ(extra->list_size(), PasswordPolicy().list_size() + 2);
  EXPECT_FALSE(extra->Check("plum-orbit-ladder-91", ""));
  EXPECT_TRUE(extra->IsCommon("anotherleakedone"));

  auto missing = PasswordPolicy::WithListFile("/nonexistent/list.txt");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
}

}  // namespace
}  // namespace leados::accounts
