// Leads over HTTP on both database backends (issue 7, API pull and portal inbox): listing with
// filters and cursors, one lead with its payload, acknowledgement deleting the payload once no
// channel needs it, CSV export, dismiss and feedback, bad parameters, scopes and tenancy.

#include <gtest/gtest.h>

#include <algorithm>

#include "api/lead_routes.h"
#include "core/json.h"
#include "pipeline/lead_service.h"
#include "accounts_api_fixture.h"

namespace leados::api::testing {
namespace {

namespace json = core::json;

class LeadsApiTest : public AccountsApiFixture {
 protected:
  void AddMoreRoutes(http::Router& router) override {
    store_ = std::make_unique<pipeline::LeadStore>(*db_);
    payloads_ = std::make_unique<pipeline::PayloadStore>(*kv_);
    service_ = std::make_unique<pipeline::LeadService>(*store_, *payloads_, clock_);
    AddLeadRoutes(*api_, router, *service_);
  }

  std::string AccountId(Browser& b) {
    Reply me = As(b, "GET", "/v1/me");
    return core::StringOr(me.json.as_object().at("user").as_object(), "account_id");
  }

  // Stores a lead made at `at_ms` with a payload, as the pipeline would.
  std::string AddLead(const std::string& account, const std::string& campaign, int n, int score,
                      std::vector<std::string> channels = {"api"}) {
    pipeline::LeadRecord l;
    l.id = pipeline::LeadIdFor(account, campaign, "hn:" + std::to_string(n));
    l.account_id = account;
    l.campaign_id = campaign;
    l.fingerprint = std::string(64, 'a');
    l.score = score;
    l.intent_class = "seeking";
    l.source_kind = "hn";
    l.created_at_ms = clock_.NowUnixMillis();
    l.signal_published_at_ms = l.created_at_ms - 60000;
    l.payload_expires_at_ms = l.created_at_ms + 30LL * 86400000;
    for (const auto& c : channels) {
      if (c == "api") l.channels.api = "pending";
      if (c == "portal") l.channels.portal = "shown";
      if (c == "webhook") l.channels.webhook = "pending";
    }
    l.updated_at_ms = l.created_at_ms;
    EXPECT_TRUE(*store_->Insert(l));
    json::object payload{
        {"lead_id", l.id},
        {"signal", json::object{{"title", "Which CRM, \"really\", do you use? #" + std::to_string(n)},
                                {"url", "https://news.ycombinator.com/item?id=" + std::to_string(n)},
                                {"author", "author" + std::to_string(n)}}},
        {"enrichment", json::object{{"company", json::object{{"name", json::object{{"value", "Acme, Inc."}}}}}}},
        {"score", json::object{{"quoted_passage", "we need a CRM"}}}};
    EXPECT_TRUE(payloads_->Put(l.id, core::ToJson(payload)));
    clock_.Advance(std::chrono::seconds(1));
    return l.id;
  }

  std::vector<std::string> Ids(const Reply& r) {
    std::vector<std::string> ids;
    for (const auto& l : r.json.as_object().at("data").as_array()) {
      ids.push_back(core::StringOr(l.as_object(), "id"));
    }
    return ids;
  }

  std::unique_ptr<pipeline::LeadStore> store_;
  std::unique_ptr<pipeline::PayloadStore> payloads_;
  std::unique_ptr<pipeline::LeadService> service_;
};

TEST_P(LeadsApiTest, ListGetAndAcknowledge) {
  Browser ana = SignUpAndSignIn("ana@example.com", "1 Main St");
  const std::string account = AccountId(ana);
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(AddLead(account, i % 2 ? "cmp_odd" : "cmp_even", i, 50 + 10 * i));

  Reply page1 = As(ana, "GET", "/v1/leads?limit=2");
  ASSERT_EQ(page1.status, 200) << page1.body;
  EXPECT_EQ(Ids(page1), (std::vector<std::string>{ids[4], ids[3]}));  // newest first
  const std::string cursor = core::StringOr(page1.json.as_object(), "next_cursor");
  ASSERT_FALSE(cursor.empty());
  Reply page2 = As(ana, "GET", "/v1/leads?limit=2&cursor=" + cursor);
  EXPECT_EQ(Ids(page2), (std::vector<std::string>{ids[2], ids[1]}));
  const auto& first = page1.json.as_object().at("data").as_array()[0].as_object();
  EXPECT_EQ(first.at("payload").as_object().at("signal").as_object().at("author").as_string(), "author4");
  EXPECT_EQ(first.at("channels").as_object().at("api").as_string(), "pending");

  EXPECT_EQ(Ids(As(ana, "GET", "/v1/leads?campaign_id=cmp_odd")), (std::vector<std::string>{ids[3], ids[1]}));
  EXPECT_EQ(Ids(As(ana, "GET", "/v1/leads?min_score=80")), (std::vector<std::string>{ids[4], ids[3]}));

  Reply one = As(ana, "GET", "/v1/leads/" + ids[0]);
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(core::StringOr(one.json.as_object(), "campaign_id"), "cmp_even");

  Reply ack = As(ana, "POST", "/v1/leads/" + ids[0] + "/ack");
  ASSERT_EQ(ack.status, 200) << ack.body;
  EXPECT_EQ(ack.json.as_object().at("channels").as_object().at("api").as_string(), "done");
  EXPECT_FALSE(ack.json.as_object().at("payload_deleted_at").is_null());  // only channel: done
  EXPECT_FALSE(payloads_->Get(ids[0])->has_value());
  EXPECT_TRUE(As(ana, "GET", "/v1/leads/" + ids[0]).json.as_object().at("payload").is_null());
  EXPECT_EQ(As(ana, "POST", "/v1/leads/" + ids[0] + "/ack").status, 200);  // idempotent

  // Another account sees none of it.
  Browser bob = SignUpAndSignIn("bob@example.com", "2 Side St");
  EXPECT_TRUE(Ids(As(bob, "GET", "/v1/leads")).empty());
  Reply foreign = As(bob, "GET", "/v1/leads/" + ids[1]);
  EXPECT_EQ(foreign.status, 404);
  EXPECT_EQ(As(bob, "POST", "/v1/leads/" + ids[1] + "/ack").status, 404);
  EXPECT_TRUE(payloads_->Get(ids[1])->has_value());
}

TEST_P(LeadsApiTest, ExportsCsvWithQuotedFields) {
  Browser ana = SignUpAndSignIn("ana@example.com", "1 Main St");
  const std::string account = AccountId(ana);
  const std::string a = AddLead(account, "cmp_1", 1, 70);
  const std::string b = AddLead(account, "cmp_1", 2, 90);
  ASSERT_TRUE(As(ana, "POST", "/v1/leads/" + a + "/ack").status == 200);  // payload gone
  Reply csv = As(ana, "GET", "/v1/leads/export.csv");
  ASSERT_EQ(csv.status, 200) << csv.body;
  const std::string& text = csv.body;
  EXPECT_TRUE(text.starts_with("lead_id,campaign_id,created_at,score,intent_class,source,feedback,"
                               "title,url,author,company,company_domain,quoted_passage\r\n"))
      << text;
  EXPECT_NE(text.find(b + ",cmp_1,"), std::string::npos);
  EXPECT_NE(text.find(",\"Which CRM, \"\"really\"\", do you use? #2\","), std::string::npos) << text;
  EXPECT_NE(text.find(",author2,\"Acme, Inc.\",,we need a CRM\r\n"), std::string::npos) << text;
  EXPECT_NE(text.find(a + ",cmp_1,"), std::string::npos);
  EXPECT_EQ(text.find("author1"), std::string::npos);  // its payload was deleted
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 3);
}

TEST_P(LeadsApiTest, InboxDismissFeedbackAndBadInput) {
  Browser ana = SignUpAndSignIn("ana@example.com", "1 Main St");
  const std::string account = AccountId(ana);
  const std::string id = AddLead(account, "cmp_1", 1, 70, {"portal"});
  Reply fb = As(ana, "PUT", "/v1/leads/" + id + "/feedback", R"({"feedback":"contacted"})");
  ASSERT_EQ(fb.status, 200) << fb.body;
  EXPECT_EQ(core::StringOr(fb.json.as_object(), "feedback"), "contacted");
  Reply bad = As(ana, "PUT", "/v1/leads/" + id + "/feedback", R"({"feedback":"spam"})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("feedback"), std::string::npos) << bad.body;
  EXPECT_EQ(As(ana, "PUT", "/v1/leads/" + id + "/feedback", R"({})").status, 400);
  EXPECT_TRUE(payloads_->Get(id)->has_value());  // still shown in the portal

  Reply dismissed = As(ana, "POST", "/v1/leads/" + id + "/dismiss");
  ASSERT_EQ(dismissed.status, 200) << dismissed.body;
  EXPECT_EQ(dismissed.json.as_object().at("channels").as_object().at("portal").as_string(), "dismissed");
  EXPECT_FALSE(payloads_->Get(id)->has_value());

  for (const char* q : {"min_score=101", "min_score=x", "limit=0", "limit=201",
                        "created_after=yesterday", "cursor=nope"}) {
    Reply r = As(ana, "GET", std::string("/v1/leads?") + q);
    EXPECT_EQ(r.status, 400) << q;
    const std::string field = std::string(q).substr(0, std::string(q).find('='));
    EXPECT_NE(r.body.find(field), std::string::npos) << q << " " << r.body;
  }
  EXPECT_EQ(As(ana, "GET", "/v1/leads/ld_unknown").status, 404);
}

TEST_P(LeadsApiTest, ApiKeysNeedLeadsRead) {
  Browser ana = SignUpAndSignIn("ana@example.com", "1 Main St");
  const std::string account = AccountId(ana);
  const std::string id = AddLead(account, "cmp_1", 1, 70);
  auto key = [&](json::array scopes) {
    Reply r = As(ana, "POST", "/v1/api-keys",
                 core::ToJson(json::object{{"name", "k"}, {"scopes", std::move(scopes)}}));
    EXPECT_EQ(r.status, 201) << r.body;
    return core::StringOr(r.json.as_object(), "secret");
  };
  const std::string reader = key({"leads:read"});
  const std::string writer = key({"campaigns:write"});
  EXPECT_EQ(WithKey(reader, "GET", "/v1/leads").status, 200);
  EXPECT_EQ(WithKey(reader, "POST", "/v1/leads/" + id + "/ack").status, 200);
  EXPECT_EQ(WithKey(writer, "GET", "/v1/leads").status, 403);
  EXPECT_EQ(WithKey(writer, "GET", "/v1/leads/export.csv").status, 403);
  EXPECT_EQ(Call("GET", "/v1/leads").status, 401);
}

INSTANTIATE_TEST_SUITE_P(Backends, LeadsApiTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         DialectParamName);

}  // namespace
}  // namespace leados::api::testing
