// The recorder's batching and bounds, the roll-up's idempotence and the reader, on SQLite and
// PostgreSQL; the range and beacon validation.
#include <gtest/gtest.h>

#include <chrono>

#include "store/test_support.h"
#include "usage/portal_beacon.h"
#include "usage/usage_recorder.h"
#include "usage/usage_report.h"
#include "usage/usage_rollup.h"

namespace leados::usage {
namespace {

using namespace std::chrono_literals;

class UsageTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    // 2026-01-01 12:00 UTC.
    clock_.Set(core::TimePoint(std::chrono::seconds(1'767'225'600 + 12 * 3600)));
    auto fresh = store::testing::FreshDatabase::Open(GetParam(), clock_, 3);
    if (!fresh && fresh.error().code == core::ErrorCode::kUnavailable) {
      GTEST_SKIP() << fresh.error().message;
    }
    ASSERT_TRUE(fresh.has_value()) << fresh.error().message;
    fresh_ = std::move(*fresh);
  }
  store::Database& db() { return fresh_->db(); }
  int64_t Scalar(const std::string& sql, const std::vector<store::SqlValue>& params = {}) {
    auto rows = db().Query(sql, params);
    EXPECT_TRUE(rows.has_value()) << sql;
    return rows && !rows->empty() ? rows->front().Int(0) : -1;
  }
  static UsageEvent Call(std::string account, std::string op, int status, int64_t latency) {
    UsageEvent e;
    e.account_id = std::move(account);
    e.kind = UsageKind::kApiCall;
    e.name = std::move(op);
    e.key_prefix = "lk_test_ab12";
    e.status = status;
    e.latency_ms = latency;
    return e;
  }

  core::ManualClock clock_;
  std::unique_ptr<store::testing::FreshDatabase> fresh_;
};

TEST_P(UsageTest, FlushWritesTheBufferInOneBatchAndStampsTheTime) {
  UsageRecorder recorder(db(), clock_,
                         {.flush_interval = 1h, .buffer_size = 100, .rows_per_statement = 2});
  for (int i = 0; i < 5; ++i) recorder.Record(Call("acct_a", "listLeads", 200, 10 + i));
  recorder.Record(Call("", "listLeads", 200, 1));  // no account: not usage of anyone
  EXPECT_EQ(recorder.pending(), 5u);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM usage_events"), 0) << "nothing written before a flush";
  auto n = recorder.Flush();
  ASSERT_TRUE(n.has_value()) << n.error().message;
  EXPECT_EQ(*n, 5);
  EXPECT_EQ(recorder.pending(), 0u);
  EXPECT_EQ(recorder.written(), 5);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM usage_events WHERE account_id = 'acct_a' AND day = "
                   "'2026-01-01' AND at_ms = ? AND status_class = '2xx' AND key_prefix = "
                   "'lk_test_ab12'",
                   {clock_.NowUnixMillis()}),
            5);
  auto again = recorder.Flush();
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, 0);
}

TEST_P(UsageTest, AFullBufferDropsAndCounts) {
  UsageRecorder recorder(db(), clock_, {.flush_interval = 1h, .buffer_size = 3});
  for (int i = 0; i < 5; ++i) recorder.Record(Call("acct_a", "listLeads", 200, 1));
  EXPECT_EQ(recorder.pending(), 3u);
  EXPECT_EQ(recorder.dropped(), 2);
  ASSERT_TRUE(recorder.Flush().has_value());
  recorder.Record(Call("acct_a", "listLeads", 200, 1));  // room again after the flush
  EXPECT_EQ(recorder.dropped(), 2);
  ASSERT_TRUE(recorder.Flush().has_value());
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM usage_events"), 4);
}

TEST_P(UsageTest, TheThreadFlushesEveryIntervalAndStopFlushesTheRest) {
  UsageRecorder recorder(db(), clock_, {.flush_interval = 20ms, .buffer_size = 100});
  recorder.Start();
  recorder.Record(Call("acct_a", "listLeads", 200, 1));
  EXPECT_TRUE(store::testing::WaitFor(
      [&] { return Scalar("SELECT COUNT(*) FROM usage_events") == 1; }, 5s));
  UsageRecorder slow(db(), clock_, {.flush_interval = 1h, .buffer_size = 100});
  slow.Start();
  slow.Record(Call("acct_b", "getUsage", 500, 3));
  slow.Stop();
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM usage_events WHERE account_id = 'acct_b'"), 1);
}

TEST_P(UsageTest, RollupIsIdempotentAndTheReaderSeesRolledAndLiveDaysAlike) {
  UsageRecorder recorder(db(), clock_, {.flush_interval = 1h});
  // Yesterday (2025-12-31): three calls of acct_a (one 500), a delivered and a failed webhook,
  // 5 credits; one call of acct_b.
  UsageEvent e = Call("acct_a", "listLeads", 200, 10);
  const int64_t yesterday = clock_.NowUnixMillis() - 86'400'000;
  for (auto [status, latency] : {std::pair{200, 10}, {200, 30}, {500, 50}}) {
    e.status = status;
    e.latency_ms = latency;
    e.at_ms = yesterday;
    recorder.Record(e);
  }
  recorder.Record(
      {"acct_a", UsageKind::kWebhookDelivery, "lead.created", "", 200, false, 0, 1, yesterday});
  recorder.Record(
      {"acct_a", UsageKind::kWebhookDelivery, "lead.created", "", 0, true, 0, 1, yesterday});
  recorder.Record({"acct_a", UsageKind::kCreditsConsumed, "lead", "", 0, false, 0, 5, yesterday});
  recorder.Record(Call("acct_b", "listLeads", 200, 7));  // today, another account
  auto today_call = Call("acct_a", "createCampaign", 201, 20);
  recorder.Record(today_call);  // today
  ASSERT_TRUE(recorder.Flush().has_value());

  UsageReader reader(db());
  const DayRange range{"2025-12-31", "2026-01-01"};
  auto live = reader.Read("acct_a", range);
  ASSERT_TRUE(live.has_value()) << live.error().message;

  UsageRollup rollup(db(), clock_);
  auto first = rollup.Run();
  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_EQ(first->days, std::vector<std::string>{"2025-12-31"}) << "today is not finished";
  EXPECT_EQ(first->events, 6);
  auto second = rollup.Run();
  ASSERT_TRUE(second.has_value());
  EXPECT_TRUE(second->days.empty()) << "a day is rolled up once";
  EXPECT_EQ(Scalar("SELECT SUM(count) FROM usage_daily"), 6);
  EXPECT_EQ(Scalar("SELECT count FROM usage_daily WHERE account_id = 'acct_a' AND kind = "
                   "'api_call' AND status_class = '2xx'"),
            2);
  EXPECT_EQ(Scalar("SELECT latency_max_ms FROM usage_daily WHERE account_id = 'acct_a' AND "
                   "kind = 'api_call' AND status_class = '2xx'"),
            30);

  auto rolled = reader.Read("acct_a", range);
  ASSERT_TRUE(rolled.has_value()) << rolled.error().message;
  for (const auto* r : {&*live, &*rolled}) {
    ASSERT_EQ(r->days.size(), 4u);  // 12-31: api, credits, webhooks; 01-01: api
    EXPECT_EQ(r->days[0].day, "2025-12-31");
    EXPECT_EQ(r->days[0].kind, "api_call");
    EXPECT_EQ(r->days[0].totals.count, 3);
    EXPECT_EQ(r->days[0].totals.errors, 1);
    EXPECT_DOUBLE_EQ(r->days[0].totals.AvgLatencyMs(), 30.0);
    EXPECT_EQ(r->days[0].totals.latency_max_ms, 50);
    EXPECT_EQ(r->days[1].kind, "credits_consumed");
    EXPECT_EQ(r->days[1].totals.quantity, 5);
    EXPECT_EQ(r->days[2].kind, "webhook_delivery");
    EXPECT_EQ(r->days[2].totals.count, 2);
    EXPECT_EQ(r->days[2].totals.errors, 1);
    EXPECT_EQ(r->days[3].day, "2026-01-01");
    EXPECT_EQ(r->days[3].totals.count, 1);
    EXPECT_EQ(r->totals.at("api_call").count, 4) << "acct_b's call is not acct_a's";
    EXPECT_EQ(r->totals.at("portal_interaction").count, 0);
    ASSERT_FALSE(r->top.empty());
    EXPECT_EQ(r->top[0].name, "listLeads");
    EXPECT_EQ(r->top[0].totals.count, 3);
  }
  auto all = reader.Read(std::nullopt, range);
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(all->totals.at("api_call").count, 5) << "the admin view counts every account";

  // Late the next day, today is rolled up too, and the numbers do not change.
  clock_.Advance(24h);
  auto third = rollup.Run();
  ASSERT_TRUE(third.has_value());
  EXPECT_EQ(third->days, std::vector<std::string>{"2026-01-01"});
  auto after = reader.Read("acct_a", range);
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->totals.at("api_call").count, 4);
  EXPECT_EQ(Scalar("SELECT SUM(count) FROM usage_daily"), 8);
}

TEST_P(UsageTest, AFinishedDayWaitsForTheGraceBeforeItIsRolledUp) {
  UsageRecorder recorder(db(), clock_, {.flush_interval = 1h});
  // 2026-01-01 23:59:59, and the clock at 00:05 the next day: inside the 15 min grace.
  clock_.Set(core::TimePoint(std::chrono::seconds(1'767'225'600 + 86'399)));
  recorder.Record(Call("acct_a", "listLeads", 200, 1));
  ASSERT_TRUE(recorder.Flush().has_value());
  clock_.Advance(6min);
  UsageRollup rollup(db(), clock_);
  auto early = rollup.Run();
  ASSERT_TRUE(early.has_value());
  EXPECT_TRUE(early->days.empty());
  clock_.Advance(10min);
  auto later = rollup.Run();
  ASSERT_TRUE(later.has_value());
  EXPECT_EQ(later->days, std::vector<std::string>{"2026-01-01"});
}

INSTANTIATE_TEST_SUITE_P(Backends, UsageTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) {
                           return std::string(store::DialectName(info.param));
                         });

TEST(UsageRange, DefaultsToTheLast30DaysAndRefusesBadRanges) {
  const int64_t now = 1'767'225'600'000;  // 2026-01-01
  auto d = ResolveDayRange(std::nullopt, std::nullopt, now);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->from, "2025-12-03");
  EXPECT_EQ(d->to, "2026-01-01");
  auto year = ResolveDayRange("2025-01-01", "2026-01-01", now);
  ASSERT_TRUE(year.has_value()) << "366 days is allowed";
  auto long_range = ResolveDayRange("2024-12-31", "2026-01-01", now);
  ASSERT_FALSE(long_range.has_value());
  EXPECT_NE(long_range.error().message.find("at most 366 days"), std::string::npos);
  auto bad = ResolveDayRange("2025-02-30", std::nullopt, now);
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("from must be a UTC date"), std::string::npos);
  EXPECT_FALSE(ResolveDayRange(std::nullopt, "yesterday", now).has_value());
  auto swapped = ResolveDayRange("2026-01-02", "2026-01-01", now);
  ASSERT_FALSE(swapped.has_value());
  EXPECT_NE(swapped.error().message.find("is after"), std::string::npos);
}

TEST(UsageBeacon, OnlyKnownPagesAndActionsAreNamed) {
  auto ok = PortalInteractionName("usage", "view");
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(*ok, "usage.view");
  auto page = PortalInteractionName("/leads/lead_01J", "view");
  ASSERT_FALSE(page.has_value());
  EXPECT_EQ(page.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(page.error().message.find("field 'page' must be one of dashboard"), std::string::npos);
  EXPECT_FALSE(PortalInteractionName("leads", "hover").has_value());
}

TEST(UsageDay, FormatsAndParsesUtcDays) {
  EXPECT_EQ(UtcDay(1'767'225'600'000 - 1), "2025-12-31");
  EXPECT_EQ(UtcDay(1'767'225'600'000), "2026-01-01");
  EXPECT_EQ(ParseUtcDay("2026-01-01"), 1'767'225'600'000);
  EXPECT_FALSE(ParseUtcDay("2026-1-01").has_value());
  EXPECT_EQ(ParseUtcDay("2024-02-29"), 1'709'164'800'000);
}

}  // namespace
}  // namespace leados::usage
