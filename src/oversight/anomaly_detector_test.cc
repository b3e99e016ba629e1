// The anomaly rules with a manual clock on SQLite and PostgreSQL: each kind is flagged one above
// its threshold and not at it; a second scan updates the open flag instead of adding one; a
// dismissed flag is not raised again for the activity the admin saw.
#include "oversight/anomaly_detector.h"

#include <gtest/gtest.h>

#include <memory>

#include "accounts/audit_log.h"
#include "core/json.h"
#include "oversight/anomaly_job.h"
#include "store/memory_key_value.h"
#include "store/test_support.h"

namespace leados::oversight {
namespace {

using namespace std::chrono_literals;
constexpr int64_t kHour = 3'600'000;
constexpr int64_t kDay = 24 * kHour;

class AnomalyDetectorTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    auto fresh = store::testing::FreshDatabase::Open(GetParam(), clock_, 4);
    if (!fresh) {
      if (fresh.error().code == core::ErrorCode::kUnavailable)
        GTEST_SKIP() << fresh.error().message;
      FAIL() << fresh.error().message;
    }
    fresh_ = std::move(*fresh);
    audit_ = std::make_unique<accounts::AuditLog>(clock_);
    flags_ = std::make_unique<AnomalyFlagStore>(db(), clock_, *audit_);
    detector_ = std::make_unique<AnomalyDetector>(db(), clock_, *flags_, AnomalyThresholds{});
    now_ = clock_.NowUnixMillis();
  }
  store::Database& db() { return fresh_->db(); }
  void Exec(const std::string& sql, const std::vector<store::SqlValue>& p = {}) {
    auto done = db().Exec(sql, p);
    ASSERT_TRUE(done.has_value()) << sql << ": " << done.error().message;
  }
  void Account(const std::string& id) {
    Exec(
        "INSERT INTO accounts (id, company_name, billing_address_enc, status, created_at) VALUES "
        "(?, ?, 'x', 'active', 0)",
        {id, "Company " + id});
  }
  // One ledger entry (the chain's balance is not checked by the detector).
  void Entry(const std::string& account, const std::string& reason, int64_t amount, int64_t at) {
    ++seq_;
    Exec(
        "INSERT INTO ledger_entries (account_id, seq, amount, balance_after, reason, reference, "
        "idempotency_key, created_at) VALUES (?, ?, ?, 1000000, ?, 'r', ?, ?)",
        {account, seq_, amount, reason, "k" + std::to_string(seq_), at});
  }
  void FailedSignIn(const std::optional<std::string>& account, const std::string& ip, int64_t at,
                    const std::string& action = "session.sign_in") {
    Exec(
        "INSERT INTO audit_events (id, at, actor_kind, actor_id, account_id, action, target, ip, "
        "outcome, detail) VALUES (?, ?, 'anonymous', '', ?, ?, 'someone@example.com', ?, "
        "'failure', 'wrong password')",
        {"aud_" + std::to_string(++seq_), at,
         account ? store::SqlValue(*account) : store::SqlValue(), action, ip});
  }
  void Key(const std::string& account, int64_t at) {
    ++seq_;
    Exec(
        "INSERT INTO api_keys (id, account_id, name, key_hash, display_prefix, scopes, "
        "created_by, created_at) VALUES (?, ?, 'k', ?, 'lk_live_x', 'leads:read', 'usr_1', ?)",
        {"key_" + std::to_string(seq_), account, "h" + std::to_string(seq_), at});
  }
  std::vector<AnomalyFlag> Open() {
    auto page = flags_->List({});
    EXPECT_TRUE(page.has_value()) << page.error().message;
    return page ? page->flags : std::vector<AnomalyFlag>{};
  }
  ScanReport Scan() {
    auto r = detector_->Scan();
    EXPECT_TRUE(r.has_value()) << r.error().message;
    return r ? *r : ScanReport{};
  }

  core::ManualClock clock_;
  std::unique_ptr<store::testing::FreshDatabase> fresh_;
  std::unique_ptr<accounts::AuditLog> audit_;
  std::unique_ptr<AnomalyFlagStore> flags_;
  std::unique_ptr<AnomalyDetector> detector_;
  int64_t now_ = 0;
  int64_t seq_ = 0;
};

TEST_P(AnomalyDetectorTest, CreditBurnAboveFiveTimesTheDailyMean) {
  // Two accounts with 30 days of 40 credits a day (mean 40, 5 × 40 = 200 > the 100 minimum).
  for (const std::string a : {"acct_hot", "acct_calm"}) {
    Account(a);
    Entry(a, "purchase", 100000, now_ - 40 * kDay);
    for (int d = 1; d <= 30; ++d) Entry(a, "lead", -40, now_ - kDay - d * kDay + kHour);
  }
  Entry("acct_hot", "lead", -201, now_ - kHour);       // one above 200
  Entry("acct_calm", "lead", -200, now_ - kHour);      // at it
  Entry("acct_calm", "purchase", 5000, now_ - kHour);  // purchases are not spending
  EXPECT_EQ(Scan().raised, 1);
  auto open = Open();
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].kind, "credit_burn");
  EXPECT_EQ(open[0].account_id.value_or(""), "acct_hot");
  EXPECT_EQ(open[0].account_name, "Company acct_hot");
  EXPECT_EQ(open[0].observed, 201);
  EXPECT_EQ(open[0].baseline, 40);
  auto details = core::ParseJsonObject(open[0].details_json);
  ASSERT_TRUE(details.has_value());
  EXPECT_EQ(core::IntOr(*details, "threshold"), 200);
  EXPECT_FALSE(core::BoolOr(*details, "new_account", true));
}

TEST_P(AnomalyDetectorTest, CreditBurnBelowTheMinimumIsNotFlagged) {
  // A mean of 10 a day: 5 × 10 = 50, but nothing at or under 100 credits is flagged.
  for (const std::string a : {"acct_a", "acct_b"}) {
    Account(a);
    for (int d = 1; d <= 30; ++d) Entry(a, "lead", -10, now_ - kDay - d * kDay + kHour);
  }
  Entry("acct_a", "lead", -100, now_ - kHour);
  Entry("acct_b", "lead", -101, now_ - kHour);
  EXPECT_EQ(Scan().raised, 1);
  ASSERT_EQ(Open().size(), 1u);
  EXPECT_EQ(Open()[0].subject, "acct_b");
}

TEST_P(AnomalyDetectorTest, NewAccountsAreComparedWithTheNewAccountThreshold) {
  Account("acct_new1");
  Account("acct_new2");
  Entry("acct_new1", "grant", 2000, now_ - 2 * kHour);
  Entry("acct_new2", "grant", 2000, now_ - 2 * kHour);
  Entry("acct_new1", "lead", -500, now_ - kHour);  // at anomaly.burn_new_account_credits
  Entry("acct_new2", "lead", -501, now_ - kHour);
  EXPECT_EQ(Scan().raised, 1);
  auto open = Open();
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].subject, "acct_new2");
  auto details = core::ParseJsonObject(open[0].details_json);
  ASSERT_TRUE(details.has_value());
  EXPECT_TRUE(core::BoolOr(*details, "new_account"));
}

TEST_P(AnomalyDetectorTest, AWeekOldAccountIsComparedWithItsOwnWeek) {
  // 7 days of 100 a day: the mean is 100 (not 700 / 30), so 501 is above 5 × 100 and 500 is not.
  for (const std::string a : {"acct_w1", "acct_w2"}) {
    Account(a);
    Entry(a, "grant", 100000, now_ - 8 * kDay + kHour);
    for (int d = 1; d <= 7; ++d) Entry(a, "lead", -100, now_ - kDay - d * kDay + 2 * kHour);
  }
  Entry("acct_w1", "lead", -500, now_ - kHour);
  Entry("acct_w2", "lead", -501, now_ - kHour);
  Scan();
  ASSERT_EQ(Open().size(), 1u);
  EXPECT_EQ(Open()[0].subject, "acct_w2");
  EXPECT_EQ(Open()[0].baseline, 100);
}

TEST_P(AnomalyDetectorTest, FailedSignInsPerAccountAndPerAddress) {
  Account("acct_x");
  Account("acct_y");
  for (int i = 0; i < 21; ++i)
    FailedSignIn("acct_x", "198.51.100." + std::to_string(i), now_ - 60'000);
  for (int i = 0; i < 20; ++i)
    FailedSignIn("acct_y", "192.0.2." + std::to_string(i), now_ - 60'000);
  // One address across accounts and unknown emails: 21 (flag without account) …
  for (int i = 0; i < 21; ++i) {
    FailedSignIn(i % 2 ? std::nullopt : std::optional<std::string>("acct_z"), "203.0.113.77",
                 now_ - 120'000);
  }
  // … 20 from another, and 30 older than the hour from a third: neither counts.
  for (int i = 0; i < 20; ++i) FailedSignIn(std::nullopt, "203.0.114.5", now_ - 120'000);
  for (int i = 0; i < 30; ++i) FailedSignIn(std::nullopt, "203.0.115.5", now_ - kHour - 1000);
  EXPECT_EQ(Scan().raised, 2);
  auto open = Open();
  ASSERT_EQ(open.size(), 2u);
  std::map<std::string, AnomalyFlag> by_subject;
  for (const auto& f : open) by_subject[f.subject] = f;
  ASSERT_TRUE(by_subject.contains("acct_x"));
  EXPECT_EQ(by_subject["acct_x"].observed, 21);
  ASSERT_TRUE(by_subject.contains("ip:203.0.113.0/24"));
  const AnomalyFlag& ip = by_subject["ip:203.0.113.0/24"];
  EXPECT_FALSE(ip.account_id.has_value());
  EXPECT_EQ(ip.observed, 21);
  // Never the address itself, nor the email the sign-in was tried with.
  auto all = db().Query("SELECT subject, details_json FROM anomaly_flags");
  ASSERT_TRUE(all.has_value());
  for (const auto& r : *all) {
    EXPECT_EQ(r.Text(0).find("203.0.113.77"), std::string::npos);
    EXPECT_EQ(r.Text(1).find("203.0.113.77"), std::string::npos);
    EXPECT_EQ(r.Text(1).find("@"), std::string::npos);
  }
}

TEST_P(AnomalyDetectorTest, KeyBurstAboveTenKeysADay) {
  Account("acct_k1");
  Account("acct_k2");
  for (int i = 0; i < 11; ++i) Key("acct_k1", now_ - kHour);
  for (int i = 0; i < 10; ++i) Key("acct_k2", now_ - kHour);
  for (int i = 0; i < 5; ++i) Key("acct_k2", now_ - kDay - kHour);  // yesterday's
  EXPECT_EQ(Scan().raised, 1);
  ASSERT_EQ(Open().size(), 1u);
  EXPECT_EQ(Open()[0].subject, "acct_k1");
  EXPECT_EQ(Open()[0].kind, "key_burst");
  EXPECT_EQ(Open()[0].observed, 11);
}

TEST_P(AnomalyDetectorTest, RescansUpdateTheOpenFlagAndADismissalHolds) {
  Account("acct_k");
  for (int i = 0; i < 11; ++i) Key("acct_k", now_ - kHour);
  EXPECT_EQ(Scan().raised, 1);
  clock_.Advance(10min);
  Key("acct_k", clock_.NowUnixMillis());
  auto again = Scan();
  EXPECT_EQ(again.raised, 0);
  EXPECT_EQ(again.updated, 1);
  auto open = Open();
  ASSERT_EQ(open.size(), 1u) << "one open flag per account and kind";
  EXPECT_EQ(open[0].observed, 12);
  EXPECT_EQ(open[0].updated_at_ms, clock_.NowUnixMillis());
  EXPECT_LT(open[0].detected_at_ms, open[0].updated_at_ms);

  auto dismissed = flags_->Dismiss(open[0].id, "adm_1", "10.0.0.1", "the client's CI rotated keys");
  ASSERT_TRUE(dismissed.has_value()) << dismissed.error().message;
  EXPECT_EQ(dismissed->status, "dismissed");
  EXPECT_EQ(dismissed->dismissed_by.value_or(""), "adm_1");
  EXPECT_EQ(dismissed->note, "the client's CI rotated keys");
  auto twice = flags_->Dismiss(open[0].id, "adm_1", "10.0.0.1", "");
  ASSERT_FALSE(twice.has_value());
  EXPECT_EQ(twice.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(flags_->Dismiss("anf_nope", "adm_1", "", "").error().code, core::ErrorCode::kNotFound);
  auto audited = db().Query(
      "SELECT COUNT(*) FROM audit_events WHERE action = 'admin.anomaly.dismiss' AND account_id = "
      "'acct_k'");
  ASSERT_TRUE(audited.has_value());
  EXPECT_EQ(audited->front().Int(0), 1);

  // The same keys an hour later: the admin saw them, no new flag.
  clock_.Advance(1h);
  EXPECT_EQ(Scan().suppressed, 1);
  EXPECT_TRUE(Open().empty());
  // A new burst after the dismissal is flagged again.
  clock_.Advance(25h);
  for (int i = 0; i < 11; ++i) Key("acct_k", clock_.NowUnixMillis() - 1000);
  EXPECT_EQ(Scan().raised, 1);
  EXPECT_EQ(Open().size(), 1u);
  auto all = flags_->List({.status = "all"});
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(all->flags.size(), 2u);
  auto dis = flags_->List({.status = "dismissed", .kind = "key_burst"});
  ASSERT_TRUE(dis.has_value());
  EXPECT_EQ(dis->flags.size(), 1u);
  EXPECT_FALSE(flags_->List({.status = "closed"}).has_value());
  EXPECT_FALSE(flags_->List({.kind = "nope"}).has_value());
  auto page = flags_->List({.status = "all", .limit = 1});
  ASSERT_TRUE(page.has_value());
  ASSERT_EQ(page->flags.size(), 1u);
  auto next = flags_->List({.status = "all", .cursor = page->next_cursor, .limit = 1});
  ASSERT_TRUE(next.has_value());
  ASSERT_EQ(next->flags.size(), 1u);
  EXPECT_NE(next->flags[0].id, page->flags[0].id);
  EXPECT_TRUE(next->next_cursor.empty());
}

TEST_P(AnomalyDetectorTest, TheJobScansOncePerHourAcrossProcesses) {
  store::MemoryKeyValue kv(clock_);
  AnomalyJob a(*detector_, kv, clock_, {std::chrono::seconds(300), "a"});
  AnomalyJob b(*detector_, kv, clock_, {std::chrono::seconds(300), "b"});
  auto first = a.RunIfDue();
  ASSERT_TRUE(first.has_value());
  EXPECT_TRUE(first->has_value());
  auto second = b.RunIfDue();
  ASSERT_TRUE(second.has_value());
  EXPECT_FALSE(second->has_value());
  clock_.Advance(1h);
  auto next = b.RunIfDue();
  ASSERT_TRUE(next.has_value());
  EXPECT_TRUE(next->has_value());
}

TEST(TruncateIpTest, KeepsOnlyTheNetwork) {
  EXPECT_EQ(TruncateIp("203.0.113.77"), "203.0.113.0/24");
  EXPECT_EQ(TruncateIp("2001:db8:1:2::5"), "2001:db8:1::/48");
  EXPECT_EQ(TruncateIp("not an address").rfind("sha256:", 0), 0u);
}

std::string Name(const ::testing::TestParamInfo<store::Dialect>& info) {
  return std::string(store::DialectName(info.param));
}

INSTANTIATE_TEST_SUITE_P(Backends, AnomalyDetectorTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         Name);

}  // namespace
}  // namespace leados::oversight
