// The privacy promise for account secrets, checked on the bytes at rest: after sign-ups, sign-ins,
// API keys and an admin with TOTP, a full dump of the database (sqlite3 .dump, pg_dump) contains
// none of the passwords, API keys, session tokens, TOTP seeds or billing addresses in plain text.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>

#include "accounts_api_fixture.h"
#include "core/encoding.h"

namespace leados::api::testing {
namespace {

namespace json = core::json;

std::string RunCommand(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return out;
  char buf[4096];
  size_t n = 0;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

// "host=127.0.0.1 port=5433 dbname=x user=postgres" -> {host: …, port: …, …}
std::map<std::string, std::string> Keywords(const std::string& conninfo) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  while (pos < conninfo.size()) {
    size_t end = conninfo.find(' ', pos);
    std::string pair =
        conninfo.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    size_t eq = pair.find('=');
    if (eq != std::string::npos) out[pair.substr(0, eq)] = pair.substr(eq + 1);
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  return out;
}

class DatabaseDumpTest : public AccountsApiFixture {
 protected:
  std::string Dump() {
    if (GetParam() == store::Dialect::kSqlite) {
      return RunCommand("sqlite3 '" + fresh_->sqlite_file().string() + "' .dump");
    }
    auto kw = Keywords(store::testing::PgUrl());
    return RunCommand("PGPASSWORD='" + kw["password"] + "' pg_dump -h " + kw["host"] + " -p " +
                      kw["port"] + " -U " + kw["user"] + " -n " + fresh_->pg_schema() + " " +
                      kw["dbname"] + " 2>&1");
  }
};

TEST_P(DatabaseDumpTest, NoSecretOrBillingAddressInPlainText) {
  std::vector<std::pair<std::string, std::string>> secrets;  // what, value
  for (int i = 0; i < 3; ++i) {
    const std::string email = "user" + std::to_string(i) + "@dump.example";
    const std::string address = "Rua Secreta " + std::to_string(100 + i) + ", 1200-195 Lisboa";
    Browser b = SignUpAndSignIn(email, address);
    secrets.emplace_back("billing address", address);
    secrets.emplace_back("password", kPassword);
    secrets.emplace_back("session token", b.cookie.substr(b.cookie.find('=') + 1));
    Reply key =
        As(b, "POST", "/v1/api-keys",
           core::ToJson(json::object{{"name", "k"}, {"scopes", json::array{"leads:read"}}}));
    ASSERT_EQ(key.status, 201) << key.body;
    secrets.emplace_back("API key", core::StringOr(key.json.as_object(), "secret"));
  }
  auto admin = admins_->Create("root@dump.example", "an admin passphrase 99");
  ASSERT_TRUE(admin);
  secrets.emplace_back("admin password", "an admin passphrase 99");
  secrets.emplace_back("TOTP seed (base32)",
                       admin->otpauth_uri.substr(admin->otpauth_uri.find("secret=") + 7, 32));
  secrets.emplace_back("TOTP seed (base64)", core::Base64Encode(admin->totp_secret));
  secrets.emplace_back("TOTP seed (hex)", core::HexEncode(admin->totp_secret));

  const std::string dump = Dump();
  ASSERT_GT(dump.size(), 1000u) << dump;
  ASSERT_NE(dump.find("user0@dump.example"), std::string::npos) << "the dump holds the data";
  ASSERT_NE(dump.find("v1."), std::string::npos) << "encrypted fields are in it";
  for (const auto& [what, value] : secrets) {
    ASSERT_GE(value.size(), 16u) << what;
    EXPECT_EQ(dump.find(value), std::string::npos) << what << " found in the dump: " << value;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, DatabaseDumpTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         DialectParamName);

}  // namespace
}  // namespace leados::api::testing
