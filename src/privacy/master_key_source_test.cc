#include "privacy/master_key_source.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/encoding.h"
#include "privacy/fake_aws_server.h"

namespace leados::privacy {
namespace {

const std::string kKeyB64 = core::Base64Encode(std::string(32, 'q'));

TEST(MasterKeySourceTest, ParsesTheThreeForms) {
  auto v = ParseMasterKeySource("base64:" + kKeyB64);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->kind, MasterKeySourceKind::kValue);
  EXPECT_EQ(ParseMasterKeySource("file:/run/secrets/k")->kind, MasterKeySourceKind::kFile);
  auto aws = ParseMasterKeySource("aws-secretsmanager:leados/master");
  EXPECT_EQ(aws->kind, MasterKeySourceKind::kAwsSecretsManager);
  EXPECT_EQ(aws->value, "leados/master");
  EXPECT_EQ(ParseMasterKeySource(kKeyB64).error().message,
            "the master key source must be 'base64:<key>', 'file:<path>' or "
            "'aws-secretsmanager:<secret id>'");
  EXPECT_FALSE(ParseMasterKeySource("file:"));
}

TEST(MasterKeySourceTest, LoadsFromValueAndFile) {
  auto key = LoadMasterKey(*ParseMasterKeySource("base64:" + kKeyB64), nullptr);
  ASSERT_TRUE(key);
  EXPECT_EQ(key->bytes(), std::string(32, 'q'));

  auto path = std::filesystem::temp_directory_path() / "leados_master_key_test";
  { std::ofstream(path) << kKeyB64 << "\n"; }
  auto from_file = LoadMasterKey({MasterKeySourceKind::kFile, path.string()}, nullptr);
  std::filesystem::remove(path);
  ASSERT_TRUE(from_file) << from_file.error().message;
  EXPECT_EQ(from_file->bytes(), std::string(32, 'q'));

  auto missing = LoadMasterKey({MasterKeySourceKind::kFile, "/nonexistent/key"}, nullptr);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message,
            "cannot read the master key file '/nonexistent/key': check the path and permissions");
}

TEST(MasterKeySourceTest, LoadsFromSecretsManagerPlainOrJson) {
  core::ManualClock clock;
  AwsCredentials creds{"AKID", "secret", ""};
  {
    testing::FakeAwsServer server(200, R"({"SecretString":")" + kKeyB64 + R"("})");
    AwsSecretsManagerClient client({"us-east-1", server.url(), std::chrono::seconds(10)}, creds,
                                   clock);
    auto key = LoadMasterKey({MasterKeySourceKind::kAwsSecretsManager, "k"}, &client);
    ASSERT_TRUE(key) << key.error().message;
    EXPECT_EQ(key->bytes(), std::string(32, 'q'));
  }
  {
    testing::FakeAwsServer server(200,
                                  R"({"SecretString":"{\"master_key\":\")" + kKeyB64 + R"(\"}"})");
    AwsSecretsManagerClient client({"us-east-1", server.url(), std::chrono::seconds(10)}, creds,
                                   clock);
    auto key = LoadMasterKey({MasterKeySourceKind::kAwsSecretsManager, "k"}, &client);
    ASSERT_TRUE(key) << key.error().message;
    EXPECT_EQ(key->bytes(), std::string(32, 'q'));
  }
  EXPECT_EQ(LoadMasterKey({MasterKeySourceKind::kAwsSecretsManager, "k"}, nullptr).error().code,
            core::ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace leados::privacy
