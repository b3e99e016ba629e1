// The signer against the Standard Webhooks reference vectors (standard-webhooks/standard-webhooks,
// libraries/javascript/src/webhook.test.ts, "sign function works": the same secret, id, timestamp
// and payload are used by the other reference libraries' tests), plus verification rules.
#include "deliver/standard_webhooks.h"

#include <gtest/gtest.h>

#include "core/encoding.h"

namespace leados::deliver {
namespace {

constexpr std::string_view kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr std::string_view kMsgId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
constexpr int64_t kTimestamp = 1614265330;
constexpr std::string_view kPayload = R"({"test": 2432232314})";
constexpr std::string_view kExpected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

core::TimePoint At(int64_t seconds) {
  return core::TimePoint(std::chrono::seconds(seconds));
}

TEST(StandardWebhooks, ReferenceVectorSigns) {
  auto sig = SignWebhook(kSecret, kMsgId, kTimestamp, kPayload);
  ASSERT_TRUE(sig) << sig.error().message;
  EXPECT_EQ(*sig, kExpected);
  // Receivers accept the secret with or without its prefix; so do we.
  EXPECT_EQ(*SignWebhook("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", kMsgId, kTimestamp, kPayload),
            kExpected);
}

TEST(StandardWebhooks, ReferenceVectorVerifiesWithinToleranceOnly) {
  WebhookHeaders h{std::string(kMsgId), std::to_string(kTimestamp), std::string(kExpected)};
  EXPECT_TRUE(VerifyWebhook(kSecret, h, kPayload, At(kTimestamp)));
  EXPECT_TRUE(VerifyWebhook(kSecret, h, kPayload, At(kTimestamp + 299)));
  auto old = VerifyWebhook(kSecret, h, kPayload, At(kTimestamp + 301));
  ASSERT_FALSE(old);
  EXPECT_EQ(old.error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_FALSE(VerifyWebhook(kSecret, h, kPayload, At(kTimestamp - 301)));
}

TEST(StandardWebhooks, TamperedBodyIdOrSignatureFails) {
  WebhookHeaders h{std::string(kMsgId), std::to_string(kTimestamp), std::string(kExpected)};
  EXPECT_FALSE(VerifyWebhook(kSecret, h, R"({"test": 2432232315})", At(kTimestamp)));
  WebhookHeaders other_id = h;
  other_id.id = "msg_other";
  EXPECT_FALSE(VerifyWebhook(kSecret, other_id, kPayload, At(kTimestamp)));
  WebhookHeaders partial = h;
  partial.signature = "v1,";
  EXPECT_FALSE(VerifyWebhook(kSecret, partial, kPayload, At(kTimestamp)));
  WebhookHeaders wrong_version = h;
  wrong_version.signature = "v2," + std::string(kExpected.substr(3));
  EXPECT_FALSE(VerifyWebhook(kSecret, wrong_version, kPayload, At(kTimestamp)));
  WebhookHeaders missing = h;
  missing.timestamp.clear();
  auto m = VerifyWebhook(kSecret, missing, kPayload, At(kTimestamp));
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code, core::ErrorCode::kInvalidArgument);
  WebhookHeaders bad_ts = h;
  bad_ts.timestamp = "hello";
  EXPECT_FALSE(VerifyWebhook(kSecret, bad_ts, kPayload, At(kTimestamp)));
}

TEST(StandardWebhooks, SeveralSignaturesAnyOneVerifies) {
  // The reference "multi sig payload is valid" case: junk entries around the valid one.
  WebhookHeaders h{std::string(kMsgId), std::to_string(kTimestamp),
                   "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= "
                   "v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= " +
                       std::string(kExpected) + " v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="};
  EXPECT_TRUE(VerifyWebhook(kSecret, h, kPayload, At(kTimestamp)));
}

TEST(StandardWebhooks, RotationHeaderCarriesBothAndEachSecretVerifies) {
  std::string fresh = GenerateWebhookSecret();
  auto header = SignatureHeader({fresh, std::string(kSecret)}, kMsgId, kTimestamp, kPayload);
  ASSERT_TRUE(header);
  EXPECT_EQ(header->find(' '), header->rfind(' ')) << "exactly two entries: " << *header;
  EXPECT_NE(header->find(kExpected), std::string::npos);
  WebhookHeaders h{std::string(kMsgId), std::to_string(kTimestamp), *header};
  EXPECT_TRUE(VerifyWebhook(fresh, h, kPayload, At(kTimestamp)));
  EXPECT_TRUE(VerifyWebhook(kSecret, h, kPayload, At(kTimestamp)));
  EXPECT_FALSE(VerifyWebhook(GenerateWebhookSecret(), h, kPayload, At(kTimestamp)));
  EXPECT_FALSE(SignatureHeader({}, kMsgId, kTimestamp, kPayload));
}

TEST(StandardWebhooks, GeneratedSecretsHaveThePrefixAndEnoughKeyBytes) {
  std::string a = GenerateWebhookSecret();
  ASSERT_TRUE(a.starts_with("whsec_"));
  auto key = DecodeWebhookSecret(a);
  ASSERT_TRUE(key);
  EXPECT_EQ(key->size(), 32u);
  EXPECT_EQ(DecodeWebhookSecret(GenerateWebhookSecret(1))->size(), 24u);
  EXPECT_NE(a, GenerateWebhookSecret());
  EXPECT_FALSE(DecodeWebhookSecret("whsec_"));
  EXPECT_FALSE(DecodeWebhookSecret("whsec_!!!not base64"));
}

}  // namespace
}  // namespace leados::deliver
