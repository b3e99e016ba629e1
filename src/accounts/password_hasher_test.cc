#include "accounts/password_hasher.h"

#include <gtest/gtest.h>

namespace leados::accounts {
namespace {

// Minimum argon2id cost so the suite stays fast; one test below uses the production cost.
PasswordHasherOptions FastOptions() {
  PasswordHasherOptions o;
  o.ops_limit = 1;
  o.mem_limit_bytes = 8192;
  return o;
}

TEST(PasswordHasherTest, ProductionCostHashVerifies) {
  PasswordHasher hasher;
  auto hash = hasher.Hash("correct horse battery staple");
  ASSERT_TRUE(hash) << hash.error().message;
  EXPECT_TRUE(hash->starts_with("$argon2id$v=19$m=19456,t=2,p=1$")) << *hash;
  EXPECT_EQ(*hasher.Verify(*hash, "correct horse battery staple"), true);
  EXPECT_EQ(*hasher.Verify(*hash, "correct horse battery stapler"), false);
  EXPECT_FALSE(hasher.NeedsRehash(*hash));
  EXPECT_GE(hasher.options().max_concurrent, 2);
}

TEST(PasswordHasherTest, SaltedHashesDiffer) {
  PasswordHasher hasher(FastOptions());
  auto a = hasher.Hash("same password here");
  auto b = hasher.Hash("same password here");
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
}

TEST(PasswordHasherTest, WeakerStoredHashNeedsRehash) {
  PasswordHasher weak(FastOptions());
  PasswordHasher strong;
  auto hash = weak.Hash("an old account password");
  ASSERT_TRUE(hash);
  EXPECT_TRUE(strong.NeedsRehash(*hash));
  EXPECT_FALSE(weak.NeedsRehash(*hash));
  EXPECT_TRUE(strong.NeedsRehash("$2b$12$bcrypt-style-hash"));
}

TEST(PasswordHasherTest, CorruptStoredHashIsAnInternalError) {
  PasswordHasher hasher(FastOptions());
  auto r = hasher.Verify("not a hash", "whatever password");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kInternal);
}

TEST(PasswordHasherTest, FloodBeyondSlotsGetsRetryShortly) {
  PasswordHasherOptions o = FastOptions();
  o.max_concurrent = 1;
  o.wait_timeout = std::chrono::milliseconds(10);
  PasswordHasher hasher(o);
  auto hash = hasher.Hash("a fine password");
  ASSERT_TRUE(hash);
  {
    auto slot = hasher.limiter().Acquire(std::chrono::milliseconds(0), "held by test");
    ASSERT_TRUE(slot);
    auto r = hasher.Verify(*hash, "a fine password");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, core::ErrorCode::kResourceExhausted);
    EXPECT_EQ(r.error().message, "too many sign-ins at once, retry shortly");
    EXPECT_EQ(hasher.Hash("x").error().code, core::ErrorCode::kResourceExhausted);
  }
  EXPECT_EQ(*hasher.Verify(*hash, "a fine password"), true);
}

TEST(PasswordHasherTest, AbsurdlyLongInputIsNotHashed) {
  PasswordHasher hasher(FastOptions());
  std::string huge(PasswordHasher::kMaxInputBytes + 1, 'x');
  EXPECT_EQ(hasher.Hash(huge).error().code, core::ErrorCode::kInvalidArgument);
  auto hash = hasher.Hash("a fine password");
  EXPECT_EQ(*hasher.Verify(*hash, huge), false);
}

}  // namespace
}  // namespace leados::accounts

namespace leados::accounts {
namespace {

TEST(PasswordHasherTest, VerifyUnknownCostsAVerifyAndNeverMatches) {
  PasswordHasher hasher;
  for (const char* password : {"", "correct horse battery staple", "x"}) {
    auto verified = hasher.VerifyUnknown(password);
    ASSERT_TRUE(verified) << verified.error().message;
    EXPECT_FALSE(*verified) << password;
  }
}

}  // namespace
}  // namespace leados::accounts
