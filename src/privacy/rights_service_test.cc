#include "privacy/rights_service.h"

#include <gtest/gtest.h>

#include "privacy/keyring.h"
#include "store/test_support.h"

namespace leados::privacy {
namespace {

namespace json = core::json;
using namespace std::chrono;

struct SentMail {
  std::string kind, to, link;
  json::object answer;
};

class FakeMailer : public RightsMailer {
 public:
  core::Status SendVerification(store::SqlSession&, const RightsRequest&, std::string_view to,
                                std::string_view link) override {
    sent.push_back({"verify", std::string(to), std::string(link), {}});
    return core::Ok();
  }
  core::Status SendAccessAnswer(store::SqlSession&, const RightsRequest&, std::string_view to,
                                const json::object& answer) override {
    sent.push_back({"answer", std::string(to), "", answer});
    return core::Ok();
  }
  std::vector<SentMail> sent;
};

// Records what it was asked and answers fixed counts.
class FakeExecutor : public RightsExecutor {
 public:
  explicit FakeExecutor(store::Database& db) : db_(db) {}
  core::Result<json::object> Inventory(const Identity& identity) override {
    asked.push_back(identity.Canonical());
    return json::object{{"payloads_in_flight", json::object{{"hn", 2}}}};
  }
  core::Result<json::object> Erase(const Identity& identity, std::string_view,
                                   const Finish& finish) override {
    erased.push_back(identity.Canonical());
    json::object counts{{"payloads_deleted", 2}};
    auto st = db_.Transact([&](store::SqlSession& tx) { return finish(tx, counts); });
    if (!st) return core::Fail(st.error());
    return counts;
  }
  store::Database& db_;
  std::vector<std::string> asked, erased;
};

class RightsServiceTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    auto fresh = store::testing::FreshDatabase::Open(GetParam(), clock_, 3);
    if (!fresh && fresh.error().code == core::ErrorCode::kUnavailable) {
      GTEST_SKIP() << fresh.error().message;
    }
    ASSERT_TRUE(fresh) << fresh.error().message;
    fresh_ = std::move(*fresh);
    ring_ = std::move(*Keyring::Create(*MasterKey::FromBytes(std::string(32, 'm')), clock_));
    cipher_ = std::make_unique<FieldCipher>(*ring_);
    hasher_ = std::make_unique<IdentityHasher>(*IdentityHasher::Create(std::string(32, 's')));
    suppression_ = std::make_unique<SuppressionStore>(fresh_->db(), clock_);
    executor_ = std::make_unique<FakeExecutor>(fresh_->db());
    service_ = std::make_unique<RightsService>(
        fresh_->db(), clock_, *cipher_, *hasher_, *suppression_, mailer_, *executor_,
        RightsServiceOptions{"https://leados.example.com/v1/privacy/requests/verify"});
  }

  std::string TokenOf(const std::string& link) { return link.substr(link.find("token=") + 6); }

  core::ManualClock clock_;
  std::unique_ptr<store::testing::FreshDatabase> fresh_;
  std::unique_ptr<Keyring> ring_;
  std::unique_ptr<FieldCipher> cipher_;
  std::unique_ptr<IdentityHasher> hasher_;
  std::unique_ptr<SuppressionStore> suppression_;
  FakeMailer mailer_;
  std::unique_ptr<FakeExecutor> executor_;
  std::unique_ptr<RightsService> service_;
};

TEST_P(RightsServiceTest, EmailDeletionWaitsForTheLinkThenErasesAndSuppresses) {
  auto r = service_->Submit({"deletion", "email", " Jane@Example.com ", "ccpa"});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, RightsStatus::kAwaitingVerification);
  EXPECT_EQ(r->due_at_ms - r->received_at_ms, 45LL * 24 * 3600 * 1000) << "CCPA: 45 days";
  ASSERT_EQ(mailer_.sent.size(), 1u);
  EXPECT_EQ(mailer_.sent[0].to, "jane@example.com");
  EXPECT_TRUE(mailer_.sent[0].link.starts_with(
      "https://leados.example.com/v1/privacy/requests/verify?token="));
  EXPECT_TRUE(executor_->erased.empty()) << "nothing happens before the address is proven";

  // The identifier is not in the row in clear.
  auto rows = fresh_->db().Query("SELECT * FROM privacy_requests");
  ASSERT_TRUE(rows);
  for (size_t i = 0; i < (*rows)[0].size(); ++i) {
    if (!(*rows)[0].IsNull(i) && std::holds_alternative<std::string>((*rows)[0].Value(i))) {
      EXPECT_EQ((*rows)[0].Text(i).find("jane"), std::string::npos) << (*rows)[0].ColumnName(i);
    }
  }

  auto identity = *NormalizeEmail("jane@example.com");
  EXPECT_FALSE(*suppression_->AnyOf(service_->SuppressionHashes(identity)));
  auto done = service_->Verify(TokenOf(mailer_.sent[0].link));
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->status, RightsStatus::kCompleted);
  EXPECT_TRUE(done->verified);
  EXPECT_EQ(done->closed_by, "requester");
  EXPECT_EQ(executor_->erased, (std::vector<std::string>{"email:jane@example.com"}));
  EXPECT_TRUE(*suppression_->AnyOf({hasher_->Keyed(identity)}));
  EXPECT_EQ(done->identifier_enc, "") << "the identifier is forgotten once the request is closed";
  EXPECT_NE(done->result_json.find("\"payloads_deleted\":2"), std::string::npos);

  auto again = service_->Verify(TokenOf(mailer_.sent[0].link));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, core::ErrorCode::kNotFound) << "a link works once";
}

TEST_P(RightsServiceTest, HandleRequestsQueueUnverifiedForTheAdmin) {
  auto r = service_->Submit(
      {"access", "profile_url", "https://news.ycombinator.com/user?id=Alice", "gdpr"});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, RightsStatus::kPending);
  EXPECT_FALSE(r->verified);
  EXPECT_TRUE(mailer_.sent.empty());
  EXPECT_EQ(r->due_at_ms - r->received_at_ms, 30LL * 24 * 3600 * 1000) << "GDPR: one month";

  clock_.Advance(hours(24 * 31));
  auto queue = service_->List(std::nullopt, 50);
  ASSERT_TRUE(queue);
  ASSERT_EQ(queue->size(), 1u);
  auto j = RightsRequestJson((*queue)[0], clock_.NowUnixMillis());
  EXPECT_EQ(j.at("overdue").as_bool(), true);
  EXPECT_EQ(j.at("identifier_type").as_string(), "profile_url");

  auto done = service_->Complete(r->id, "adm_1");
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(executor_->asked, (std::vector<std::string>{"handle:hn:alice"}));
  EXPECT_NE(done->result_json.find("\"suppressed\":false"), std::string::npos) << done->result_json;
  EXPECT_NE(done->result_json.find("\"hn\":2"), std::string::npos);
  EXPECT_TRUE(mailer_.sent.empty()) << "the admin answers an unverified request";
  EXPECT_FALSE(RightsRequestJson(*done, clock_.NowUnixMillis()).at("overdue").as_bool());

  auto twice = service_->Complete(r->id, "adm_1");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, core::ErrorCode::kFailedPrecondition);
}

TEST_P(RightsServiceTest, VerifiedAccessIsAnsweredByEmail) {
  ASSERT_TRUE(service_->Submit({"access", "email", "jane@example.com", "gdpr"}));
  auto done = service_->Verify(TokenOf(mailer_.sent.at(0).link));
  ASSERT_TRUE(done) << done.error().message;
  ASSERT_EQ(mailer_.sent.size(), 2u);
  EXPECT_EQ(mailer_.sent[1].kind, "answer");
  EXPECT_EQ(mailer_.sent[1].to, "jane@example.com");
  EXPECT_EQ(mailer_.sent[1].answer.at("suppressed").as_bool(), false);
}

TEST_P(RightsServiceTest, BadSubmissionsNameTheField) {
  auto expect_field = [&](RightsSubmission s, const std::string& field) {
    auto r = service_->Submit(s);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_TRUE(r.error().message.starts_with(field)) << r.error().message;
  };
  expect_field({"erase", "email", "a@b.co", "gdpr"}, "kind");
  expect_field({"access", "phone", "123", "gdpr"}, "identifier_type");
  expect_field({"access", "email", "nope", "gdpr"}, "identifier");
  expect_field({"access", "handle", "nope", "gdpr"}, "identifier");
  expect_field({"access", "email", "a@b.co", "lgpd"}, "jurisdiction");
}

TEST_P(RightsServiceTest, RejectNeedsAReasonAndClosesTheRequest) {
  auto r = service_->Submit({"deletion", "handle", "reddit:bob", "other"});
  ASSERT_TRUE(r);
  EXPECT_FALSE(service_->Reject(r->id, "adm_1", ""));
  auto rejected = service_->Reject(r->id, "adm_1", "could not confirm the identity");
  ASSERT_TRUE(rejected) << rejected.error().message;
  EXPECT_EQ(rejected->status, RightsStatus::kRejected);
  EXPECT_TRUE(executor_->erased.empty());
  EXPECT_EQ(service_->Complete(r->id, "adm_1").error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(service_->Complete("prq_missing", "adm_1").error().code, core::ErrorCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, RightsServiceTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) {
                           return info.param == store::Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace leados::privacy
