// The rights-request routes over HTTP on both backends: submitPrivacyRequest is public (no
// session), answers 202 with the deadline and never echoes the identifier; bad fields are 400
// JSON errors naming the field; the emailed link verifies once; the admin queue lists deadlines
// and the overdue flag, completes and rejects (reason required), and is admin-only.
#include <gtest/gtest.h>

#include "accounts/totp.h"
#include "accounts_api_fixture.h"
#include "api/privacy_routes.h"
#include "privacy/rights_service.h"

namespace leados::api::testing {
namespace {

namespace json = core::json;
using namespace std::chrono;

std::string Body(json::object o) {
  return core::ToJson(o);
}

class LinkMailer : public privacy::RightsMailer {
 public:
  core::Status SendVerification(store::SqlSession&, const privacy::RightsRequest&, std::string_view,
                                std::string_view link) override {
    links.emplace_back(link);
    return core::Ok();
  }
  core::Status SendAccessAnswer(store::SqlSession&, const privacy::RightsRequest&, std::string_view,
                                const json::object&) override {
    ++answers;
    return core::Ok();
  }
  std::vector<std::string> links;
  int answers = 0;
};

class CountingExecutor : public privacy::RightsExecutor {
 public:
  explicit CountingExecutor(store::Database& db) : db_(db) {}
  core::Result<json::object> Inventory(const privacy::Identity&) override {
    return json::object{{"payloads_in_flight", 1}};
  }
  core::Result<json::object> Erase(const privacy::Identity& identity, std::string_view,
                                   const Finish& finish) override {
    erased.push_back(identity.Canonical());
    json::object counts{{"payloads_deleted", 1}};
    auto st = db_.Transact([&](store::SqlSession& tx) { return finish(tx, counts); });
    if (!st) return core::Fail(st.error());
    return counts;
  }
  store::Database& db_;
  std::vector<std::string> erased;
};

class PrivacyApiTest : public AccountsApiFixture {
 protected:
  void AddMoreRoutes(http::Router& router) override {
    hasher_id_ = std::make_unique<privacy::IdentityHasher>(
        *privacy::IdentityHasher::Create(std::string(32, 'k')));
    suppression_ = std::make_unique<privacy::SuppressionStore>(*db_, clock_);
    executor_ = std::make_unique<CountingExecutor>(*db_);
    rights_ = std::make_unique<privacy::RightsService>(
        *db_, clock_, *cipher_, *hasher_id_, *suppression_, mailer_, *executor_,
        privacy::RightsServiceOptions{std::string(kOrigin) + "/v1/privacy/requests/verify"});
    AddPrivacyRoutes(*api_, router, {*rights_, *audit_, *db_, clock_});
  }
  void SetUp() override {
    AccountsApiFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto created = admins_->Create("root@ops.example", kPassword);
    ASSERT_TRUE(created) << created.error().message;
    totp_secret_ = created->totp_secret;
    SignInAdmin();
  }
  // A fresh admin session (sessions expire when the test moves the clock by weeks).
  void SignInAdmin() {
    auto code = accounts::TotpCode(totp_secret_, clock_.NowUnixSeconds());
    ASSERT_TRUE(code);
    Reply in = Call("POST", "/admin/api/login",
                    Body({{"email", "root@ops.example"}, {"password", kPassword}, {"code", *code}}),
                    {}, kAdminIp);
    ASSERT_EQ(in.status, 200) << in.body;
    admin_ = Browser{"__Host-leados_admin=" + in.SetCookie("__Host-leados_admin"),
                     core::StringOr(in.json.as_object(), "csrf_token"), kAdminIp};
  }

  Reply Submit(json::object body) {
    return Call("POST", "/v1/privacy/requests", Body(std::move(body)),
                {{"Content-Type", "application/json"}});
  }

  std::unique_ptr<privacy::IdentityHasher> hasher_id_;
  std::unique_ptr<privacy::SuppressionStore> suppression_;
  LinkMailer mailer_;
  std::unique_ptr<CountingExecutor> executor_;
  std::unique_ptr<privacy::RightsService> rights_;
  Browser admin_;
  std::string totp_secret_;
};

TEST_P(PrivacyApiTest, SubmitIsPublicAndAnEmailRequestIsDoneByItsLink) {
  Reply r = Submit({{"kind", "deletion"},
                    {"identifier_type", "email"},
                    {"identifier", "Jane@Example.com"},
                    {"jurisdiction", "ccpa"}});
  ASSERT_EQ(r.status, 202) << r.body;
  const auto& o = r.json.as_object();
  EXPECT_EQ(o.at("status").as_string(), "awaiting_verification");
  EXPECT_TRUE(o.at("verification_email_sent").as_bool());
  EXPECT_EQ(r.body.find("jane"), std::string::npos) << "the identifier is not echoed";
  ASSERT_EQ(mailer_.links.size(), 1u);
  const std::string token = TokenFromLink(mailer_.links[0], "/v1/privacy/requests/verify");
  ASSERT_FALSE(token.empty()) << mailer_.links[0];

  Reply v = Call("GET", "/v1/privacy/requests/verify?token=" + token);
  ASSERT_EQ(v.status, 200) << v.body;
  EXPECT_EQ(v.json.as_object().at("status").as_string(), "completed");
  EXPECT_EQ(executor_->erased, std::vector<std::string>{"email:jane@example.com"});
  Reply again = Call("GET", "/v1/privacy/requests/verify?token=" + token);
  EXPECT_EQ(again.status, 404);
  EXPECT_EQ(again.ErrorCode(), "not_found");
}

TEST_P(PrivacyApiTest, BadFieldsAreNamed) {
  Reply r = Submit({{"kind", "deletion"},
                    {"identifier_type", "email"},
                    {"identifier", "x"},
                    {"jurisdiction", "gdpr"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.ErrorCode(), "invalid_argument");
  EXPECT_NE(r.body.find("identifier: "), std::string::npos) << r.body;
  r = Submit({{"kind", "forget"},
              {"identifier_type", "handle"},
              {"identifier", "hn:x"},
              {"jurisdiction", "gdpr"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("kind: "), std::string::npos) << r.body;
  r = Submit({{"kind", "access"}, {"identifier_type", "handle"}, {"identifier", "hn:x"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("jurisdiction"), std::string::npos) << r.body;
  EXPECT_EQ((*db_->Query("SELECT COUNT(*) FROM privacy_requests"))[0].Int(0), 0);
}

TEST_P(PrivacyApiTest, TheAdminQueueShowsDeadlinesAndClosesRequests) {
  Reply h = Submit({{"kind", "access"},
                    {"identifier_type", "profile_url"},
                    {"identifier", "https://www.reddit.com/user/Jane_R/"},
                    {"jurisdiction", "gdpr"}});
  ASSERT_EQ(h.status, 202) << h.body;
  EXPECT_EQ(h.json.as_object().at("status").as_string(), "pending");
  const std::string access_id = core::StringOr(h.json.as_object(), "id");
  Reply d = Submit({{"kind", "deletion"},
                    {"identifier_type", "handle"},
                    {"identifier", "hn:bob"},
                    {"jurisdiction", "ccpa"}});
  ASSERT_EQ(d.status, 202);
  const std::string deletion_id = core::StringOr(d.json.as_object(), "id");

  // Not for clients, nor from outside the allow-list.
  EXPECT_EQ(Call("GET", "/admin/api/privacy-requests").status, 404);
  Browser outsider = admin_;
  outsider.ip = kClientIp;
  EXPECT_EQ(As(outsider, "GET", "/admin/api/privacy-requests").status, 404);

  clock_.Advance(hours(24 * 31));  // past GDPR's month, within CCPA's 45 days
  ASSERT_NO_FATAL_FAILURE(SignInAdmin());
  Reply list = As(admin_, "GET", "/admin/api/privacy-requests");
  ASSERT_EQ(list.status, 200) << list.body;
  const auto& data = list.json.as_object().at("data").as_array();
  ASSERT_EQ(data.size(), 2u);
  EXPECT_EQ(data[0].as_object().at("id").as_string(), access_id) << "earliest deadline first";
  EXPECT_TRUE(data[0].as_object().at("overdue").as_bool());
  EXPECT_FALSE(data[1].as_object().at("overdue").as_bool());
  EXPECT_EQ(list.json.as_object().at("overdue").as_int64(), 1);
  EXPECT_EQ(list.body.find("jane"), std::string::npos) << "the queue does not show identifiers";

  Reply done = As(admin_, "POST", "/admin/api/privacy-requests/" + access_id + "/complete");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json.as_object().at("status").as_string(), "completed");
  EXPECT_EQ(done.json.as_object().at("result").as_object().at("payloads_in_flight").as_int64(), 1);
  EXPECT_EQ(As(admin_, "POST", "/admin/api/privacy-requests/" + access_id + "/complete").status,
            422);

  Reply no_reason = As(admin_, "POST", "/admin/api/privacy-requests/" + deletion_id + "/reject",
                       Body({{"reason", ""}}));
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_NE(no_reason.body.find("reason"), std::string::npos);
  Reply rejected = As(admin_, "POST", "/admin/api/privacy-requests/" + deletion_id + "/reject",
                      Body({{"reason", "the account owner could not be confirmed"}}));
  ASSERT_EQ(rejected.status, 200) << rejected.body;
  EXPECT_EQ(rejected.json.as_object().at("status").as_string(), "rejected");
  EXPECT_TRUE(executor_->erased.empty());
  EXPECT_EQ(As(admin_, "POST", "/admin/api/privacy-requests/prq_nope/complete").status, 404);
  EXPECT_GE(
      (*db_->Query("SELECT COUNT(*) FROM audit_events WHERE action LIKE 'privacy_request.%'"))[0]
          .Int(0),
      3)
      << "admin actions are audited";
}

INSTANTIATE_TEST_SUITE_P(Backends, PrivacyApiTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         DialectParamName);

}  // namespace
}  // namespace leados::api::testing
