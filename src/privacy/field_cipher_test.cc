#include "privacy/field_cipher.h"

#include <gtest/gtest.h>

#include "core/encoding.h"

namespace leados::privacy {
namespace {

class FieldCipherTest : public ::testing::Test {
 protected:
  FieldCipherTest()
      : ring_(std::move(*Keyring::Create(*MasterKey::FromBytes(std::string(32, 'm')), clock_))),
        cipher_(*ring_) {}

  core::ManualClock clock_;
  std::unique_ptr<Keyring> ring_;
  FieldCipher cipher_;
  const AssociatedData ad_{"clients", "billing_address", "cl_01JD0000000000000000000000"};
};

TEST_F(FieldCipherTest, RoundTrip) {
  auto ct = cipher_.Encrypt("1 Infinite Loop, Cupertino", ad_);
  ASSERT_TRUE(ct) << ct.error().message;
  EXPECT_TRUE(ct->starts_with("v1.1.")) << *ct;
  EXPECT_EQ(ct->find("Infinite"), std::string::npos);
  EXPECT_EQ(*cipher_.Decrypt(*ct, ad_), "1 Infinite Loop, Cupertino");
  // Fresh nonce each time.
  EXPECT_NE(*cipher_.Encrypt("same", ad_), *cipher_.Encrypt("same", ad_));
  EXPECT_EQ(*cipher_.Decrypt(*cipher_.Encrypt("", ad_), ad_), "");
}

TEST_F(FieldCipherTest, WrongAssociatedDataFails) {
  std::string ct = *cipher_.Encrypt("secret", ad_);
  for (const AssociatedData& other : {AssociatedData{"clients", "billing_address", "cl_other"},
                                      AssociatedData{"clients", "vat_number", ad_.row},
                                      AssociatedData{"admins", "billing_address", ad_.row}}) {
    auto r = cipher_.Decrypt(ct, other);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, core::ErrorCode::kPermissionDenied);
  }
  EXPECT_EQ(cipher_.Decrypt(ct, {"clients", "billing_address", "cl_other"}).error().message,
            "cannot decrypt clients.billing_address of row cl_other: the value was altered or "
            "belongs to another row, column or table");
  EXPECT_EQ(cipher_.Encrypt("x", {"a/b", "c", "d"}).error().code,
            core::ErrorCode::kInvalidArgument);
}

TEST_F(FieldCipherTest, AnyTamperedByteFails) {
  std::string ct = *cipher_.Encrypt("secret value", ad_);
  std::string box = *core::Base64UrlDecode(ct.substr(5));
  for (size_t i = 0; i < box.size(); ++i) {
    std::string tampered = box;
    tampered[i] = static_cast<char>(tampered[i] ^ 0x01);
    auto r = cipher_.Decrypt("v1.1." + core::Base64UrlEncode(tampered), ad_);
    ASSERT_FALSE(r) << "byte " << i;
    EXPECT_EQ(r.error().code, core::ErrorCode::kPermissionDenied);
  }
  EXPECT_EQ(
      cipher_.Decrypt("v1.1." + core::Base64UrlEncode(box.substr(0, 27)), ad_).error().message,
      "the encrypted field's data is truncated or not base64url");
  for (std::string_view bad : {"plaintext", "v2.1.abc", "v1..abc", "v1.x.abc", "v1.0.abc"}) {
    EXPECT_EQ(cipher_.Decrypt(bad, ad_).error().message,
              "the value is not an encrypted field (expected v1.<key>.<data>)")
        << bad;
  }
}

TEST_F(FieldCipherTest, WrongMasterKeyCannotReadTheData) {
  std::string ct = *cipher_.Encrypt("secret", ad_);
  auto other = *Keyring::Create(*MasterKey::FromBytes(std::string(32, 'x')), clock_);
  FieldCipher other_cipher(*other);
  EXPECT_EQ(other_cipher.Decrypt(ct, ad_).error().code, core::ErrorCode::kPermissionDenied);
  // And a persisted keyring opened with the wrong master key fails before any data is touched.
  EXPECT_FALSE(
      Keyring::FromJson(ring_->ToJson(), *MasterKey::FromBytes(std::string(32, 'x')), clock_));
}

TEST_F(FieldCipherTest, RotationKeepsOldDataReadableAndUsesTheNewestKey) {
  std::string old_ct = *cipher_.Encrypt("whsec_old", ad_);
  EXPECT_FALSE(cipher_.NeedsRotation(old_ct));
  ASSERT_EQ(*ring_->Rotate(), 2u);
  EXPECT_TRUE(cipher_.NeedsRotation(old_ct));
  EXPECT_EQ(*cipher_.Decrypt(old_ct, ad_), "whsec_old");
  std::string new_ct = *cipher_.Encrypt("whsec_new", ad_);
  EXPECT_TRUE(new_ct.starts_with("v1.2.")) << new_ct;
  EXPECT_FALSE(cipher_.NeedsRotation(new_ct));

  auto rotated = cipher_.Reencrypt(old_ct, ad_);
  ASSERT_TRUE(rotated);
  EXPECT_EQ(*FieldCipher::KeyIdOf(*rotated), 2u);
  EXPECT_EQ(*cipher_.Decrypt(*rotated, ad_), "whsec_old");

  // After a restart from the persisted keyring, both generations still decrypt.
  auto restored =
      *Keyring::FromJson(ring_->ToJson(), *MasterKey::FromBytes(std::string(32, 'm')), clock_);
  FieldCipher restored_cipher(*restored);
  EXPECT_EQ(*restored_cipher.Decrypt(old_ct, ad_), "whsec_old");
  EXPECT_EQ(*restored_cipher.Decrypt(new_ct, ad_), "whsec_new");

  auto unknown = cipher_.Decrypt("v1.9." + old_ct.substr(5), ad_);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, core::ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace leados::privacy
