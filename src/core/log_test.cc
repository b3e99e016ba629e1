#include "core/log.h"

#include <gtest/gtest.h>

namespace leados::core::log {
namespace {

TEST(RedactSecrets, MasksKnownSecretShapes) {
  EXPECT_EQ(RedactSecrets("key lk_live_abcDEF123_x9 used"), "key lk_live_[REDACTED] used");
  EXPECT_EQ(RedactSecrets("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), "whsec_[REDACTED]");
  EXPECT_EQ(RedactSecrets("Authorization: Bearer abc.def"), "Authorization: Bearer [REDACTED]");
  EXPECT_EQ(RedactSecrets(R"({"password":"hunter2"})"), R"({"password":"[REDACTED]"})");
  EXPECT_EQ(RedactSecrets("password=hunter2&x=1"), "password=[REDACTED]&x=1");
  EXPECT_EQ(RedactSecrets("otpauth://totp/LeadOS:a?secret=JBSWY3DP"), "otpauth://[REDACTED]");
}

TEST(RedactSecrets, LeavesOrdinaryTextAlone) {
  EXPECT_EQ(RedactSecrets("GET /healthz 200 0.4ms"), "GET /healthz 200 0.4ms");
}

TEST(RequestScope, SetsAndRestores) {
  EXPECT_EQ(CurrentRequestId(), "");
  {
    RequestScope a("req-1");
    EXPECT_EQ(CurrentRequestId(), "req-1");
    {
      RequestScope b("req-2");
      EXPECT_EQ(CurrentRequestId(), "req-2");
    }
    EXPECT_EQ(CurrentRequestId(), "req-1");
  }
  EXPECT_EQ(CurrentRequestId(), "");
}

}  // namespace
}  // namespace leados::core::log
