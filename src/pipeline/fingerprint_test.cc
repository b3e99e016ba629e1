#include "pipeline/fingerprint.h"

#include <gtest/gtest.h>

#include <memory>

#include "core/clock.h"
#include "pipeline/lead_record.h"
#include "pipeline/payload_store.h"
#include "store/memory_key_value.h"
#include "store/test_support.h"

namespace leados::pipeline {
namespace {

using ingest::SourceKind;

IdentityParts Post(SourceKind source, std::string author) {
  IdentityParts p;
  p.source = source;
  p.signal_key = std::string(ingest::SourceKindName(source)) + ":1";
  p.author = std::move(author);
  return p;
}

TEST(LeadIdentity, PostsAreTheAuthorPerSourceCaseAndSpaceInsensitive) {
  EXPECT_EQ(LeadIdentity(Post(SourceKind::kHackerNews, "  PG ")), "author:hn:pg");
  EXPECT_EQ(LeadIdentity(Post(SourceKind::kReddit, "Some  User")), "author:reddit:some user");
  EXPECT_NE(LeadIdentity(Post(SourceKind::kReddit, "pg")), LeadIdentity(Post(SourceKind::kHackerNews, "pg")));
  // No author: the item itself.
  EXPECT_EQ(LeadIdentity(Post(SourceKind::kRss, "")), "item:rss:1");
}

TEST(LeadIdentity, JobsAndPressAreTheCompanyAndRole) {
  IdentityParts job;
  job.source = SourceKind::kGreenhouse;
  job.signal_key = "greenhouse:123@2";
  job.author = "Recruiter Name";  // ignored for organisations
  job.company_domain = "Example.com";
  job.company_name = "Example Inc";
  job.role = "engineering";
  job.title = "Senior Backend Engineer";
  EXPECT_EQ(LeadIdentity(job), "org:example.com:engineering");
  job.role.clear();
  EXPECT_EQ(LeadIdentity(job), "org:example.com:senior backend engineer");
  job.company_domain.clear();
  EXPECT_EQ(LeadIdentity(job), "org:example inc:senior backend engineer");
  job.company_name.clear();
  EXPECT_EQ(LeadIdentity(job), "item:greenhouse:123@2");

  IdentityParts press;
  press.source = SourceKind::kPress;
  press.company_domain = "acme.io";
  press.role = "";
  press.title = "Acme raises $10M";
  EXPECT_EQ(LeadIdentity(press), "org:acme.io:acme raises $10m");
}

TEST(Fingerprinter, IsKeyedScopedPerAccountAndHex) {
  auto short_secret = Fingerprinter::Create("too short");
  ASSERT_FALSE(short_secret);
  EXPECT_NE(short_secret.error().message.find("at least 16 bytes"), std::string::npos);

  auto a = Fingerprinter::Create("0123456789abcdef-secret-a");
  auto b = Fingerprinter::Create("0123456789abcdef-secret-b");
  ASSERT_TRUE(a && b);
  const std::string fp = a->Compute("acct_1", "author:hn:pg");
  EXPECT_EQ(fp.size(), 64u);
  EXPECT_EQ(fp.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(fp, a->Compute("acct_1", "author:hn:pg"));
  EXPECT_NE(fp, a->Compute("acct_2", "author:hn:pg"));  // per client
  EXPECT_NE(fp, b->Compute("acct_1", "author:hn:pg"));  // keyed
  EXPECT_EQ(fp.find("pg"), std::string::npos);
}

TEST(LeadIdFor, IsStableAndDistinct) {
  const std::string id = LeadIdFor("acct_1", "cmp_1", "hn:42");
  EXPECT_EQ(id.size(), 29u);
  EXPECT_TRUE(id.starts_with("ld_"));
  EXPECT_EQ(id, LeadIdFor("acct_1", "cmp_1", "hn:42"));
  EXPECT_NE(id, LeadIdFor("acct_1", "cmp_2", "hn:42"));
  EXPECT_NE(id, LeadIdFor("acct_2", "cmp_1", "hn:42"));
  EXPECT_NE(id, LeadIdFor("acct_1", "cmp_1", "hn:43"));
}

// The KV-backed parts on the in-memory store and on real Redis.
class KvTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "memory") {
      kv_ = std::make_unique<store::MemoryKeyValue>(clock_);
      return;
    }
    auto kv = store::testing::FreshRedisKeyValue();
    if (!kv && kv.error().code == core::ErrorCode::kUnavailable) GTEST_SKIP() << kv.error().message;
    ASSERT_TRUE(kv) << kv.error().message;
    kv_ = std::move(*kv);
  }
  core::ManualClock clock_;
  std::unique_ptr<store::KeyValue> kv_;
};

TEST_P(KvTest, AFingerprintIsClaimedOnceReplaysAreRecognisedAndItExpiresAfter90Days) {
  FingerprintRegistry registry(*kv_);
  auto first = registry.ClaimFor("acct_1", "ab12", "ld_a");
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(*first, Claim::kNew);
  EXPECT_EQ(*registry.ClaimFor("acct_1", "ab12", "ld_a"), Claim::kReplay);
  EXPECT_EQ(*registry.ClaimFor("acct_1", "ab12", "ld_b"), Claim::kDuplicate);
  EXPECT_EQ(*registry.ClaimFor("acct_2", "ab12", "ld_c"), Claim::kNew);  // per client

  auto ttl = kv_->Ttl(FingerprintRegistry::KeyFor("acct_1", "ab12"));
  ASSERT_TRUE(ttl && ttl->has_value());
  EXPECT_GT(**ttl, std::chrono::hours(24 * 89));
  EXPECT_LE(**ttl, std::chrono::hours(24 * 90));

  ASSERT_TRUE(registry.Release("acct_1", "ab12"));
  EXPECT_EQ(*registry.ClaimFor("acct_1", "ab12", "ld_b"), Claim::kNew);

  if (GetParam() == "memory") {  // the manual clock drives only the in-memory store
    clock_.Advance(std::chrono::hours(24 * 90) + std::chrono::seconds(1));
    EXPECT_EQ(*registry.ClaimFor("acct_2", "ab12", "ld_d"), Claim::kNew);
  }
}

TEST_P(KvTest, PayloadsLiveAtMost30DaysAndCanBeDeleted) {
  PayloadStore payloads(*kv_, std::chrono::hours(24 * 365));  // clamped to 30 days
  EXPECT_EQ(payloads.ttl(), PayloadStore::kMaxTtl);
  ASSERT_TRUE(payloads.Put("ld_x", R"({"author":"alice"})"));
  auto got = payloads.Get("ld_x");
  ASSERT_TRUE(got && got->has_value());
  EXPECT_EQ(**got, R"({"author":"alice"})");
  auto ttl = kv_->Ttl(PayloadStore::KeyFor("ld_x"));
  ASSERT_TRUE(ttl && ttl->has_value());
  EXPECT_LE(**ttl, std::chrono::hours(24 * 30));
  EXPECT_TRUE(*payloads.Delete("ld_x"));
  EXPECT_FALSE(payloads.Get("ld_x")->has_value());
  EXPECT_FALSE(*payloads.Delete("ld_x"));
}

INSTANTIATE_TEST_SUITE_P(Backends, KvTest, ::testing::Values("memory", "redis"));

}  // namespace
}  // namespace leados::pipeline
