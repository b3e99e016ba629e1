// Stripe-Signature verification. The vectors were made with the npm `stripe` package (23.1.0):
//   stripe.webhooks.generateTestHeaderString({payload, secret, timestamp})
// tests/e2e/stripe_e2e_test.cc checks fresh ones from the package on every run.
#include "billing/stripe_signature.h"

#include <gtest/gtest.h>

namespace leados::billing {
namespace {

using std::chrono::seconds;

constexpr std::string_view kSecret = "whsec_test_secret_1234567890";
constexpr std::string_view kPayload =
    R"({"id":"evt_1","object":"event","type":"checkout.session.completed","data":{"object":{"id":"cs_test_a1","payment_status":"paid"}}})";
constexpr int64_t kT = 1767225600;
constexpr std::string_view kNpmHeader =
    "t=1767225600,v1=4b95f2b8864e211f5e0dbca9490b1266a52405640a7f7d7e4b6f11c068f5c065";

core::TimePoint At(int64_t s) {
  return core::TimePoint(seconds(s));
}

TEST(StripeSignature, MatchesTheNpmStripePackage) {
  EXPECT_EQ(StripeSignatureHeaderFor(kSecret, kT, kPayload), kNpmHeader);
  EXPECT_EQ(StripeSignatureHeaderFor("whsec_abc", 1700000000, "{}"),
            "t=1700000000,v1=bad9ac117e973d721c232d46744158d75e3f1b44e36771e13d01b9e6a580bc72");
  EXPECT_TRUE(VerifyStripeSignature(kSecret, kNpmHeader, kPayload, At(kT)));
}

TEST(StripeSignature, RefusesATamperedBodyAndAWrongSecret) {
  std::string tampered(kPayload);
  tampered.replace(tampered.find("paid"), 4, "PAID");
  auto body = VerifyStripeSignature(kSecret, kNpmHeader, tampered, At(kT));
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_NE(body.error().message.find("no v1 signature matches"), std::string::npos);
  auto secret = VerifyStripeSignature("whsec_test_secret_1234567891", kNpmHeader, kPayload, At(kT));
  ASSERT_FALSE(secret);
  EXPECT_EQ(secret.error().code, core::ErrorCode::kPermissionDenied);
  // The key is the whole string: the same bytes without the prefix do not verify.
  EXPECT_FALSE(VerifyStripeSignature("test_secret_1234567890", kNpmHeader, kPayload, At(kT)));
}

TEST(StripeSignature, ToleranceIs300SecondsInBothDirections) {
  EXPECT_TRUE(VerifyStripeSignature(kSecret, kNpmHeader, kPayload, At(kT + 300)));
  EXPECT_TRUE(VerifyStripeSignature(kSecret, kNpmHeader, kPayload, At(kT - 300)));
  auto old = VerifyStripeSignature(kSecret, kNpmHeader, kPayload, At(kT + 301));
  ASSERT_FALSE(old);
  EXPECT_EQ(old.error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_NE(old.error().message.find("301 s"), std::string::npos) << old.error().message;
  auto future = VerifyStripeSignature(kSecret, kNpmHeader, kPayload, At(kT - 301));
  ASSERT_FALSE(future);
  EXPECT_EQ(future.error().code, core::ErrorCode::kPermissionDenied);
}

TEST(StripeSignature, AnyOfSeveralV1MatchesAndV0AndUnknownKeysAreIgnored) {
  const std::string good = StripeSignature(kSecret, kT, kPayload);
  const std::string bad(64, 'a');
  EXPECT_TRUE(VerifyStripeSignature(
      kSecret, "t=" + std::to_string(kT) + ",v1=" + bad + ", v1=" + good + ",v0=" + bad + ",x=y",
      kPayload, At(kT)));
  // A v0 with the right MAC is not accepted: only v1 counts.
  EXPECT_FALSE(VerifyStripeSignature(
      kSecret, "t=" + std::to_string(kT) + ",v0=" + good + ",v1=" + bad, kPayload, At(kT)));
}

TEST(StripeSignature, MalformedHeadersAreInvalidArgument) {
  for (std::string_view h :
       {"", "v1=abc", "t=1767225600", "t=abc,v1=00", "t=1,t=2,v1=00", "garbage"}) {
    auto st = VerifyStripeSignature(kSecret, h, kPayload, At(kT));
    ASSERT_FALSE(st) << h;
    EXPECT_EQ(st.error().code, core::ErrorCode::kInvalidArgument) << h;
  }
  auto no_secret = VerifyStripeSignature("", kNpmHeader, kPayload, At(kT));
  ASSERT_FALSE(no_secret);
  EXPECT_EQ(no_secret.error().code, core::ErrorCode::kFailedPrecondition);
}

TEST(StripeSignature, ParsesEveryV1) {
  auto h = ParseStripeSignatureHeader("t=12,v1=ab,v0=cd,v1=ef");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->timestamp, 12);
  EXPECT_EQ(h->v1, (std::vector<std::string>{"ab", "ef"}));
}

}  // namespace
}  // namespace leados::billing
