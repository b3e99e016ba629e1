// SourceStore on SQLite and PostgreSQL: create/get/list/update/delete, unique names, the
// read-only configuration sources and their sync, the run lease, and run records.
#include "ingest/source_store.h"

#include <gtest/gtest.h>

#include "store/test_support.h"

namespace leados::ingest {
namespace {

namespace json = core::json;
using namespace std::chrono_literals;

SourceSpec Feed(std::string name, std::string url, int64_t interval = 300) {
  SourceSpec s;
  s.type = SourceType::kFeed;
  s.name = std::move(name);
  s.settings = {{"url", std::move(url)}};
  s.interval_seconds = interval;
  return s;
}

class SourceStoreTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    auto db = store::testing::FreshDatabase::Open(GetParam(), clock_);
    if (!db && db.error().code == core::ErrorCode::kUnavailable) GTEST_SKIP() << db.error().message;
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::move(*db);
    store_ = std::make_unique<SourceStore>(db_->db(), clock_);
  }
  core::ManualClock clock_;
  std::unique_ptr<store::testing::FreshDatabase> db_;
  std::unique_ptr<SourceStore> store_;
};

TEST_P(SourceStoreTest, CrudAndUniqueNames) {
  auto a = store_->Create(Feed("a", "https://a.example/feed"), SourceOrigin::kApi);
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_TRUE(a->id.starts_with("src_"));
  EXPECT_EQ(a->state.next_run_at_ms, clock_.NowUnixMillis());  // due at once
  clock_.Advance(1s);
  auto dup = store_->Create(Feed("a", "https://b.example/feed"), SourceOrigin::kApi);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, core::ErrorCode::kAlreadyExists);
  auto b = store_->Create(Feed("b", "https://b.example/feed"), SourceOrigin::kApi);
  ASSERT_TRUE(b);
  auto list = store_->List();
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, a->id);

  auto got = store_->Get(a->id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->spec.settings, a->spec.settings);
  EXPECT_EQ(got->origin, SourceOrigin::kApi);

  SourcePatch rename;
  rename.name = "b";
  EXPECT_EQ(store_->Update(a->id, rename).error().code, core::ErrorCode::kAlreadyExists);
  SourcePatch patch;
  patch.enabled = false;
  patch.interval_seconds = 120;
  auto up = store_->Update(a->id, patch);
  ASSERT_TRUE(up) << up.error().message;
  EXPECT_FALSE(up->spec.enabled);
  EXPECT_EQ(up->spec.interval_seconds, 120);
  SourcePatch bad;
  bad.settings = json::object{{"url", "nope"}};
  EXPECT_EQ(store_->Update(a->id, bad).error().code, core::ErrorCode::kInvalidArgument);

  ASSERT_TRUE(store_->Delete(a->id));
  EXPECT_EQ(store_->Get(a->id).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(store_->Delete(a->id).error().code, core::ErrorCode::kNotFound);
}

TEST_P(SourceStoreTest, LeaseAndRunRecords) {
  auto a = store_->Create(Feed("a", "https://a.example/feed"), SourceOrigin::kApi);
  ASSERT_TRUE(a);
  const int64_t now = clock_.NowUnixMillis();
  auto due = store_->Due(now, 10);
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_TRUE(*store_->TryLease(a->id, "one", now, now + 60'000));
  EXPECT_FALSE(*store_->TryLease(a->id, "two", now, now + 60'000));           // held
  EXPECT_TRUE(store_->Due(now, 10)->empty());                                 // leased: not due
  EXPECT_TRUE(*store_->TryLease(a->id, "two", now + 60'000, now + 120'000));  // expired
  EXPECT_EQ(store_->TryLease("src_none", "x", now, now + 1).error().code,
            core::ErrorCode::kNotFound);

  RunRecord fail;
  fail.attempt_at_ms = now;
  fail.next_run_at_ms = now + 60'000;
  fail.error_kind = "timeout";
  fail.error_message = "GET https://a.example/feed timed out after 20 s";
  fail.alerted_at_ms = now;
  ASSERT_TRUE(store_->RecordRun(a->id, "two", fail));
  Source s = *store_->Get(a->id);
  EXPECT_EQ(s.state.consecutive_failures, 1);
  EXPECT_EQ(s.state.last_error_kind, "timeout");
  EXPECT_EQ(s.state.alerted_at_ms, now);
  EXPECT_EQ(s.state.next_run_at_ms, now + 60'000);
  EXPECT_TRUE(*store_->TryLease(a->id, "three", now, now + 1000));  // the lease was released

  RunRecord ok;
  ok.success = true;
  ok.settings_json = core::ToJson(a->spec.settings);
  ok.attempt_at_ms = now + 1;
  ok.next_run_at_ms = now + 300'000;
  ok.cursor = {{"last_item", 42}};
  ok.validators = {"\"e1\"", "Sun, 29 Nov 2026 10:00:00 GMT"};
  ok.new_signals = 5;
  EXPECT_EQ(store_->RecordRun(a->id, "someone-else", ok).error().code,
            core::ErrorCode::kNotFound);  // not the lease holder
  ASSERT_TRUE(store_->RecordRun(a->id, "three", ok));
  s = *store_->Get(a->id);
  EXPECT_EQ(s.state.consecutive_failures, 0);
  EXPECT_FALSE(s.state.alerted_at_ms);
  EXPECT_EQ(s.state.cursor, ok.cursor);
  EXPECT_EQ(s.state.validators, ok.validators);
  EXPECT_EQ(s.state.signals_total, 5);
  EXPECT_EQ(s.state.last_success_at_ms, now + 1);
  ASSERT_TRUE(store_->MakeDue(a->id));
  EXPECT_EQ(store_->Get(a->id)->state.next_run_at_ms, clock_.NowUnixMillis());

  // An admin points the source elsewhere while a run is in progress: the run's outcome is
  // recorded, but its cursor and validators (of the old URL) do not come back.
  ASSERT_TRUE(*store_->TryLease(a->id, "four", now, now + 1000));
  SourcePatch moved;
  moved.settings = json::object{{"url", "https://elsewhere.example/feed"}};
  ASSERT_TRUE(store_->Update(a->id, moved));
  RunRecord late = ok;
  late.cursor = {{"last_item", 99}};
  ASSERT_TRUE(store_->RecordRun(a->id, "four", late));
  s = *store_->Get(a->id);
  EXPECT_EQ(s.state.cursor, json::object{});
  EXPECT_TRUE(s.state.validators.empty());
  EXPECT_EQ(s.state.signals_total, 10);
}

TEST_P(SourceStoreTest, ConfigSourcesSyncAndAreReadOnly) {
  auto api = store_->Create(Feed("api one", "https://api.example/feed"), SourceOrigin::kApi);
  ASSERT_TRUE(api);
  auto r = store_->SyncConfig(
      {Feed("c1", "https://c1.example/feed"), Feed("c2", "https://c2.example/feed")});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->created, 2);
  auto list = *store_->List();
  ASSERT_EQ(list.size(), 3u);
  const Source c1 = list[1];
  EXPECT_EQ(c1.origin, SourceOrigin::kConfig);
  EXPECT_EQ(store_->Delete(c1.id).error().code, core::ErrorCode::kFailedPrecondition);
  SourcePatch p;
  p.enabled = false;
  auto refused = store_->Update(c1.id, p);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_NE(refused.error().message.find("ingest.sources_file"), std::string::npos);

  // Progress survives a sync that does not change the settings; a changed URL starts over.
  ASSERT_TRUE(*store_->TryLease(c1.id, "o", 0, clock_.NowUnixMillis() + 1000));
  RunRecord ok;
  ok.success = true;
  ok.settings_json = core::ToJson(c1.spec.settings);
  ok.cursor = {{"offset", 10}};
  ASSERT_TRUE(store_->RecordRun(c1.id, "o", ok));
  r = store_->SyncConfig(
      {Feed("c1", "https://c1.example/feed", 600), Feed("c2", "https://c2.example/other")});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->updated, 2);
  EXPECT_EQ(store_->Get(c1.id)->state.cursor, ok.cursor);
  EXPECT_EQ(store_->Get(c1.id)->spec.interval_seconds, 600);
  // Dropped from the file: removed; API sources are never touched.
  r = store_->SyncConfig({Feed("c2", "https://c2.example/other")});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->removed, 1);
  EXPECT_EQ(store_->List()->size(), 2u);
  EXPECT_TRUE(store_->Get(api->id));
  // A name clash with an API source, or an invalid entry, changes nothing.
  auto clash = store_->SyncConfig({Feed("api one", "https://x.example/feed")});
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().code, core::ErrorCode::kAlreadyExists);
  auto invalid = store_->SyncConfig({Feed("c3", "not a url")});
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().message,
            "source 'c3': settings.url: must be an absolute http:// or https:// URL, got 'not a "
            "url'");
  EXPECT_EQ(store_->List()->size(), 2u);
}

std::string Name(const ::testing::TestParamInfo<store::Dialect>& info) {
  return std::string(store::DialectName(info.param));
}
INSTANTIATE_TEST_SUITE_P(Backends, SourceStoreTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         Name);

}  // namespace
}  // namespace leados::ingest
