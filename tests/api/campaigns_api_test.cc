// Campaigns over HTTP on both database backends: the CRUD flow, revisions, query errors with
// their position, pause/resume, soft delete, API-key scopes, bad bodies, and the rule that no
// campaign operation reaches another account's campaign.
#include <gtest/gtest.h>

#include <atomic>
#include <set>

#include "accounts_api_fixture.h"
#include "api/campaign_routes.h"
#include "campaigns/campaign_store.h"

namespace leados::api::testing {
namespace {

namespace json = core::json;

std::string Body(json::object o) {
  return core::ToJson(o);
}

class CampaignsApiTest : public AccountsApiFixture {
 protected:
  void AddMoreRoutes(http::Router& router) override {
    campaigns_ = std::make_unique<campaigns::CampaignStore>(*db_, clock_, *audit_);
    AddCampaignRoutes(*api_, router, *campaigns_, [this] { ++changes_; });
  }

  // Creates a campaign as `b` and returns its id (fails the test otherwise).
  std::string Create(Browser& b, json::object body) {
    Reply r = As(b, "POST", "/v1/campaigns", Body(std::move(body)));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json.is_object() ? core::StringOr(r.json.as_object(), "id") : "";
  }

  std::string CreateKey(Browser& b, json::array scopes) {
    Reply r = As(b, "POST", "/v1/api-keys", Body({{"name", "k"}, {"scopes", std::move(scopes)}}));
    EXPECT_EQ(r.status, 201) << r.body;
    return core::StringOr(r.json.as_object(), "secret");
  }

  std::string UserId(Browser& b) {
    Reply me = As(b, "GET", "/v1/me");
    return core::StringOr(me.json.as_object().at("user").as_object(), "id");
  }

  // The ids the account's list shows.
  std::vector<std::string> ListedIds(Browser& b, const std::string& query = "") {
    Reply r = As(b, "GET", "/v1/campaigns" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> ids;
    if (!r.json.is_object()) return ids;
    for (const auto& c : r.json.as_object().at("data").as_array()) {
      ids.push_back(core::StringOr(c.as_object(), "id"));
    }
    return ids;
  }

  // Audit actions of the account that start with "campaign.", newest first.
  std::vector<std::string> CampaignAudit(Browser& b) {
    Reply r = As(b, "GET", "/v1/audit-events?action=campaign.&limit=500");
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> actions;
    for (const auto& e : r.json.as_object().at("data").as_array()) {
      actions.push_back(core::StringOr(e.as_object(), "action"));
    }
    return actions;
  }

  std::unique_ptr<campaigns::CampaignStore> campaigns_;
  std::atomic<int> changes_{0};

  // The request-schema property `name` of createCampaign and updateCampaign (the OpenAPI text).
  std::vector<json::object> WriteSchemaFields(std::string_view name) {
    std::vector<json::object> out;
    for (const auto& route : router_->Routes()) {
      const std::string& op = route.operation->operation_id;
      if ((op == "createCampaign" || op == "updateCampaign") && route.operation->request_schema) {
        out.push_back(route.operation->request_schema->at("properties").at(name).as_object());
      }
    }
    return out;
  }
};

const json::object& Obj(const Reply& r) {
  return r.json.as_object();
}

TEST_P(CampaignsApiTest, CreateGetListUpdateFlow) {
  Browser b = SignUpAndSignIn("ana@example.com", "1 Main St");
  Reply created =
      As(b, "POST", "/v1/campaigns",
         Body({{"name", "CRM switchers"},
               {"query", "(CRM OR erp)  Pricing -jobs"},
               {"filters", json::object{{"sources", json::array{"reddit", "hn"}},
                                        {"company_size", json::object{{"min", 10}, {"max", 500}}}}},
               {"min_score", 0.6},
               {"channels", json::array{"webhook"}},
               {"daily_credit_cap", 40}}));
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = core::StringOr(Obj(created), "id");
  EXPECT_TRUE(id.starts_with("cmp_")) << id;
  EXPECT_EQ(created.Header("Location"), "/v1/campaigns/" + id);
  EXPECT_EQ(created.Header("ETag"), "\"1\"");
  EXPECT_EQ(core::IntOr(Obj(created), "revision"), 1);
  EXPECT_EQ(core::StringOr(Obj(created), "query"), "(crm OR erp) AND pricing AND NOT jobs");
  EXPECT_EQ(core::StringOr(Obj(created), "status"), "draft");
  EXPECT_EQ(Obj(created).at("filters").at("sources"), (json::array{"hn", "reddit"}));
  EXPECT_EQ(Obj(created).at("daily_credit_cap"), json::value(40));
  EXPECT_EQ(changes_, 1);

  Reply got = As(b, "GET", "/v1/campaigns/" + id);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.json, created.json);
  EXPECT_EQ(ListedIds(b), std::vector<std::string>{id});

  // A partial update: only the named fields change; filters merge key by key.
  clock_.Advance(std::chrono::minutes(1));
  Reply updated = As(b, "PATCH", "/v1/campaigns/" + id,
                     Body({{"name", "CRM buyers"},
                           {"filters", json::object{{"languages", json::array{"EN"}}}},
                           {"daily_credit_cap", nullptr}}));
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(core::IntOr(Obj(updated), "revision"), 2);
  EXPECT_EQ(updated.Header("ETag"), "\"2\"");
  EXPECT_EQ(core::StringOr(Obj(updated), "name"), "CRM buyers");
  EXPECT_EQ(core::StringOr(Obj(updated), "query"), "(crm OR erp) AND pricing AND NOT jobs");
  EXPECT_EQ(Obj(updated).at("filters").at("sources"), (json::array{"hn", "reddit"}));
  EXPECT_EQ(Obj(updated).at("filters").at("languages"), (json::array{"en"}));
  EXPECT_TRUE(Obj(updated).at("daily_credit_cap").is_null());
  EXPECT_NE(core::StringOr(Obj(updated), "updated_at"), core::StringOr(Obj(created), "updated_at"));
  EXPECT_EQ(changes_, 2);

  // The same values again change nothing: no revision, no rebuild.
  Reply same = As(b, "PATCH", "/v1/campaigns/" + id, Body({{"name", "CRM buyers"}}));
  ASSERT_EQ(same.status, 200) << same.body;
  EXPECT_EQ(core::IntOr(Obj(same), "revision"), 2);
  EXPECT_EQ(changes_, 2);

  // Optimistic concurrency: a stale If-Match is refused and changes nothing.
  auto patch_if = [&](const std::string& etag, json::object body) {
    return Call("PATCH", "/v1/campaigns/" + id, Body(std::move(body)),
                {{"Cookie", b.cookie},
                 {"Origin", kOrigin},
                 {"X-CSRF-Token", b.csrf_token},
                 {"If-Match", etag}});
  };
  Reply stale = patch_if("\"1\"", {{"min_score", 0.9}});
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(stale.ErrorCode(), "conflict");
  EXPECT_NE(stale.body.find("revision 2, not 1"), std::string::npos) << stale.body;
  Reply fresh = patch_if("\"2\"", {{"min_score", 0.9}});
  EXPECT_EQ(fresh.status, 200) << fresh.body;
  EXPECT_EQ(core::IntOr(Obj(fresh), "revision"), 3);
  EXPECT_EQ(patch_if("soon", {{"min_score", 0.1}}).status, 400);

  EXPECT_EQ(CampaignAudit(b),
            (std::vector<std::string>{"campaign.update", "campaign.update", "campaign.create"}));
}

TEST_P(CampaignsApiTest, EveryChangeIsARevision) {
  Browser b = SignUpAndSignIn("ana@example.com", "1 Main St");
  const std::string user = UserId(b);
  const std::string id = Create(b, {{"name", "n"}, {"query", "crm"}, {"status", "active"}});
  ASSERT_EQ(As(b, "PATCH", "/v1/campaigns/" + id, Body({{"query", "crm OR erp"}})).status, 200);
  ASSERT_EQ(As(b, "POST", "/v1/campaigns/" + id + "/pause").status, 200);
  ASSERT_EQ(As(b, "POST", "/v1/campaigns/" + id + "/resume").status, 200);

  Reply revs = As(b, "GET", "/v1/campaigns/" + id + "/revisions");
  ASSERT_EQ(revs.status, 200) << revs.body;
  const auto& data = Obj(revs).at("data").as_array();
  ASSERT_EQ(data.size(), 4u);
  const std::vector<std::pair<std::string, std::string>> want = {
      {"resume", "active"}, {"pause", "paused"}, {"update", "active"}, {"create", "active"}};
  for (size_t i = 0; i < want.size(); ++i) {
    const auto& r = data[i].as_object();
    EXPECT_EQ(core::IntOr(r, "revision"), static_cast<int64_t>(4 - i));
    EXPECT_EQ(core::StringOr(r, "action"), want[i].first);
    EXPECT_EQ(core::StringOr(r, "changed_by"), user);
    EXPECT_EQ(core::StringOr(r.at("campaign").as_object(), "status"), want[i].second);
  }
  EXPECT_EQ(core::StringOr(data[3].as_object().at("campaign").as_object(), "query"), "crm");
  EXPECT_EQ(core::StringOr(data[2].as_object().at("campaign").as_object(), "query"), "crm OR erp");
  EXPECT_TRUE(Obj(revs).at("next_cursor").is_null());
  EXPECT_EQ(core::IntOr(Obj(As(b, "GET", "/v1/campaigns/" + id)), "revision"), 4);

  // Paging.
  Reply first = As(b, "GET", "/v1/campaigns/" + id + "/revisions?limit=3");
  ASSERT_EQ(Obj(first).at("data").as_array().size(), 3u);
  const std::string cursor = core::StringOr(Obj(first), "next_cursor");
  EXPECT_EQ(cursor, "2");
  Reply rest = As(b, "GET", "/v1/campaigns/" + id + "/revisions?cursor=" + cursor);
  ASSERT_EQ(Obj(rest).at("data").as_array().size(), 1u);
  EXPECT_EQ(core::StringOr(Obj(rest).at("data").as_array()[0].as_object(), "action"), "create");
  EXPECT_EQ(As(b, "GET", "/v1/campaigns/" + id + "/revisions?limit=0").status, 400);
}

TEST_P(CampaignsApiTest, InvalidQueriesAreRefusedWithThePosition) {
  Browser b = SignUpAndSignIn("ana@example.com", "1 Main St");
  Reply bad = As(b, "POST", "/v1/campaigns", Body({{"name", "n"}, {"query", "a (b OR c d e"}}));
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.ErrorCode(), "invalid_argument");
  EXPECT_EQ(core::StringOr(Obj(bad).at("error").as_object(), "message"),
            "query: 1:14: expected ')' to close '(' at 1:3");
  EXPECT_TRUE(ListedIds(b).empty());
  EXPECT_EQ(changes_, 0);

  const std::string id = Create(b, {{"name", "n"}, {"query", "crm"}});
  Reply bad_edit = As(b, "PATCH", "/v1/campaigns/" + id, Body({{"query", "crm AND"}}));
  EXPECT_EQ(bad_edit.status, 400) << bad_edit.body;
  EXPECT_EQ(core::StringOr(Obj(bad_edit).at("error").as_object(), "message"),
            "query: 1:8: expected a term, a \"phrase\" or '(' after 'AND', found the end of the "
            "query");
  Reply after = As(b, "GET", "/v1/campaigns/" + id);
  EXPECT_EQ(core::StringOr(Obj(after), "query"), "crm");
  EXPECT_EQ(core::IntOr(Obj(after), "revision"), 1);
}

// The portal's query editor: validateQuery answers the normalised query or the parse error with
// its LINE:COL, and saves nothing.
TEST_P(CampaignsApiTest, ValidateQueryAnswersTheErrorPositionAndSavesNothing) {
  Browser b = SignUpAndSignIn("ana@example.com", "1 Main St");
  Reply ok = As(b, "POST", "/v1/queries/validate", Body({{"query", "crm   OR  hubspot"}}));
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_TRUE(Obj(ok).at("valid").as_bool());
  EXPECT_EQ(core::StringOr(Obj(ok), "query"), "crm OR hubspot");

  Reply bad = As(b, "POST", "/v1/queries/validate", Body({{"query", "a (b OR c d e"}}));
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.ErrorCode(), "invalid_argument");
  EXPECT_EQ(core::StringOr(Obj(bad).at("error").as_object(), "message"),
            "query: 1:14: expected ')' to close '(' at 1:3");

  Reply missing = As(b, "POST", "/v1/queries/validate", Body({{"q", "crm"}}));
  EXPECT_EQ(missing.status, 400) << missing.body;
  EXPECT_TRUE(ListedIds(b).empty());
  EXPECT_EQ(changes_, 0);
  EXPECT_TRUE(CampaignAudit(b).empty());
}

TEST_P(CampaignsApiTest, PauseAndResume) {
  Browser b = SignUpAndSignIn("ana@example.com", "1 Main St");
  const std::string draft = Create(b, {{"name", "d"}, {"query", "crm"}});
  const std::string live = Create(b, {{"name", "l"}, {"query", "erp"}, {"status", "active"}});
  auto active_ids = [&] {
    auto list = campaigns_->ListActive();
    EXPECT_TRUE(list) << list.error().message;
    std::vector<std::string> ids;
    for (const auto& c : *list) ids.push_back(c.id);
    return ids;
  };
  EXPECT_EQ(active_ids(), std::vector<std::string>{live});

  Reply paused = As(b, "POST", "/v1/campaigns/" + live + "/pause");
  ASSERT_EQ(paused.status, 200) << paused.body;
  EXPECT_EQ(core::StringOr(Obj(paused), "status"), "paused");
  EXPECT_TRUE(active_ids().empty());
  const int changes = changes_;
  // Pausing again is a no-op: same revision, no rebuild.
  Reply again = As(b, "POST", "/v1/campaigns/" + live + "/pause");
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(core::IntOr(Obj(again), "revision"), core::IntOr(Obj(paused), "revision"));
  EXPECT_EQ(changes_, changes);
  // A draft is not running: nothing to pause.
  Reply draft_pause = As(b, "POST", "/v1/campaigns/" + draft + "/pause");
  EXPECT_EQ(draft_pause.status, 422) << draft_pause.body;

  EXPECT_EQ(ListedIds(b, "?status=paused"), std::vector<std::string>{live});
  Reply resumed = As(b, "POST", "/v1/campaigns/" + live + "/resume");
  ASSERT_EQ(resumed.status, 200);
  EXPECT_EQ(core::StringOr(Obj(resumed), "status"), "active");
  // Resuming a draft launches it.
  ASSERT_EQ(As(b, "POST", "/v1/campaigns/" + draft + "/resume").status, 200);
  const std::vector<std::string> now_active = active_ids();
  EXPECT_EQ((std::set<std::string>(now_active.begin(), now_active.end())),
            (std::set<std::string>{draft, live}));
  EXPECT_TRUE(ListedIds(b, "?status=paused").empty());
  EXPECT_EQ(As(b, "GET", "/v1/campaigns?status=deleted").status, 400);
  EXPECT_EQ(As(b, "GET", "/v1/campaigns?status=bogus").status, 400);
}

TEST_P(CampaignsApiTest, DeleteHidesTheCampaignButKeepsItsHistory) {
  Browser b = SignUpAndSignIn("ana@example.com", "1 Main St");
  const std::string keep = Create(b, {{"name", "k"}, {"query", "erp"}});
  const std::string id = Create(b, {{"name", "n"}, {"query", "crm"}, {"status", "active"}});
  const int changes = changes_;
  Reply deleted = As(b, "DELETE", "/v1/campaigns/" + id);
  EXPECT_EQ(deleted.status, 204) << deleted.body;
  EXPECT_EQ(changes_, changes + 1);
  EXPECT_EQ(As(b, "GET", "/v1/campaigns/" + id).status, 404);
  EXPECT_EQ(ListedIds(b), std::vector<std::string>{keep});
  EXPECT_EQ(As(b, "DELETE", "/v1/campaigns/" + id).status, 404);
  EXPECT_EQ(As(b, "PATCH", "/v1/campaigns/" + id, Body({{"name", "x"}})).status, 404);
  EXPECT_EQ(As(b, "POST", "/v1/campaigns/" + id + "/resume").status, 404);
  EXPECT_EQ(As(b, "GET", "/v1/campaigns/" + id + "/revisions").status, 404);
  EXPECT_TRUE(campaigns_->ListActive()->empty());
  // Soft delete: the row and its history remain for the record.
  auto rows = db_->Query("SELECT status, deleted_at, revision FROM campaigns WHERE id = ?", {id});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().Text(0), "deleted");
  EXPECT_EQ(rows->front().Int(1), clock_.NowUnixMillis());
  EXPECT_EQ(rows->front().Int(2), 2);
  auto revs = db_->Query(
      "SELECT action FROM campaign_revisions WHERE campaign_id = ? ORDER BY revision", {id});
  ASSERT_TRUE(revs);
  ASSERT_EQ(revs->size(), 2u);
  EXPECT_EQ((*revs)[1].Text(0), "delete");
  EXPECT_EQ(CampaignAudit(b).front(), "campaign.delete");
}

TEST_P(CampaignsApiTest, ApiKeyScopesDecideWhoMayWrite) {
  Browser b = SignUpAndSignIn("ana@example.com", "1 Main St");
  const std::string writer = CreateKey(b, json::array{"campaigns:write"});
  const std::string reader = CreateKey(b, json::array{"leads:read"});
  const std::string billing = CreateKey(b, json::array{"billing:read"});

  Reply created = WithKey(writer, "POST", "/v1/campaigns", Body({{"name", "k"}, {"query", "crm"}}));
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = core::StringOr(Obj(created), "id");
  EXPECT_EQ(WithKey(writer, "GET", "/v1/campaigns/" + id).status, 200);
  EXPECT_EQ(WithKey(writer, "PATCH", "/v1/campaigns/" + id, Body({{"min_score", 0.5}})).status,
            200);
  // The revision names the key by its display prefix (never the secret).
  Reply revs = As(b, "GET", "/v1/campaigns/" + id + "/revisions");
  EXPECT_EQ(core::StringOr(Obj(revs).at("data").as_array()[0].as_object(), "changed_by"),
            writer.substr(0, accounts::kApiKeyDisplayPrefixLength));
  EXPECT_EQ(revs.body.find(writer), std::string::npos);

  // leads:read may read but not write.
  EXPECT_EQ(WithKey(reader, "GET", "/v1/campaigns").status, 200);
  EXPECT_EQ(WithKey(reader, "GET", "/v1/campaigns/" + id).status, 200);
  EXPECT_EQ(WithKey(reader, "GET", "/v1/campaigns/" + id + "/revisions").status, 200);
  struct Write {
    std::string method, target, body;
  };
  for (const Write& w :
       std::vector<Write>{{"POST", "/v1/campaigns", Body({{"name", "k"}, {"query", "crm"}})},
                          {"PATCH", "/v1/campaigns/" + id, Body({{"name", "x"}})},
                          {"POST", "/v1/campaigns/" + id + "/pause", ""},
                          {"POST", "/v1/campaigns/" + id + "/resume", ""},
                          {"DELETE", "/v1/campaigns/" + id, ""}}) {
    Reply r = WithKey(reader, w.method, w.target, w.body);
    EXPECT_EQ(r.status, 403) << w.method << " " << w.target << ": " << r.body;
    EXPECT_NE(r.body.find("campaigns:write"), std::string::npos) << r.body;
  }
  // A key with neither scope may not even read.
  Reply denied = WithKey(billing, "GET", "/v1/campaigns");
  EXPECT_EQ(denied.status, 403) << denied.body;
  EXPECT_EQ(WithKey(billing, "GET", "/v1/campaigns/" + id).status, 403);
  // Without credentials: 401.
  EXPECT_EQ(Call("GET", "/v1/campaigns").status, 401);
  // A cookie request without the CSRF token is refused.
  EXPECT_EQ(Call("POST", "/v1/campaigns", Body({{"name", "k"}, {"query", "crm"}}),
                 {{"Cookie", b.cookie}, {"Origin", kOrigin}})
                .status,
            403);
  Reply after = As(b, "GET", "/v1/campaigns/" + id);
  EXPECT_EQ(core::IntOr(Obj(after), "revision"), 2);
  EXPECT_EQ(ListedIds(b), std::vector<std::string>{id});
}

// Every campaign operation, called by account A with account B's campaign id, must neither act
// on nor reveal it.
TEST_P(CampaignsApiTest, NoCampaignOperationReachesAnotherAccount) {
  Browser a = SignUpAndSignIn("ana@a.example", "A street 1");
  Browser b = SignUpAndSignIn("bo@b.example", "B street 2");
  const std::string a_key = CreateKey(a, json::array{"campaigns:write", "leads:read"});
  const std::string b_id =
      Create(b, {{"name", "B secret plan"}, {"query", "bzzword"}, {"status", "active"}});
  const std::string a_id = Create(a, {{"name", "mine"}, {"query", "crm"}});
  const Reply b_before = As(b, "GET", "/v1/campaigns/" + b_id);
  ASSERT_EQ(b_before.status, 200);
  const std::string b_account =
      core::StringOr(Obj(As(b, "GET", "/v1/me")).at("account").as_object(), "id");

  struct Case {
    const char* operation;
    std::string method;
    std::string target;
    std::string body;
  };
  const std::vector<Case> cases = {
      {"getCampaign", "GET", "/v1/campaigns/" + b_id, ""},
      {"updateCampaign", "PATCH", "/v1/campaigns/" + b_id, Body({{"name", "pwned"}})},
      {"pauseCampaign", "POST", "/v1/campaigns/" + b_id + "/pause", ""},
      {"resumeCampaign", "POST", "/v1/campaigns/" + b_id + "/resume", ""},
      {"listCampaignRevisions", "GET", "/v1/campaigns/" + b_id + "/revisions", ""},
      {"deleteCampaign", "DELETE", "/v1/campaigns/" + b_id, ""},
  };
  for (const auto& c : cases) {
    for (bool by_key : {false, true}) {
      Reply r =
          by_key ? WithKey(a_key, c.method, c.target, c.body) : As(a, c.method, c.target, c.body);
      EXPECT_EQ(r.status, 404) << c.operation << (by_key ? " (API key)" : "") << ": " << r.body;
      EXPECT_EQ(r.ErrorCode(), "not_found") << c.operation;
      EXPECT_EQ(r.body.find("B secret plan"), std::string::npos) << c.operation;
      EXPECT_EQ(r.body.find("bzzword"), std::string::npos) << c.operation;
      EXPECT_EQ(r.body.find(b_id), std::string::npos) << c.operation;
      EXPECT_EQ(r.body.find(b_account), std::string::npos) << c.operation;
    }
  }
  // listCampaigns never shows B's campaign, whatever the filter or cursor.
  for (const std::string q : {"", "?status=active", "?cursor=cmp_ZZZZZZZZZZZZZZZZZZZZZZZZZZ"}) {
    EXPECT_EQ(ListedIds(a, q),
              (q == "?status=active" ? std::vector<std::string>{} : std::vector<std::string>{a_id}))
        << q;
  }
  // An account_id in the body is ignored: the campaign belongs to the caller.
  const std::string planted = Create(a, {{"name", "x"}, {"query", "y"}, {"account_id", b_account}});
  EXPECT_EQ(ListedIds(b), std::vector<std::string>{b_id});
  EXPECT_EQ(ListedIds(a).front(), planted);

  // B's campaign is exactly as it was, and B's audit log has nothing from A.
  Reply b_after = As(b, "GET", "/v1/campaigns/" + b_id);
  EXPECT_EQ(b_after.json, b_before.json);
  EXPECT_EQ(CampaignAudit(b), std::vector<std::string>{"campaign.create"});
}

TEST_P(CampaignsApiTest, BadBodiesNameTheFieldAndChangeNothing) {
  Browser b = SignUpAndSignIn("ana@example.com", "1 Main St");
  struct Case {
    std::string body;
    std::string expect;  // a part of the message
  };
  const std::vector<Case> create_cases = {
      {"", "request body must be a JSON object"},
      {"{not json", "request body must be a JSON object"},
      {"[1,2]", "request body must be a JSON object"},
      {R"({"query":"crm"})", "name: is required"},
      {R"({"name":"n"})", "query: is required"},
      {R"({"name":7,"query":"crm"})", "name: must be a string"},
      {R"({"name":"n","query":"crm","min_score":"high"})", "min_score: must be a number"},
      {R"({"name":"n","query":"crm","min_score":2})", "min_score: must be between 0 and 1"},
      {R"({"name":"n","query":"crm","filters":{"sources":["twitter"]}})",
       "filters.sources: unknown source 'twitter'"},
      {R"({"name":"n","query":"crm","filters":{"company_size":{"min":9,"max":1}}})",
       "filters.company_size: min (9) must not be more than max (1)"},
      {R"({"name":"n","query":"crm","channels":[]})", "channels: name at least one"},
      {R"({"name":"n","query":"crm","daily_credit_cap":0})", "daily_credit_cap: must be between"},
      {R"({"name":"n","query":"crm","status":"deleted"})", "status: must be draft, active or"},
      {R"({"name":"n","query":"crm","colour":"red"})", "unknown field 'colour'"},
  };
  for (const auto& c : create_cases) {
    Reply r = As(b, "POST", "/v1/campaigns", c.body);
    EXPECT_EQ(r.status, 400) << c.body << ": " << r.body;
    EXPECT_EQ(r.ErrorCode(), "invalid_argument") << c.body;
    EXPECT_NE(r.body.find(c.expect), std::string::npos) << c.body << ": " << r.body;
  }
  EXPECT_TRUE(ListedIds(b).empty());
  EXPECT_TRUE(CampaignAudit(b).empty());
  EXPECT_EQ(changes_, 0);

  const std::string id = Create(b, {{"name", "n"}, {"query", "crm"}});
  const Reply before = As(b, "GET", "/v1/campaigns/" + id);
  const std::vector<Case> patch_cases = {
      {"", "request body must be a JSON object"},
      {R"({"name":""})", "name: must be 1 to 200 characters"},
      {R"({"name":null})", "name: must be a string"},
      {R"({"filters":{"languages":["english"]}})", "filters.languages: 'english'"},
      {R"({"filters":{"seniority":["boss"]}})", "filters.seniority: unknown seniority 'boss'"},
      {R"({"channels":"email"})", "channels: must be a list of strings"},
      {R"({"name":"ok","min_scor":1})", "unknown field 'min_scor'"},
  };
  for (const auto& c : patch_cases) {
    Reply r = As(b, "PATCH", "/v1/campaigns/" + id, c.body);
    EXPECT_EQ(r.status, 400) << c.body << ": " << r.body;
    EXPECT_NE(r.body.find(c.expect), std::string::npos) << c.body << ": " << r.body;
  }
  EXPECT_EQ(As(b, "GET", "/v1/campaigns/" + id).json, before.json);
  EXPECT_EQ(CampaignAudit(b), std::vector<std::string>{"campaign.create"});
  EXPECT_EQ(As(b, "GET", "/v1/campaigns?limit=abc").status, 400);
  EXPECT_EQ(As(b, "GET", "/v1/campaigns?limit=101").status, 400);
}

TEST_P(CampaignsApiTest, LlmRerankIsAnOptInSwitch) {
  Browser b = SignUpAndSignIn("ana@example.com", "1 Main St");
  auto flag = [](const Reply& r) { return Obj(r).at("llm_rerank"); };
  auto listed_flag = [&](const std::string& id) {
    Reply list = As(b, "GET", "/v1/campaigns");
    for (const auto& c : Obj(list).at("data").as_array()) {
      if (core::StringOr(c.as_object(), "id") == id) return c.as_object().at("llm_rerank");
    }
    return json::value();
  };

  // Off unless the client says so, in every read.
  const std::string id = Create(b, {{"name", "n"}, {"query", "crm"}});
  Reply got = As(b, "GET", "/v1/campaigns/" + id);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(flag(got), json::value(false));
  EXPECT_EQ(listed_flag(id), json::value(false));

  // Set, then cleared; each is a revision.
  Reply on = As(b, "PATCH", "/v1/campaigns/" + id, Body({{"llm_rerank", true}}));
  ASSERT_EQ(on.status, 200) << on.body;
  EXPECT_EQ(flag(on), json::value(true));
  EXPECT_EQ(core::IntOr(Obj(on), "revision"), 2);
  EXPECT_EQ(flag(As(b, "GET", "/v1/campaigns/" + id)), json::value(true));
  EXPECT_EQ(listed_flag(id), json::value(true));
  // Other changes leave it alone.
  Reply renamed = As(b, "PATCH", "/v1/campaigns/" + id, Body({{"name", "renamed"}}));
  EXPECT_EQ(flag(renamed), json::value(true));
  Reply off = As(b, "PATCH", "/v1/campaigns/" + id, Body({{"llm_rerank", false}}));
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(flag(off), json::value(false));
  EXPECT_EQ(core::IntOr(Obj(off), "revision"), 4);
  EXPECT_EQ(flag(As(b, "GET", "/v1/campaigns/" + id)), json::value(false));
  Reply revisions = As(b, "GET", "/v1/campaigns/" + id + "/revisions");
  EXPECT_EQ(Obj(revisions).at("data").as_array()[1].at("campaign").at("llm_rerank"),
            json::value(true));

  // Set at creation.
  Reply created =
      As(b, "POST", "/v1/campaigns", Body({{"name", "m"}, {"query", "erp"}, {"llm_rerank", true}}));
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(flag(created), json::value(true));
  EXPECT_EQ(flag(As(b, "GET", "/v1/campaigns/" + core::StringOr(Obj(created), "id"))),
            json::value(true));

  // Anything but a boolean is a 400 naming the field, and changes nothing.
  const Reply before = As(b, "GET", "/v1/campaigns/" + id);
  for (const char* body :
       {R"({"llm_rerank":"yes"})", R"({"llm_rerank":1})", R"({"llm_rerank":null})"}) {
    Reply r = As(b, "PATCH", "/v1/campaigns/" + id, body);
    EXPECT_EQ(r.status, 400) << body << ": " << r.body;
    EXPECT_EQ(r.ErrorCode(), "invalid_argument") << body;
    EXPECT_NE(r.body.find("llm_rerank: must be true or false"), std::string::npos) << r.body;
  }
  Reply bad_create =
      As(b, "POST", "/v1/campaigns", R"({"name":"x","query":"crm","llm_rerank":"true"})");
  EXPECT_EQ(bad_create.status, 400) << bad_create.body;
  EXPECT_NE(bad_create.body.find("llm_rerank: must be true or false"), std::string::npos);
  EXPECT_EQ(As(b, "GET", "/v1/campaigns/" + id).json, before.json);

  // The OpenAPI schema documents it and says where the text goes.
  const auto fields = WriteSchemaFields("llm_rerank");
  ASSERT_EQ(fields.size(), 2u);
  for (const auto& field : fields) {
    EXPECT_EQ(core::StringOr(field, "type"), "boolean");
    EXPECT_NE(core::StringOr(field, "description").find("third-party"), std::string::npos);
  }
}

TEST_P(CampaignsApiTest, DigestFrequencyIsDailyUnlessSetAndOnlyHourlyOrDaily) {
  Browser b = SignUpAndSignIn("ana@example.com", "1 Main St");
  const std::string id =
      Create(b, {{"name", "n"}, {"query", "crm"}, {"channels", json::array{"email"}}});
  Reply got = As(b, "GET", "/v1/campaigns/" + id);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(core::StringOr(Obj(got), "digest"), "daily");

  Reply hourly = As(b, "PATCH", "/v1/campaigns/" + id, Body({{"digest", "hourly"}}));
  ASSERT_EQ(hourly.status, 200) << hourly.body;
  EXPECT_EQ(core::StringOr(Obj(hourly), "digest"), "hourly");
  EXPECT_EQ(core::IntOr(Obj(hourly), "revision"), 2);
  EXPECT_EQ(core::StringOr(Obj(As(b, "GET", "/v1/campaigns/" + id)), "digest"), "hourly");
  // Other changes leave it alone.
  Reply renamed = As(b, "PATCH", "/v1/campaigns/" + id, Body({{"name", "renamed"}}));
  EXPECT_EQ(core::StringOr(Obj(renamed), "digest"), "hourly");
  Reply revisions = As(b, "GET", "/v1/campaigns/" + id + "/revisions");
  EXPECT_EQ(Obj(revisions).at("data").as_array()[1].at("campaign").at("digest"),
            json::value("hourly"));

  Reply created =
      As(b, "POST", "/v1/campaigns", Body({{"name", "m"}, {"query", "erp"}, {"digest", "hourly"}}));
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(core::StringOr(Obj(created), "digest"), "hourly");

  // Anything else is a 400 naming the field, and changes nothing.
  const Reply before = As(b, "GET", "/v1/campaigns/" + id);
  for (const auto& [body, message] : std::vector<std::pair<std::string, std::string>>{
           {R"({"digest":"weekly"})", "digest: must be hourly or daily (got 'weekly')"},
           {R"({"digest":null})", "digest: must be \"hourly\" or \"daily\""},
           {R"({"digest":1,"name":"changed"})", "digest: must be \"hourly\" or \"daily\""}}) {
    Reply r = As(b, "PATCH", "/v1/campaigns/" + id, body);
    EXPECT_EQ(r.status, 400) << body << ": " << r.body;
    EXPECT_EQ(r.ErrorCode(), "invalid_argument") << body;
    EXPECT_EQ(core::StringOr(Obj(r).at("error").as_object(), "message"), message) << r.body;
  }
  EXPECT_EQ(As(b, "GET", "/v1/campaigns/" + id).json, before.json);

  // The OpenAPI schema documents it.
  const auto fields = WriteSchemaFields("digest");
  ASSERT_EQ(fields.size(), 2u);
  for (const auto& field : fields) {
    EXPECT_EQ(field.at("enum"), (json::array{"hourly", "daily"}));
    EXPECT_NE(core::StringOr(field, "description").find("owners"), std::string::npos);
  }
}

TEST_P(CampaignsApiTest, ListPagesNewestFirst) {
  Browser b = SignUpAndSignIn("ana@example.com", "1 Main St");
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    ids.push_back(Create(b, {{"name", "c" + std::to_string(i)}, {"query", "crm"}}));
    clock_.Advance(std::chrono::milliseconds(1));
  }
  Reply first = As(b, "GET", "/v1/campaigns?limit=2");
  ASSERT_EQ(first.status, 200) << first.body;
  const auto& data = Obj(first).at("data").as_array();
  ASSERT_EQ(data.size(), 2u);
  EXPECT_EQ(core::StringOr(data[0].as_object(), "id"), ids[4]);
  EXPECT_EQ(core::StringOr(data[1].as_object(), "id"), ids[3]);
  const std::string cursor = core::StringOr(Obj(first), "next_cursor");
  EXPECT_EQ(cursor, ids[3]);
  EXPECT_EQ(ListedIds(b, "?limit=10&cursor=" + cursor),
            (std::vector<std::string>{ids[2], ids[1], ids[0]}));
  EXPECT_TRUE(Obj(As(b, "GET", "/v1/campaigns?limit=5")).at("next_cursor").is_null());
}

TEST_P(CampaignsApiTest, EveryCampaignOperationIsDocumented) {
  std::set<std::string> ids;
  for (const auto& route : router_->Routes()) ids.insert(route.operation->operation_id);
  for (const char* id :
       {"createCampaign", "listCampaigns", "getCampaign", "updateCampaign", "pauseCampaign",
        "resumeCampaign", "deleteCampaign", "listCampaignRevisions", "validateQuery"}) {
    EXPECT_TRUE(ids.contains(id)) << id;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, CampaignsApiTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         DialectParamName);

}  // namespace
}  // namespace leados::api::testing
