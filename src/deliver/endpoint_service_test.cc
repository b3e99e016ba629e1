// Endpoint storage on both backends: the secret is returned once and stored only encrypted,
// validation stores nothing, SSRF refusals at creation, tenancy, rotation overlap, re-enabling.
#include <gtest/gtest.h>

#include "deliver/deliver_test_fixture.h"
#include "deliver/standard_webhooks.h"
#include "privacy/keyring_store.h"

namespace leados::deliver::testing {
namespace {

using EndpointServiceTest = DeliverFixture;

int64_t CountEndpoints(store::Database& db) {
  return (*db.Query("SELECT COUNT(*) FROM webhook_endpoints"))[0].Int(0);
}

TEST_P(EndpointServiceTest, CreateReturnsTheSecretOnceAndStoresItEncrypted) {
  auto made = MakeEndpoint("https://hooks.example.com/leados", {"lead.created", "credits.low"});
  ASSERT_TRUE(made.secret.starts_with("whsec_"));
  EXPECT_TRUE(made.endpoint.id.starts_with("we_"));
  EXPECT_EQ(made.endpoint.event_types, (std::vector<std::string>{"lead.created", "credits.low"}));
  auto rows =
      db_->Query("SELECT secret_enc FROM webhook_endpoints WHERE id = ?", {made.endpoint.id});
  ASSERT_TRUE(rows);
  const std::string stored = (*rows)[0].Text(0);
  EXPECT_TRUE(stored.starts_with("v1.")) << "FieldCipher ciphertext expected";
  EXPECT_EQ(stored.find(made.secret.substr(6)), std::string::npos);
  auto secrets = endpoints_->SigningSecrets(made.endpoint.id);
  ASSERT_TRUE(secrets);
  EXPECT_EQ(*secrets, std::vector<std::string>{made.secret});
}

TEST_P(EndpointServiceTest, InvalidInputStoresNothing) {
  struct Case {
    NewEndpoint e;
    std::string field;
  };
  std::vector<Case> cases = {
      {{"http://hooks.example.com/x", "", {"lead.created"}, true}, "url: must use https://"},
      {{"https://hooks.example.com/x", "", {}, true}, "event_types:"},
      {{"https://hooks.example.com/x", "", {"lead.nope"}, true}, "event_types: unknown"},
      {{"https://hooks.example.com/x", std::string(600, 'd'), {"lead.created"}, true},
       "description:"},
      {{"https://nowhere.invalid/x", "", {"lead.created"}, true}, "does not resolve"},
  };
  for (const auto& c : cases) {
    auto r = endpoints_->Create(kAccount, c.e);
    ASSERT_FALSE(r) << c.field;
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().message.find(c.field), std::string::npos) << r.error().message;
  }
  EXPECT_EQ(CountEndpoints(*db_), 0);
}

TEST_P(EndpointServiceTest, PrivateAndMetadataAddressesAreRefused) {
  Resolve("intranet.example.com", {"10.0.0.1"});
  Resolve("sneaky.example.com", {"93.184.216.34", "169.254.169.254"});
  for (const char* url : {"https://intranet.example.com/h", "https://169.254.169.254/latest",
                          "https://10.0.0.1/h", "https://sneaky.example.com/h"}) {
    auto r = endpoints_->Create(kAccount, {url, "", {"lead.created"}, true});
    ASSERT_FALSE(r) << url;
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument) << url;
    EXPECT_NE(r.error().message.find("refusing to connect"), std::string::npos)
        << r.error().message;
  }
  EXPECT_EQ(CountEndpoints(*db_), 0);
}

TEST_P(EndpointServiceTest, AnotherAccountsEndpointIsNotFound) {
  auto mine = MakeEndpoint("https://hooks.example.com/a");
  auto theirs = MakeEndpoint("https://hooks.example.com/b", {"lead.created"}, kOtherAccount);
  EXPECT_EQ(endpoints_->Get(kAccount, theirs.endpoint.id).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(endpoints_->Update(kAccount, theirs.endpoint.id, {.enabled = false}).error().code,
            core::ErrorCode::kNotFound);
  EXPECT_EQ(endpoints_->Delete(kAccount, theirs.endpoint.id).error().code,
            core::ErrorCode::kNotFound);
  EXPECT_EQ(endpoints_->RotateSecret(kAccount, theirs.endpoint.id).error().code,
            core::ErrorCode::kNotFound);
  auto listed = endpoints_->List(kAccount);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().id, mine.endpoint.id);
  EXPECT_TRUE(endpoints_->Get(kOtherAccount, theirs.endpoint.id));
}

TEST_P(EndpointServiceTest, RotationKeepsTheOldSecretSigningForTheOverlap) {
  auto made = MakeEndpoint("https://hooks.example.com/a");
  auto rotated = endpoints_->RotateSecret(kAccount, made.endpoint.id);
  ASSERT_TRUE(rotated) << rotated.error().message;
  EXPECT_NE(rotated->secret, made.secret);
  auto both = endpoints_->SigningSecrets(made.endpoint.id);
  ASSERT_TRUE(both);
  EXPECT_EQ(*both, (std::vector<std::string>{rotated->secret, made.secret}));
  clock_.Advance(std::chrono::hours(24) + std::chrono::seconds(1));
  auto one = endpoints_->SigningSecrets(made.endpoint.id);
  ASSERT_TRUE(one);
  EXPECT_EQ(*one, std::vector<std::string>{rotated->secret});
}

TEST_P(EndpointServiceTest, UpdateValidatesAndReenablingClearsTheFailureState) {
  auto made = MakeEndpoint("https://hooks.example.com/a");
  auto bad = endpoints_->Update(kAccount, made.endpoint.id,
                                {.url = std::string("http://hooks.example.com/")});
  ASSERT_FALSE(bad);
  EXPECT_EQ(endpoints_->Get(kAccount, made.endpoint.id)->url, "https://hooks.example.com/a");
  ASSERT_TRUE(db_->Transact([&](store::SqlSession& tx) -> core::Status {
    if (auto st = endpoints_->MarkFailing(tx, made.endpoint.id, 5, "http_5xx (HTTP 500)"); !st) {
      return st;
    }
    auto d = endpoints_->Disable(tx, made.endpoint.id, "because", 6);
    if (!d) return core::Fail(d.error());
    return core::Ok();
  }));
  auto disabled = endpoints_->Get(kAccount, made.endpoint.id);
  EXPECT_FALSE(disabled->enabled);
  EXPECT_EQ(disabled->disabled_reason, "because");
  auto enabled = endpoints_->Update(kAccount, made.endpoint.id, {.enabled = true});
  ASSERT_TRUE(enabled);
  EXPECT_TRUE(enabled->enabled);
  EXPECT_FALSE(enabled->disabled_reason);
  EXPECT_FALSE(enabled->failing_since_ms);
}

TEST_P(EndpointServiceTest, KeyRotationReencryptsBothSecretColumns) {
  // The columns as src/app/cmd_keys.cc lists them for `leados keys rotate`.
  const privacy::EncryptedColumn secret{"webhook_endpoints", "id", "secret_enc", "secret"};
  const privacy::EncryptedColumn previous{"webhook_endpoints", "id", "previous_secret_enc",
                                          "previous_secret"};
  auto made = MakeEndpoint("https://hooks.example.com/a");
  auto rotated = endpoints_->RotateSecret(kAccount, made.endpoint.id);
  ASSERT_TRUE(rotated);
  ASSERT_TRUE(keyring_->Rotate());
  auto n1 = privacy::ReencryptColumn(*db_, *cipher_, secret);
  auto n2 = privacy::ReencryptColumn(*db_, *cipher_, previous);
  ASSERT_TRUE(n1) << n1.error().message;
  ASSERT_TRUE(n2) << n2.error().message;
  EXPECT_EQ(*n1, 1);
  EXPECT_EQ(*n2, 1);
  auto secrets = endpoints_->SigningSecrets(made.endpoint.id);
  ASSERT_TRUE(secrets) << secrets.error().message;
  EXPECT_EQ(*secrets, (std::vector<std::string>{rotated->secret, made.secret}));
}

INSTANTIATE_TEST_SUITE_P(Backends, EndpointServiceTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         DialectName);

}  // namespace
}  // namespace leados::deliver::testing
