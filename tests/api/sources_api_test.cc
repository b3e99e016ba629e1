// The admin source API on both database backends: listSources / getSource show the run state,
// create / update / delete with validation errors that name the field, configuration-file
// sources read-only, runSourceNow, and refusal of anyone who is not a signed-in admin on an
// allow-listed address.
#include <gtest/gtest.h>

#include "accounts/totp.h"
#include "accounts_api_fixture.h"
#include "api/http_util.h"
#include "api/source_routes.h"
#include "app/queue_signal_sink.h"
#include "app/source_alert_mailer.h"
#include "app/window_signal_sink.h"
#include "campaigns/recent_signals.h"
#include "core/metrics.h"
#include "ingest/source_store.h"
#include "store/memory_key_value.h"
#include "store/memory_queue.h"

namespace leados::api::testing {
namespace {

namespace json = core::json;

std::string Body(json::object o) {
  return core::ToJson(o);
}

class SourcesApiTest : public AccountsApiFixture {
 protected:
  void AddMoreRoutes(http::Router& router) override {
    sources_ = std::make_unique<ingest::SourceStore>(*db_, clock_);
    AddSourceRoutes(*api_, router,
                    {*sources_, *audit_, *db_, [this](std::string_view id) -> core::Status {
                       run_now_.push_back(std::string(id));
                       return sources_->MakeDue(id);
                     }});
  }
  void SetUp() override {
    AccountsApiFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto created = admins_->Create("root@ops.example", kPassword);
    ASSERT_TRUE(created) << created.error().message;
    auto code = accounts::TotpCode(created->totp_secret, clock_.NowUnixSeconds());
    ASSERT_TRUE(code);
    Reply in = Call("POST", "/admin/api/login",
                    Body({{"email", "root@ops.example"}, {"password", kPassword}, {"code", *code}}),
                    {}, kAdminIp);
    ASSERT_EQ(in.status, 200) << in.body;
    admin_ = Browser{"__Host-leados_admin=" + in.SetCookie("__Host-leados_admin"),
                     core::StringOr(in.json.as_object(), "csrf_token"), kAdminIp};
  }

  Reply Create(json::object body) { return As(admin_, "POST", "/admin/api/sources", Body(body)); }

  std::unique_ptr<ingest::SourceStore> sources_;
  std::vector<std::string> run_now_;
  Browser admin_;
};

const json::object& Obj(const Reply& r) {
  return r.json.as_object();
}

TEST_P(SourcesApiTest, CreateListGetUpdateDeleteFlow) {
  Reply created = Create({{"name", "GitLab jobs"},
                          {"kind", "greenhouse"},
                          {"settings", json::object{{"board", "gitlab"}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = core::StringOr(Obj(created), "id");
  EXPECT_TRUE(id.starts_with("src_"));
  EXPECT_EQ(core::IntOr(Obj(created), "interval_seconds"), 3600);  // the kind's default
  EXPECT_EQ(core::StringOr(Obj(created), "origin"), "api");
  const auto& state = Obj(created).at("state").as_object();
  EXPECT_EQ(core::StringOr(state, "status"), "pending");
  EXPECT_TRUE(state.at("last_error").is_null());
  EXPECT_EQ(run_now_, std::vector<std::string>{id});  // a new source runs at once

  // The scheduler records a failure: listSources and getSource show it.
  ASSERT_TRUE(*sources_->TryLease(id, "t", clock_.NowUnixMillis(), clock_.NowUnixMillis() + 1000));
  ingest::RunRecord fail;
  fail.attempt_at_ms = clock_.NowUnixMillis();
  fail.next_run_at_ms = clock_.NowUnixMillis() + 120'000;
  fail.error_kind = "http_status";
  fail.error_message =
      "GET https://boards-api.greenhouse.io/v1/boards/gitlab/jobs?content=true: "
      "HTTP 500 Internal Server Error";
  ASSERT_TRUE(sources_->RecordRun(id, "t", fail));

  Reply list = As(admin_, "GET", "/admin/api/sources");
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(Obj(list).at("data").as_array().size(), 1u);
  Reply got = As(admin_, "GET", "/admin/api/sources/" + id);
  ASSERT_EQ(got.status, 200) << got.body;
  const auto& st = Obj(got).at("state").as_object();
  EXPECT_EQ(core::StringOr(st, "status"), "failing");
  EXPECT_EQ(core::IntOr(st, "consecutive_failures"), 1);
  EXPECT_EQ(core::StringOr(st.at("last_error").as_object(), "kind"), "http_status");
  EXPECT_NE(core::StringOr(st.at("last_error").as_object(), "message").find("HTTP 500"),
            std::string::npos);
  EXPECT_TRUE(st.at("last_success_at").is_null());
  EXPECT_EQ(core::StringOr(st, "next_run_at"), Rfc3339Millis(clock_.NowUnixMillis() + 120'000));
  EXPECT_EQ(Obj(list).at("data").as_array()[0].as_object(), Obj(got));

  Reply up = As(admin_, "PATCH", "/admin/api/sources/" + id,
                Body({{"interval_seconds", 600}, {"enabled", false}}));
  ASSERT_EQ(up.status, 200) << up.body;
  EXPECT_EQ(core::IntOr(Obj(up), "interval_seconds"), 600);
  EXPECT_EQ(core::StringOr(Obj(up).at("state").as_object(), "status"), "disabled");

  Reply run = As(admin_, "POST", "/admin/api/sources/" + id + "/run");
  EXPECT_EQ(run.status, 202) << run.body;
  EXPECT_EQ(run_now_.size(), 2u);

  Reply del = As(admin_, "DELETE", "/admin/api/sources/" + id);
  EXPECT_EQ(del.status, 204) << del.body;
  EXPECT_EQ(As(admin_, "GET", "/admin/api/sources/" + id).status, 404);
  EXPECT_EQ(As(admin_, "DELETE", "/admin/api/sources/" + id).status, 404);

  // Every change is in the audit log.
  Reply audit = As(admin_, "GET", "/admin/api/audit-events?action=admin.source.");
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_EQ(Obj(audit).at("data").as_array().size(), 4u);  // create, update, run, delete
}

TEST_P(SourcesApiTest, ValidationErrorsNameTheFieldAndWhatToFix) {
  struct Case {
    json::object body;
    int status;
    std::string code;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{{"kind", "feed"}, {"settings", json::object{{"url", "https://a/feed"}}}},
       400,
       "invalid_argument",
       "name: required, a string"},
      {{{"name", "x"}, {"kind", "rss"}},
       400,
       "invalid_argument",
       "kind: must be one of feed, press, hn, reddit, greenhouse, lever, ashby, jobpage, jsonl; "
       "got 'rss'"},
      {{{"name", "x"}, {"kind", "feed"}, {"settings", json::object{{"url", "file:///etc/passwd"}}}},
       400,
       "invalid_argument",
       "settings.url: must be an absolute http:// or https:// URL, got 'file:///etc/passwd'"},
      {{{"name", "x"}, {"kind", "jsonl"}, {"settings", json::object{{"path", "/etc/passwd"}}}},
       400,
       "invalid_argument",
       "settings.path: local files can only be read by sources defined in the configuration file "
       "(ingest.sources_file); use settings.url over the API"},
      {{{"name", "x"}, {"kind", "reddit"}, {"settings", json::object{{"subreddit", "a b"}}}},
       400,
       "invalid_argument",
       "settings.subreddit: must be the name without r/, 2 to 21 letters, digits or '_', got 'a "
       "b'"},
      {{{"name", "x"}, {"kind", "hn"}, {"interval_seconds", 1}},
       400,
       "invalid_argument",
       "interval_seconds: must be from 10 to 604800 (7 days), got 1"},
      {{{"name", "x"}, {"kind", "hn"}, {"colour", "red"}},
       400,
       "invalid_argument",
       "colour: unknown field (allowed: name, kind, interval_seconds, enabled, settings)"},
  };
  for (const auto& c : cases) {
    Reply r = Create(c.body);
    EXPECT_EQ(r.status, c.status) << r.body;
    EXPECT_EQ(r.ErrorCode(), c.code) << r.body;
    ASSERT_TRUE(r.json.is_object()) << r.body;
    EXPECT_EQ(core::StringOr(Obj(r).at("error").as_object(), "message"), c.message);
  }
  Reply bad_json = As(admin_, "POST", "/admin/api/sources", "{not json");
  EXPECT_EQ(bad_json.status, 400);

  ASSERT_EQ(Create({{"name", "hn"}, {"kind", "hn"}}).status, 201);
  Reply dup = Create({{"name", "hn"}, {"kind", "hn"}});
  EXPECT_EQ(dup.status, 409) << dup.body;
  EXPECT_EQ(dup.ErrorCode(), "already_exists");

  const std::string id = core::StringOr(
      Obj(As(admin_, "GET", "/admin/api/sources")).at("data").as_array()[0].as_object(), "id");
  Reply kind = As(admin_, "PATCH", "/admin/api/sources/" + id, Body({{"kind", "feed"}}));
  EXPECT_EQ(kind.status, 400);
  EXPECT_EQ(core::StringOr(Obj(kind).at("error").as_object(), "message"),
            "kind: cannot change; delete the source and create one of the other kind");
  Reply settings = As(admin_, "PATCH", "/admin/api/sources/" + id,
                      Body({{"settings", json::object{{"mode", "scrape"}}}}));
  EXPECT_EQ(settings.status, 400);
  EXPECT_EQ(As(admin_, "GET", "/admin/api/sources/src_nope").status, 404);
}

TEST_P(SourcesApiTest, ConfigurationFileSourcesAreReadOnly) {
  ingest::SourceSpec spec;
  spec.type = ingest::SourceType::kFeed;
  spec.name = "from file";
  spec.settings = {{"url", "https://press.example/rss"}};
  ASSERT_TRUE(sources_->SyncConfig({spec}));
  Reply list = As(admin_, "GET", "/admin/api/sources");
  const auto& src = Obj(list).at("data").as_array()[0].as_object();
  EXPECT_EQ(core::StringOr(src, "origin"), "config");
  const std::string id = core::StringOr(src, "id");
  Reply up = As(admin_, "PATCH", "/admin/api/sources/" + id, Body({{"enabled", false}}));
  EXPECT_EQ(up.status, 422) << up.body;
  EXPECT_EQ(up.ErrorCode(), "failed_precondition");
  EXPECT_NE(up.body.find("ingest.sources_file"), std::string::npos) << up.body;
  EXPECT_EQ(As(admin_, "DELETE", "/admin/api/sources/" + id).status, 422);
  EXPECT_EQ(As(admin_, "POST", "/admin/api/sources/" + id + "/run").status, 202);
}

TEST_P(SourcesApiTest, OnlySignedInAdminsOnAllowListedAddressesGetIn) {
  ASSERT_EQ(Create({{"name", "hn"}, {"kind", "hn"}}).status, 201);
  // No cookie.
  EXPECT_EQ(Call("GET", "/admin/api/sources", "", {}, kAdminIp).status, 401);
  // A client user's session is not an admin session.
  Browser client = SignUpAndSignIn("ana@example.com", "1 Main St");
  client.ip = kAdminIp;
  EXPECT_EQ(As(client, "GET", "/admin/api/sources").status, 401);
  EXPECT_EQ(As(client, "POST", "/admin/api/sources", Body({{"name", "x"}, {"kind", "hn"}})).status,
            401);
  // The admin's own cookie from an address outside the allow-list: 404 as if absent.
  Browser outside = admin_;
  outside.ip = kClientIp;
  EXPECT_EQ(As(outside, "GET", "/admin/api/sources").status, 404);
  // A change without the CSRF token is refused.
  Browser no_csrf = admin_;
  no_csrf.csrf_token.clear();
  EXPECT_EQ(As(no_csrf, "POST", "/admin/api/sources", Body({{"name", "y"}, {"kind", "hn"}})).status,
            403);
  EXPECT_EQ(Obj(As(admin_, "GET", "/admin/api/sources")).at("data").as_array().size(), 1u);
}

TEST_P(SourcesApiTest, AFailingSourceEmailsEveryAdmin) {
  ASSERT_TRUE(admins_->Create("second@ops.example", kPassword));
  ingest::Source s;
  s.id = "src_01TEST";
  s.spec.type = ingest::SourceType::kFeed;
  s.spec.name = "Press <wire>";
  s.state.consecutive_failures = 5;
  s.state.last_error_kind = "timeout";
  s.state.last_error_message = "GET https://press.example/rss timed out after 20 s";
  s.state.next_run_at_ms = clock_.NowUnixMillis() + 960'000;
  app::SourceAlertMailer mailer(*db_, *admins_, clock_, "https://leados.test/admin/api/sources/");
  ASSERT_TRUE(mailer.Alert(s));
  for (const char* to : {"root@ops.example", "second@ops.example"}) {
    const std::string text = LastEmailTo(to);
    EXPECT_NE(text.find("The source \"Press <wire>\" (feed, id src_01TEST) has failed 5 polls"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("Last error (timeout): GET https://press.example/rss timed out after 20 s"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("Last success: never"), std::string::npos) << text;
    EXPECT_NE(text.find("https://leados.test/admin/api/sources/src_01TEST"), std::string::npos);
  }
}

TEST(QueueSignalSinkTest, PublishesTheSignalJsonOnTheSignalsTopic) {
  core::ManualClock clock;
  store::MemoryQueue queue(clock);
  app::QueueSignalSink sink(queue);
  ingest::Signal s;
  s.source = ingest::SourceKind::kHackerNews;
  s.source_id = "8863";
  s.title = "My YC app: Dropbox";
  s.author = "dhouston";
  ASSERT_TRUE(sink.Accept(s));
  auto got = queue.Claim("signals", "test", 10, std::chrono::minutes(1), {});
  ASSERT_TRUE(got);
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ(got->front().body, core::ToJson(ingest::SignalToJson(s)));
}

// What `leados serve` gives ingest: the queue first, then the supply scans' window; a window
// that cannot be written does not fail the signal (it was published).
TEST(WindowSignalSinkTest, PublishesThenFillsTheRecentSignalWindow) {
  core::ManualClock clock;
  store::MemoryQueue queue(clock);
  store::MemoryKeyValue kv(clock);
  core::Metrics metrics;
  campaigns::RecentSignals window(kv, clock);
  app::QueueSignalSink queue_sink(queue);
  app::WindowSignalSink sink(queue_sink, window, metrics);
  ingest::Signal s;
  s.source = ingest::SourceKind::kHackerNews;
  s.source_id = "8863";
  s.title = "My YC app: Dropbox";
  ASSERT_TRUE(sink.Accept(s));
  auto got = queue.Claim("signals", "test", 10, std::chrono::minutes(1), {});
  ASSERT_TRUE(got);
  EXPECT_EQ(got->size(), 1u);
  std::vector<std::string> keys;
  ASSERT_TRUE(window.ForEach(clock.Now() - std::chrono::hours(1), 10,
                             [&](ingest::Signal&& w) { keys.push_back(w.Key()); }));
  EXPECT_EQ(keys, std::vector<std::string>{"hn:8863"});
}

INSTANTIATE_TEST_SUITE_P(Backends, SourcesApiTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         DialectParamName);

}  // namespace
}  // namespace leados::api::testing
