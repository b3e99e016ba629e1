#include "privacy/keyring.h"

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "core/encoding.h"
#include "core/json.h"

namespace leados::privacy {
namespace {

MasterKey Master(char fill = 'm') {
  return *MasterKey::FromBytes(std::string(32, fill));
}

TEST(MasterKeyTest, AcceptsOnly32BytesOfBase64) {
  EXPECT_TRUE(MasterKey::FromBase64(core::Base64Encode(std::string(32, 'x')) + "\n"));
  auto short_key = MasterKey::FromBase64(core::Base64Encode(std::string(16, 'x')));
  ASSERT_FALSE(short_key);
  EXPECT_EQ(short_key.error().message,
            "the master key must be 32 bytes (got 16): make one with `openssl rand -base64 32`");
  EXPECT_EQ(MasterKey::FromBase64("not base64 at all!").error().message,
            "the master key is not valid base64: make one with `openssl rand -base64 32`");
}

TEST(KeyringTest, CreateRotateAndPersist) {
  core::ManualClock clock;
  auto ring = Keyring::Create(Master(), clock);
  ASSERT_TRUE(ring);
  EXPECT_EQ((*ring)->current_key_id(), 1u);
  clock.Advance(std::chrono::hours(24));
  EXPECT_EQ(*(*ring)->Rotate(), 2u);
  EXPECT_EQ((*ring)->current_key_id(), 2u);
  EXPECT_EQ((*ring)->key_ids(), (std::vector<uint32_t>{1, 2}));

  std::string json = (*ring)->ToJson();
  auto doc = core::ParseJsonObject(json);
  ASSERT_TRUE(doc);
  EXPECT_EQ(core::StringOr(*doc, "format"), "leados-keyring-v1");
  EXPECT_EQ(core::IntOr(*doc, "current"), 2);
  const auto& keys = doc->at("keys").as_array();
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(core::StringOr(keys[1].as_object(), "created_at"), "2026-01-02T00:00:00Z");
  // The plaintext data keys never appear in the persisted form.
  EXPECT_EQ(json.find(core::Base64Encode(*(*ring)->KeyById(1))), std::string::npos);

  auto restored = Keyring::FromJson(json, Master(), clock);
  ASSERT_TRUE(restored) << restored.error().message;
  EXPECT_EQ((*restored)->current_key_id(), 2u);
  EXPECT_EQ(*(*restored)->KeyById(1), *(*ring)->KeyById(1));
  EXPECT_EQ(*(*restored)->KeyById(2), *(*ring)->KeyById(2));
  EXPECT_EQ((*restored)->ToJson(), json);
}

TEST(KeyringTest, WrongMasterKeyIsRefusedClearly) {
  core::ManualClock clock;
  auto ring = Keyring::Create(Master('a'), clock);
  auto restored = Keyring::FromJson((*ring)->ToJson(), Master('b'), clock);
  ASSERT_FALSE(restored);
  EXPECT_EQ(restored.error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(restored.error().message,
            "cannot unwrap data key 1: the master key is not the one this keyring was made with "
            "(or the keyring was altered)");
}

TEST(KeyringTest, WrappedKeyCannotBeMovedToAnotherId) {
  core::ManualClock clock;
  auto ring = Keyring::Create(Master(), clock);
  std::string json = (*ring)->ToJson();
  std::string moved = json;
  moved.replace(moved.find("\"id\":1"), 6, "\"id\":7");
  moved.replace(moved.find("\"current\":1"), 11, "\"current\":7");
  EXPECT_EQ(Keyring::FromJson(moved, Master(), clock).error().code,
            core::ErrorCode::kPermissionDenied);
}

TEST(KeyringTest, MalformedJsonNamesTheProblem) {
  core::ManualClock clock;
  EXPECT_EQ(Keyring::FromJson("{\"format\":\"leados-keyring-v1\",\"current\":1,\"keys\":[]}",
                              Master(), clock)
                .error()
                .message,
            "field 'keys' must be a non-empty array");
  EXPECT_EQ(Keyring::FromJson("{\"format\":\"other\"}", Master(), clock).error().message,
            "keyring format 'other' is not supported: expected 'leados-keyring-v1'");
  EXPECT_EQ(Keyring::FromJson("[", Master(), clock).error().code,
            core::ErrorCode::kInvalidArgument);
  auto ring = Keyring::Create(Master(), clock);
  EXPECT_EQ((*ring)->KeyById(9).error().code, core::ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace leados::privacy
