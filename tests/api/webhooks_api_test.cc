// Webhook endpoints and deliveries over HTTP on both backends: create (secret once), list, get,
// update, delete, rotate, test event, deliveries and attempts, replay; bad input is a 400 naming
// the field with nothing stored; SSRF refusals; scopes; another account's ids are 404.
#include <gtest/gtest.h>

#include <set>

#include "accounts_api_fixture.h"
#include "api/webhook_routes.h"
#include "deliver/attempt_recorder.h"
#include "deliver/delivery_service.h"
#include "deliver/delivery_store.h"
#include "deliver/endpoint_service.h"
#include "deliver/http_client_transport.h"
#include "deliver/retry_policy.h"
#include "deliver/webhook_dispatcher.h"
#include "ingest/http_client.h"
#include "ingest/ssrf_guard.h"

namespace leados::api::testing {
namespace {

namespace json = core::json;

std::string Body(json::object o) {
  return core::ToJson(o);
}

class WebhooksApiTest : public AccountsApiFixture {
 protected:
  void AddMoreRoutes(http::Router& router) override {
    guard_ = std::make_unique<ingest::SsrfGuard>(
        ingest::SsrfPolicy{},
        [](std::string_view host, uint16_t) -> core::Result<std::vector<std::string>> {
          if (host == "intranet.example.com") return std::vector<std::string>{"10.0.0.1"};
          if (ingest::ClassifyAddress(host)) return std::vector<std::string>{std::string(host)};
          return std::vector<std::string>{"93.184.216.34"};
        });
    endpoints_ = std::make_unique<deliver::EndpointService>(*db_, clock_, *cipher_, *guard_);
    deliveries_ = std::make_unique<deliver::DeliveryStore>(*db_, clock_);
    service_ =
        std::make_unique<deliver::DeliveryService>(*db_, *kv_, clock_, *endpoints_, *deliveries_);
    policy_ = std::make_unique<deliver::RetryPolicy>([] { return 0.5; });
    recorder_ = std::make_unique<deliver::AttemptRecorder>(
        *db_, clock_, *deliveries_, *endpoints_, *service_, *policy_, deliver::OwnerEmails());
    dispatcher_ = std::make_unique<deliver::WebhookDispatcher>(*deliveries_, *endpoints_, *kv_,
                                                               transport_, *recorder_, clock_);
    AddWebhookRoutes(*api_, router, *endpoints_, *service_, [this] { ++wakes_; });
  }

  json::object Endpoint(std::string url = "https://hooks.example.com/leados") {
    return json::object{
        {"url", url}, {"description", "CRM"}, {"event_types", json::array{"lead.created"}}};
  }

  int64_t Count(const char* table) {
    return (*db_->Query(std::string("SELECT COUNT(*) FROM ") + table))[0].Int(0);
  }

  std::unique_ptr<ingest::SsrfGuard> guard_;
  std::unique_ptr<deliver::EndpointService> endpoints_;
  std::unique_ptr<deliver::DeliveryStore> deliveries_;
  std::unique_ptr<deliver::DeliveryService> service_;
  std::unique_ptr<deliver::RetryPolicy> policy_;
  std::unique_ptr<deliver::AttemptRecorder> recorder_;
  ingest::FakeHttpClient http_;
  deliver::HttpClientTransport transport_{http_};
  std::unique_ptr<deliver::WebhookDispatcher> dispatcher_;
  int wakes_ = 0;
};

const json::object& Obj(const Reply& r) {
  return r.json.as_object();
}

TEST_P(WebhooksApiTest, EndpointLifecycle) {
  Browser b = SignUpAndSignIn("ana@example.com", "1 Main St");
  Reply created = As(b, "POST", "/v1/webhook-endpoints", Body(Endpoint()));
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = core::StringOr(Obj(created), "id");
  const std::string secret = core::StringOr(Obj(created), "secret");
  EXPECT_TRUE(id.starts_with("we_"));
  EXPECT_TRUE(secret.starts_with("whsec_"));
  EXPECT_EQ(created.Header("Location"), "/v1/webhook-endpoints/" + id);

  Reply list = As(b, "GET", "/v1/webhook-endpoints");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(Obj(list).at("data").as_array().size(), 1u);
  EXPECT_EQ(list.body.find(secret), std::string::npos) << "the secret is shown only once";
  EXPECT_EQ(list.body.find("\"secret\""), std::string::npos);

  Reply patched = As(b, "PATCH", "/v1/webhook-endpoints/" + id,
                     Body({{"enabled", false}, {"description", "paused"}}));
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_FALSE(Obj(patched).at("enabled").as_bool());
  EXPECT_EQ(core::StringOr(Obj(patched), "url"), "https://hooks.example.com/leados");

  Reply rotated = As(b, "POST", "/v1/webhook-endpoints/" + id + "/rotate-secret");
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  const std::string new_secret = core::StringOr(Obj(rotated), "secret");
  EXPECT_TRUE(new_secret.starts_with("whsec_"));
  EXPECT_NE(new_secret, secret);
  EXPECT_FALSE(Obj(rotated).at("previous_secret_expires_at").is_null());

  Reply deleted = As(b, "DELETE", "/v1/webhook-endpoints/" + id);
  EXPECT_EQ(deleted.status, 204);
  EXPECT_EQ(As(b, "GET", "/v1/webhook-endpoints/" + id).status, 404);
}

TEST_P(WebhooksApiTest, BadInputIsA400NamingTheFieldAndStoresNothing) {
  Browser b = SignUpAndSignIn("ana@example.com", "1 Main St");
  struct Case {
    json::object body;
    std::string says;
  };
  std::vector<Case> cases = {
      {{{"event_types", json::array{"lead.created"}}}, "url: is required"},
      {{{"url", "https://hooks.example.com/"}}, "event_types: is required"},
      {{{"url", "http://hooks.example.com/"}, {"event_types", json::array{"lead.created"}}},
       "url: must use https://"},
      {{{"url", "https://hooks.example.com/"}, {"event_types", json::array{"lead.updated"}}},
       "event_types: unknown event type 'lead.updated'"},
      {{{"url", "https://hooks.example.com/"}, {"event_types", "lead.created"}},
       "event_types: must be a list"},
      {{{"url", "https://hooks.example.com/"},
        {"event_types", json::array{"lead.created"}},
        {"enabled", "yes"}},
       "enabled: must be true or false"},
      {{{"url", "https://hooks.example.com/"},
        {"event_types", json::array{"lead.created"}},
        {"secret", "mine"}},
       "secret: unknown field"},
      {{{"url", "https://intranet.example.com/h"}, {"event_types", json::array{"lead.created"}}},
       "refusing to connect to 10.0.0.1:443 (private address)"},
      {{{"url", "https://169.254.169.254/latest/meta-data"},
        {"event_types", json::array{"lead.created"}}},
       "169.254.169.254:443 (link-local address)"},
  };
  for (const auto& c : cases) {
    Reply r = As(b, "POST", "/v1/webhook-endpoints", Body(c.body));
    EXPECT_EQ(r.status, 400) << c.says << ": " << r.body;
    EXPECT_EQ(r.ErrorCode(), "invalid_argument");
    EXPECT_NE(r.body.find(c.says), std::string::npos) << r.body;
  }
  EXPECT_EQ(As(b, "POST", "/v1/webhook-endpoints", "not json").status, 400);
  EXPECT_EQ(Count("webhook_endpoints"), 0);
  Reply bad_status = As(b, "GET", "/v1/deliveries?status=lost");
  EXPECT_EQ(bad_status.status, 400);
  EXPECT_NE(bad_status.body.find("status: must be"), std::string::npos);
  EXPECT_EQ(As(b, "GET", "/v1/deliveries?limit=0").status, 400);
}

TEST_P(WebhooksApiTest, TestEventDeliveriesAttemptsAndReplay) {
  Browser b = SignUpAndSignIn("ana@example.com", "1 Main St");
  Reply created = As(b, "POST", "/v1/webhook-endpoints", Body(Endpoint()));
  const std::string id = core::StringOr(Obj(created), "id");
  http_.EnqueueResponse("https://hooks.example.com/leados", 500, "try later");
  http_.EnqueueResponse("https://hooks.example.com/leados", 200, "thanks");

  Reply test = As(b, "POST", "/v1/webhook-endpoints/" + id + "/test");
  ASSERT_EQ(test.status, 202) << test.body;
  const std::string msg = core::StringOr(Obj(test), "id");
  EXPECT_TRUE(msg.starts_with("msg_"));
  EXPECT_EQ(core::StringOr(Obj(test), "event_type"), "webhook.test");
  EXPECT_EQ(wakes_, 1);
  ASSERT_TRUE(dispatcher_->RunOnce());  // 500: a retry is scheduled in ~5 s
  // Replaying the failed delivery sends it now, with the same webhook-id.
  Reply replay = As(b, "POST", "/v1/deliveries/" + msg + "/replay");
  ASSERT_EQ(replay.status, 202) << replay.body;
  EXPECT_EQ(core::StringOr(Obj(replay), "status"), "pending");
  ASSERT_TRUE(dispatcher_->RunOnce());

  Reply got = As(b, "GET", "/v1/deliveries/" + msg);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(core::StringOr(Obj(got), "status"), "succeeded");
  Reply attempts = As(b, "GET", "/v1/deliveries/" + msg + "/attempts");
  ASSERT_EQ(attempts.status, 200);
  const auto& data = Obj(attempts).at("data").as_array();
  ASSERT_EQ(data.size(), 2u);
  EXPECT_EQ(data[0].as_object().at("http_status").as_int64(), 500);
  EXPECT_EQ(core::StringOr(data[0].as_object(), "error_class"), "http_5xx");
  EXPECT_EQ(core::StringOr(data[0].as_object(), "response_excerpt"), "try later");
  EXPECT_EQ(data[1].as_object().at("http_status").as_int64(), 200);
  auto reqs = http_.requests();
  ASSERT_EQ(reqs.size(), 2u);
  for (const auto& r : reqs) EXPECT_EQ(r.headers.Get("webhook-id"), msg);

  Reply listed = As(b, "GET", "/v1/deliveries?endpoint_id=" + id + "&status=succeeded");
  ASSERT_EQ(listed.status, 200);
  ASSERT_EQ(Obj(listed).at("data").as_array().size(), 1u);

  // Delivered: its body was deleted, so a replay says why it cannot be sent again.
  Reply again = As(b, "POST", "/v1/deliveries/" + msg + "/replay");
  EXPECT_EQ(again.status, 422) << again.body;
  EXPECT_NE(again.body.find("payload has expired"), std::string::npos) << again.body;
  Reply since = As(b, "POST", "/v1/webhook-endpoints/" + id + "/replay",
                   Body({{"since", "2020-01-01T00:00:00Z"}}));
  ASSERT_EQ(since.status, 202) << since.body;
  EXPECT_EQ(Obj(since).at("replayed").as_int64(), 0) << "nothing left to send";
  Reply no_since = As(b, "POST", "/v1/webhook-endpoints/" + id + "/replay", Body({}));
  EXPECT_EQ(no_since.status, 400);
  EXPECT_NE(no_since.body.find("since: is required"), std::string::npos);
}

TEST_P(WebhooksApiTest, PaginationWithCursor) {
  Browser b = SignUpAndSignIn("ana@example.com", "1 Main St");
  Reply created = As(b, "POST", "/v1/webhook-endpoints", Body(Endpoint()));
  const std::string id = core::StringOr(Obj(created), "id");
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(As(b, "POST", "/v1/webhook-endpoints/" + id + "/test").status, 202);
  }
  std::set<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    Reply page =
        As(b, "GET", "/v1/deliveries?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(page.status, 200) << page.body;
    for (const auto& d : Obj(page).at("data").as_array()) {
      seen.insert(core::StringOr(d.as_object(), "id"));
    }
    cursor = core::StringOr(Obj(page), "next_cursor");
    ++pages;
  } while (!cursor.empty() && pages < 10);
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_EQ(pages, 3);
}

TEST_P(WebhooksApiTest, AnotherAccountsIdsAre404AndScopesAreChecked) {
  Browser ana = SignUpAndSignIn("ana@example.com", "1 Main St");
  Browser bo = SignUpAndSignIn("bo@example.com", "2 Main St");
  Reply created = As(ana, "POST", "/v1/webhook-endpoints", Body(Endpoint()));
  const std::string id = core::StringOr(Obj(created), "id");
  Reply test = As(ana, "POST", "/v1/webhook-endpoints/" + id + "/test");
  const std::string msg = core::StringOr(Obj(test), "id");

  EXPECT_EQ(As(bo, "GET", "/v1/webhook-endpoints/" + id).status, 404);
  EXPECT_EQ(As(bo, "PATCH", "/v1/webhook-endpoints/" + id, Body({{"enabled", false}})).status, 404);
  EXPECT_EQ(As(bo, "DELETE", "/v1/webhook-endpoints/" + id).status, 404);
  EXPECT_EQ(As(bo, "POST", "/v1/webhook-endpoints/" + id + "/rotate-secret").status, 404);
  EXPECT_EQ(As(bo, "POST", "/v1/webhook-endpoints/" + id + "/test").status, 404);
  EXPECT_EQ(As(bo, "POST", "/v1/webhook-endpoints/" + id + "/replay",
               Body({{"since", "2020-01-01T00:00:00Z"}}))
                .status,
            404);
  EXPECT_EQ(As(bo, "GET", "/v1/deliveries/" + msg).status, 404);
  EXPECT_EQ(As(bo, "GET", "/v1/deliveries/" + msg + "/attempts").status, 404);
  EXPECT_EQ(As(bo, "POST", "/v1/deliveries/" + msg + "/replay").status, 404);
  EXPECT_TRUE(Obj(As(bo, "GET", "/v1/deliveries")).at("data").as_array().empty());
  EXPECT_TRUE(Obj(As(bo, "GET", "/v1/webhook-endpoints")).at("data").as_array().empty());
  EXPECT_TRUE(Obj(As(ana, "GET", "/v1/webhook-endpoints/" + id)).at("enabled").as_bool());

  Reply key = As(ana, "POST", "/v1/api-keys",
                 Body({{"name", "k"}, {"scopes", json::array{"campaigns:write"}}}));
  const std::string campaigns_key = core::StringOr(Obj(key), "secret");
  Reply refused = WithKey(campaigns_key, "POST", "/v1/webhook-endpoints", Body(Endpoint()));
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(WithKey(campaigns_key, "GET", "/v1/deliveries").status, 403);
  Reply hooks = As(ana, "POST", "/v1/api-keys",
                   Body({{"name", "h"}, {"scopes", json::array{"webhooks:write"}}}));
  const std::string hooks_key = core::StringOr(Obj(hooks), "secret");
  EXPECT_EQ(WithKey(hooks_key, "POST", "/v1/webhook-endpoints", Body(Endpoint())).status, 201);
  EXPECT_EQ(Count("webhook_endpoints"), 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, WebhooksApiTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         DialectParamName);

}  // namespace
}  // namespace leados::api::testing
