#include "core/config.h"

#include <gtest/gtest.h>

#include <fstream>

namespace leados::core {
namespace {

std::vector<ConfigKey> Schema() {
  return {
      {"server.listen", ConfigType::kString, std::string("127.0.0.1:8080"), false, "", ValidateHostPort},
      {"server.workers", ConfigType::kInt, int64_t{2}, false, "", ValidateRange(1, 64)},
      {"server.tls", ConfigType::kBool, false, false, ""},
      {"admin.allow_ips", ConfigType::kStringList, std::vector<std::string>{}, false, ""},
      {"stripe.webhook_secret", ConfigType::kString, std::string(), true, ""},
  };
}

std::filesystem::path WriteFile(const std::string& text) {
  auto p = std::filesystem::temp_directory_path() /
           ("leados_config_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".toml");
  std::ofstream(p) << text;
  return p;
}

TEST(Config, DefaultsFileThenEnvironment) {
  auto file = WriteFile("[server]\nlisten = \"0.0.0.0:9000\"\nworkers = 4\n");
  auto c = Config::Load(Schema(), file, {{"LEADOS_SERVER_WORKERS", "8"},
                                         {"LEADOS_ADMIN_ALLOW_IPS", "10.0.0.0/8, 127.0.0.1"}});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->GetString("server.listen"), "0.0.0.0:9000");
  EXPECT_EQ(c->GetInt("server.workers"), 8);
  EXPECT_EQ(c->SourceOf("server.workers"), "env LEADOS_SERVER_WORKERS");
  EXPECT_EQ(c->SourceOf("server.listen"), file.string());
  EXPECT_EQ(c->GetStringList("admin.allow_ips"), (std::vector<std::string>{"10.0.0.0/8", "127.0.0.1"}));
  EXPECT_FALSE(c->GetBool("server.tls"));
}

TEST(Config, ErrorsNameFileKeyAndProblem) {
  auto file = WriteFile("[server]\nlisten = 80\n");
  auto c = Config::Load(Schema(), file, {});
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message, file.string() + ": server.listen: must be a string");

  auto unknown = WriteFile("[server]\nlisen = \"x:1\"\n");
  auto u = Config::Load(Schema(), unknown, {});
  ASSERT_FALSE(u);
  EXPECT_NE(u.error().message.find("server.lisen: unknown key"), std::string::npos);

  auto bad_env = Config::Load(Schema(), std::nullopt, {{"LEADOS_SERVER_WORKERS", "many"}});
  ASSERT_FALSE(bad_env);
  EXPECT_EQ(bad_env.error().message,
            "environment LEADOS_SERVER_WORKERS: server.workers: must be an integer, got 'many'");

  auto range = Config::Load(Schema(), std::nullopt, {{"LEADOS_SERVER_WORKERS", "100"}});
  ASSERT_FALSE(range);
  EXPECT_EQ(range.error().message,
            "env LEADOS_SERVER_WORKERS: server.workers: must be between 1 and 64, got 100");

  auto syntax = WriteFile("[server\n");
  auto s = Config::Load(Schema(), syntax, {});
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find(syntax.string() + ":1:"), std::string::npos);
}

TEST(Config, DumpMasksSecrets) {
  auto c = Config::Load(Schema(), std::nullopt, {{"LEADOS_STRIPE_WEBHOOK_SECRET", "whsec_abc"}});
  ASSERT_TRUE(c);
  const auto dump = c->Dump();
  EXPECT_EQ(dump.find("whsec_abc"), std::string::npos);
  EXPECT_NE(dump.find("webhook_secret = \"********\""), std::string::npos);
  EXPECT_NE(dump.find("[server]"), std::string::npos);
  EXPECT_NE(dump.find("listen = \"127.0.0.1:8080\"  # default"), std::string::npos) << dump;
  EXPECT_NE(dump.find("allow_ips = []"), std::string::npos) << dump;
}

}  // namespace
}  // namespace leados::core
