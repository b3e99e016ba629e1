// The retention page's data on SQLite and PostgreSQL with a manual clock: runs are recorded (also
// dry and failed ones), each category shows its last run and its oldest row with a within/overdue
// verdict; open rights requests and the suppression list are never deleted.
#include "retention/retention_status.h"

#include <gtest/gtest.h>

#include "retention/retention_job.h"
#include "retention/retention_test_fixture.h"

namespace leados::retention {
namespace {

using testing::RetentionFixture;
using namespace std::chrono_literals;
constexpr int64_t kDayMs = 86'400'000;

class RetentionStatusTest : public RetentionFixture {
 protected:
  const CategoryStatus& Of(const RetentionStatus& s, Category c) {
    for (const auto& x : s.categories) {
      if (x.rule->category == c) return x;
    }
    return s.categories.front();
  }
  const OldestRow* Table(const CategoryStatus& c, const std::string& table) {
    for (const auto& o : c.oldest) {
      if (o.table == table) return &o;
    }
    return nullptr;
  }
};

TEST_P(RetentionStatusTest, RunsAreRecordedAndTheOldestRowsJudged) {
  const int64_t now = clock_.NowUnixMillis();
  const RetentionPeriods periods;
  const int64_t audit = periods.Millis(Category::kAuditLogs);
  // An audit event past its period (to be deleted) and one well inside.
  Exec(
      "INSERT INTO audit_events (id, at, actor_kind, actor_id, account_id, action, target, ip, "
      "outcome, detail) VALUES ('aud_old', ?, 'system', '', NULL, 'x', '', '', 'success', ''), "
      "('aud_new', ?, 'system', '', NULL, 'x', '', '', 'success', '')",
      {now - audit - 1000, now - 10 * kDayMs});
  // A pending rights request received three years ago (its deadline long passed, still open)
  // and a suppression entry as old: neither may go.
  Exec(
      "INSERT INTO privacy_requests (id, kind, identifier_type, identity_hash, identifier_enc, "
      "jurisdiction, status, verified, verification_hash, received_at, due_at, verified_at, "
      "closed_at, closed_by, result_json, reject_reason) VALUES ('prq_open', 'deletion', 'email', "
      "'h1', 'v1.x.y', 'gdpr', 'pending', 1, NULL, ?, ?, ?, NULL, NULL, '{}', '')",
      {now - 3 * 365 * kDayMs, now - 3 * 365 * kDayMs, now - 3 * 365 * kDayMs});
  Exec(
      "INSERT INTO privacy_suppressions (hash, form, origin, request_id, created_at) VALUES "
      "('abc', 'keyed', 'request', 'prq_gone', ?)",
      {now - 3 * 365 * kDayMs});

  auto before = ReadRetentionStatus(db(), clock_, periods);
  ASSERT_TRUE(before.has_value()) << before.error().message;
  EXPECT_TRUE(before->recent_runs.empty());
  const auto& logs = Of(*before, Category::kAuditLogs);
  EXPECT_FALSE(logs.last_run.has_value());
  ASSERT_NE(Table(logs, "audit_events"), nullptr);
  EXPECT_EQ(Table(logs, "audit_events")->oldest_ms, now - audit - 1000);
  EXPECT_TRUE(Table(logs, "audit_events")->within) << "one second past: the job has a day";
  EXPECT_TRUE(Of(*before, Category::kPayloads).oldest.empty()) << "KV TTLs expire payloads";

  // A day later it is overdue.
  clock_.Advance(24h + 2s);
  auto late = ReadRetentionStatus(db(), clock_, periods);
  ASSERT_TRUE(late.has_value());
  EXPECT_FALSE(Table(Of(*late, Category::kAuditLogs), "audit_events")->within);
  EXPECT_FALSE(Of(*late, Category::kAuditLogs).within);
  EXPECT_TRUE(Of(*late, Category::kBilling).within);

  // The daily job with the log records its run; a dry run from the CLI is recorded too.
  auto engine = Engine();
  RetentionRunLog log(db(), clock_);
  RetentionJob job(engine, *kv_, clock_, {std::chrono::seconds(3600), "a"}, &log);
  auto ran = job.RunIfDue();
  ASSERT_TRUE(ran.has_value()) << ran.error().message;
  ASSERT_TRUE(ran->has_value());
  clock_.Advance(1min);
  ASSERT_TRUE(log.RunAndRecord(engine, true).has_value());

  auto after = ReadRetentionStatus(db(), clock_, periods);
  ASSERT_TRUE(after.has_value());
  ASSERT_EQ(after->recent_runs.size(), 2u);
  EXPECT_TRUE(after->recent_runs[0].dry_run) << "newest first";
  EXPECT_FALSE(after->recent_runs[1].dry_run);
  const auto& a = Of(*after, Category::kAuditLogs);
  ASSERT_TRUE(a.last_run.has_value());
  EXPECT_FALSE(a.last_run->dry_run) << "the last real run, not the dry one";
  EXPECT_EQ(a.last_run_rows, 1);
  EXPECT_EQ(Table(a, "audit_events")->oldest_ms, now - 10 * kDayMs);
  EXPECT_TRUE(a.within);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM privacy_requests WHERE id = 'prq_open'"), "1");
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM privacy_suppressions"), "1");
  EXPECT_EQ(a.configured_days, 731);
}

INSTANTIATE_TEST_SUITE_P(Backends, RetentionStatusTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         testing::DialectName);

}  // namespace
}  // namespace leados::retention
