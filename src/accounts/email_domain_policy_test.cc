// EmailDomainPolicy on the bundled list and on the shared npm free-email-domains list
// ($LEADOS_SHARED/data/free_email_domains_npm-1.12.6.json, 14,125 domains) loaded through the
// file option, as an operator would; and SignupLimiter on the memory KV.
#include "accounts/email_domain_policy.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "accounts/signup_limiter.h"
#include "core/clock.h"
#include "store/memory_key_value.h"

namespace leados::accounts {
namespace {

using namespace std::chrono_literals;

// In LEADOS_SHARED, else <checkout>/../shared (CONTRIBUTING.md).
std::filesystem::path NpmFreeMailList() {
  const char* shared = std::getenv("LEADOS_SHARED");
  const std::filesystem::path dir =
      shared && *shared ? std::filesystem::path(shared)
                        : std::filesystem::path(LEADOS_TEST_SOURCE_DIR) / ".." / "shared";
  return dir / "data" / "free_email_domains_npm-1.12.6.json";
}

std::filesystem::path WriteTemp(const std::string& name, const std::string& text) {
  auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path) << text;
  return path;
}

TEST(EmailDomainPolicyTest, TheBundledListRefusesDisposableProvidersAndTheirSubdomains) {
  EmailDomainPolicy policy;
  EXPECT_GE(policy.disposable_count(), 250u);
  EXPECT_EQ(policy.free_mail_count(), 0u);
  for (const char* email : {"x@mailinator.com", "x@eu.mailinator.com", "x@yopmail.com",
                            "x@guerrillamail.com", "x@10minutemail.com", "x@temp-mail.org"}) {
    auto refused = policy.Check(email);
    ASSERT_FALSE(refused) << email;
    EXPECT_TRUE(IsDisposableEmailError(refused.error())) << refused.error().message;
    EXPECT_TRUE(refused.error().message.starts_with("email uses ")) << refused.error().message;
  }
  EXPECT_EQ(policy.Check("x@eu.mailinator.com").error().message,
            "email uses mailinator.com, a disposable email provider: use a work or personal "
            "address at a real provider");
  for (const char* email : {"ana@example.com", "ana@gmail.com", "ana@notmailinator.company",
                            "ana@mailinator.com.example.org"}) {
    EXPECT_TRUE(policy.Check(email)) << email;
  }
}

TEST(EmailDomainPolicyTest, TheNpmFreeMailListLoadsAndIsRefusedOnlyWhenBusinessEmailIsRequired) {
  const auto npm = NpmFreeMailList();
  if (!std::filesystem::exists(npm)) GTEST_SKIP() << npm << " is missing (set LEADOS_SHARED)";
  auto business = EmailDomainPolicy::Load(npm, true);
  ASSERT_TRUE(business) << business.error().message;
  EXPECT_EQ(business->free_mail_count(), 14125u);
  auto gmail = business->Check("ana@gmail.com");
  ASSERT_FALSE(gmail);
  EXPECT_TRUE(IsBusinessEmailRequiredError(gmail.error()));
  EXPECT_FALSE(IsDisposableEmailError(gmail.error()));
  EXPECT_EQ(gmail.error().message,
            "email uses gmail.com, a free email provider: this service needs your work address at "
            "your company's own domain");
  EXPECT_FALSE(business->Check("ana@outlook.com"));
  EXPECT_TRUE(business->Check("ana@acme-industries.example"));
  // mailinator.com is on both lists: the disposable refusal wins.
  EXPECT_TRUE(IsDisposableEmailError(business->Check("x@mailinator.com").error()));

  auto open = EmailDomainPolicy::Load(npm, false);
  ASSERT_TRUE(open);
  EXPECT_TRUE(open->Check("ana@gmail.com"));
  EXPECT_FALSE(open->Check("x@yopmail.com"));
}

TEST(EmailDomainPolicyTest, ATextListWithCommentsAndBadEntries) {
  auto list = EmailDomainPolicy::ParseDomainList("# free mail\n\nFreeMail.Example\n@corp.test\n");
  ASSERT_TRUE(list);
  EXPECT_EQ(*list, (std::vector<std::string>{"freemail.example", "corp.test"}));
  auto bad = EmailDomainPolicy::ParseDomainList("ok.example\nnot a domain\n");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message,
            "line 2: 'not a domain' is not a domain (one domain per line, like example.com)");
  EXPECT_FALSE(EmailDomainPolicy::ParseDomainList(R"(["ok.example", 3])"));
  EXPECT_FALSE(EmailDomainPolicy::ParseDomainList(R"({"a": 1})"));

  auto file = WriteTemp("leados_free_mail.txt", "freemail.example\n");
  auto policy = EmailDomainPolicy::Load(file, true);
  ASSERT_TRUE(policy);
  EXPECT_FALSE(policy->Check("a@mx.freemail.example"));
  auto missing = EmailDomainPolicy::Load("/nonexistent/list.txt", true);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("signup.blocked_domains_file"), std::string::npos);
  auto no_file = EmailDomainPolicy::Load({}, true);
  ASSERT_FALSE(no_file);
  EXPECT_NE(no_file.error().message.find("signup.require_business_email"), std::string::npos);
}

TEST(SignupLimiterTest, FivePerAddressPerDayThenRetryAfterTheWindow) {
  core::ManualClock clock;
  store::MemoryKeyValue kv(clock);
  SignupLimiter limiter(kv, 5);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.Take("198.51.100.7")) << i;
  clock.Advance(6h);
  auto refused = limiter.Take("198.51.100.7");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::kResourceExhausted);
  EXPECT_EQ(refused.error().message,
            "too many sign-ups from this address today (at most 5 in 24 hours); try again in "
            "64800 seconds");
  EXPECT_TRUE(limiter.Take("198.51.100.8"));  // another address
  // The address is never in the key.
  const auto entries = kv.ScanPrefix("", 100).value();
  for (const auto& [key, value] : entries) {
    EXPECT_EQ(key.find("198.51"), std::string::npos) << key;
  }
  clock.Advance(18h);
  EXPECT_TRUE(limiter.Take("198.51.100.7"));
  SignupLimiter off(kv, 0);
  for (int i = 0; i < 20; ++i) EXPECT_TRUE(off.Take("203.0.113.1"));
}

}  // namespace
}  // namespace leados::accounts
