// The retention table, row by row, with a manual clock on SQLite and PostgreSQL: a record one
// second inside its period stays, one second past it is gone, nothing else changes.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "billing/ledger.h"
#include "billing/object_store.h"
#include "pipeline/fingerprint.h"
#include "pipeline/payload_store.h"
#include "retention/retention_job.h"
#include "retention/retention_test_fixture.h"
#include "store/embedded_key_value.h"

namespace leados::retention {
namespace {

using testing::RetentionFixture;
using namespace std::chrono_literals;

struct RowCase {
  std::string category, table, key;
  std::map<std::string, int64_t> deletes;
  std::string sql;
};

std::string Trim(std::string s) {
  while (!s.empty() && s.front() == ' ') s.erase(s.begin());
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

std::vector<std::string> Split(const std::string& s, const std::string& sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t pos; (pos = s.find(sep, start)) != std::string::npos; start = pos + sep.size()) {
    out.push_back(Trim(s.substr(start, pos - start)));
  }
  out.push_back(Trim(s.substr(start)));
  return out;
}

std::vector<RowCase> LoadCases() {
  const char* src = std::getenv("LEADOS_SOURCE_DIR");
  std::ifstream in(std::string(src ? src : ".") + "/src/retention/testdata/retention_rows.txt");
  EXPECT_TRUE(in.good()) << "testdata/retention_rows.txt not found (LEADOS_SOURCE_DIR)";
  std::vector<RowCase> cases;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    auto f = Split(line, " | ");
    EXPECT_EQ(f.size(), 5u) << line;
    if (f.size() != 5) continue;
    RowCase c{f[0], f[1], f[2], {}, f[4]};
    std::istringstream d(f[3]);
    for (std::string kv; d >> kv;) {
      auto eq = kv.find('=');
      c.deletes[kv.substr(0, eq)] = std::stoll(kv.substr(eq + 1));
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

std::string Fill(std::string sql, const std::map<std::string, std::string>& vars) {
  for (const auto& [k, v] : vars) {
    const std::string mark = "{" + k + "}";
    for (size_t pos; (pos = sql.find(mark)) != std::string::npos;) sql.replace(pos, mark.size(), v);
  }
  return sql;
}

class RetentionTest : public RetentionFixture {
 protected:
  // Every table's row count.
  std::map<std::string, int64_t> Counts() {
    auto tables = db().Query(
        GetParam() == store::Dialect::kSqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            : "SELECT table_name FROM information_schema.tables WHERE table_schema = "
              "current_schema() AND table_type = 'BASE TABLE'");
    EXPECT_TRUE(tables.has_value());
    std::map<std::string, int64_t> out;
    if (!tables) return out;
    for (const auto& t : *tables) {
      out[t.Text(0)] = std::stoll(Scalar("SELECT COUNT(*) FROM " + t.Text(0)));
    }
    return out;
  }
  bool Has(const std::string& table, const std::string& key, const std::string& id) {
    return Scalar("SELECT COUNT(*) FROM " + table + " WHERE " + key + " = ?", {id}) == "1";
  }
};

TEST_P(RetentionTest, EverySqlRowOfTheTableKeepsInsideAndDeletesPastItsPeriod) {
  Exec(
      "INSERT INTO accounts (id, company_name, billing_address_enc, status, created_at) "
      "VALUES ('acct_r', 'Retained Ltd', 'x', 'active', 0)");
  const auto cases = LoadCases();
  ASSERT_GE(cases.size(), 10u);
  const int64_t now = clock_.NowUnixMillis();
  const RetentionPeriods periods;
  int n = 0;
  for (size_t i = 0; i < cases.size(); ++i) {
    const auto& c = cases[i];
    Category cat = Category::kAccountData;
    for (const auto& r : RetentionPolicy()) {
      if (r.key == c.category) cat = r.category;
    }
    ASSERT_NE(cat, Category::kAccountData) << c.category;
    for (const char* side : {"in", "out"}) {
      const int64_t t = now - periods.Millis(cat) + (std::string(side) == "in" ? 1000 : -1000);
      const std::string sql = Fill(c.sql, {{"id", std::string(side) + "_" + std::to_string(i)},
                                           {"t", std::to_string(t)},
                                           {"now", std::to_string(now)},
                                           {"n", std::to_string(++n)}});
      for (const auto& stmt : Split(sql, ";;")) Exec(stmt);
    }
  }
  const auto before = Counts();

  auto engine = Engine();
  auto dry = engine.Run(true);
  ASSERT_TRUE(dry.has_value()) << dry.error().message;
  EXPECT_EQ(Counts(), before) << "a dry run deletes nothing";

  auto report = engine.Run(false);
  ASSERT_TRUE(report.has_value()) << report.error().message;
  const auto after = Counts();

  std::map<std::string, int64_t> expected;
  for (const auto& c : cases) {
    for (const auto& [t, k] : c.deletes) expected[t] += k;
  }
  for (const auto& [table, count] : before) {
    const int64_t gone = expected.contains(table) ? expected[table] : 0;
    EXPECT_EQ(after.at(table), count - gone) << table << ": nothing else may change";
  }
  for (size_t i = 0; i < cases.size(); ++i) {
    const auto& c = cases[i];
    EXPECT_TRUE(Has(c.table, c.key, "in_" + std::to_string(i)))
        << c.table << ": one second inside its period stays";
    EXPECT_FALSE(Has(c.table, c.key, "out_" + std::to_string(i)))
        << c.table << ": one second past its period is gone";
  }
  // The report (and the dry run before it) names each table with what it deleted.
  std::map<std::string, int64_t> reported, dry_reported;
  for (const auto& cat : report->categories) {
    for (const auto& t : cat.tables) reported[t.table] += t.rows;
  }
  for (const auto& cat : dry->categories) {
    for (const auto& t : cat.tables) dry_reported[t.table] += t.rows;
  }
  for (const auto& [table, k] : expected) {
    EXPECT_EQ(reported[table], k) << table;
    EXPECT_EQ(dry_reported[table], k) << table;
  }
  const std::string text = FormatReport(*report);
  EXPECT_NE(text.find("delivery_metadata (kept 365 days): deleted 5 rows"), std::string::npos)
      << text;
  EXPECT_NE(text.find("fingerprints (kept 90 days): expired by the KV store itself"),
            std::string::npos)
      << text;
  EXPECT_NE(FormatReport(*dry).find("would delete"), std::string::npos);

  // A second run finds nothing more.
  auto again = engine.Run(false);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(Counts(), after);
}

TEST_P(RetentionTest, AShorterConfiguredPeriodIsEnforcedAndALongerOneIsRefused) {
  auto longer = RetentionPeriods::FromDays({{"delivery_metadata", 400}});
  ASSERT_FALSE(longer.has_value());
  EXPECT_NE(longer.error().message.find("retention.delivery_metadata_days: must be from 1 to 365"),
            std::string::npos)
      << longer.error().message;
  EXPECT_FALSE(RetentionPeriods::FromDays({{"bogus", 1}}).has_value());

  auto shorter = RetentionPeriods::FromDays({{"delivery_metadata", 100}});
  ASSERT_TRUE(shorter.has_value());
  Exec(
      "INSERT INTO accounts (id, company_name, billing_address_enc, status, created_at) "
      "VALUES ('acct_r', 'Retained Ltd', 'x', 'active', 0)");
  const int64_t now = clock_.NowUnixMillis();
  for (const auto& [id, t] :
       std::vector<std::pair<std::string, int64_t>>{{"ld_in", now - 100 * 86'400'000LL + 1000},
                                                    {"ld_out", now - 100 * 86'400'000LL - 1000}}) {
    Exec(
        "INSERT INTO leads (id, account_id, campaign_id, fingerprint, score, intent_class, "
        "source_kind, signal_published_at, created_at, payload_expires_at, webhook_status, "
        "api_status, digest_status, portal_status, feedback, updated_at) VALUES (?, 'acct_r', "
        "'cmp_r', 'ab', 70, 'buying', 'hn', ?, ?, ?, 'off', 'off', 'off', 'off', '', ?)",
        {id, t, t, t, t});
  }
  auto report = Engine(*shorter).Run(false);
  ASSERT_TRUE(report.has_value()) << report.error().message;
  EXPECT_EQ(Scalar("SELECT id FROM leads"), "ld_in");
}

// An invoice past the billing period loses its PDF in the object store, then its row; one inside
// keeps both. A PDF that cannot be deleted keeps its row for the next run (no orphaned PDF).
class FailingDeletes final : public billing::ObjectStore {
 public:
  explicit FailingDeletes(billing::ObjectStore& inner) : inner_(inner) {}
  core::Status Put(std::string_view k, std::string_view b, std::string_view t) override {
    return inner_.Put(k, b, t);
  }
  core::Result<billing::StoredObject> Get(std::string_view k) override { return inner_.Get(k); }
  core::Result<bool> Exists(std::string_view k) override { return inner_.Exists(k); }
  core::Status Delete(std::string_view) override { return core::Unavailable("bucket unreachable"); }
  std::string Describe() const override { return "failing"; }

 private:
  billing::ObjectStore& inner_;
};

TEST_P(RetentionTest, InvoicePdfsGoWithTheirRowsAfterSevenYears) {
  Exec(
      "INSERT INTO accounts (id, company_name, billing_address_enc, status, created_at) "
      "VALUES ('acct_i', 'Invoiced Ltd', 'x', 'active', 0)");
  store::testing::ScopedTempDir dir;
  billing::FolderObjectStore objects(dir.path() / "objects");
  const int64_t now = clock_.NowUnixMillis();
  const int64_t period = RetentionPeriods().Millis(Category::kBilling);
  int n = 0;
  for (const char* side : {"in", "out"}) {
    const int64_t t = now - period + (std::string(side) == "in" ? 1000 : -1000);
    const std::string id = std::string("inv_") + side;
    const std::string key = "invoices/2019/" + id + ".pdf";
    ++n;
    Exec(fmt::format("INSERT INTO invoices (id, account_id, number, year, sequence, kind, period, "
                     "amount_cents, currency, credits, reference, object_key, document_json, "
                     "created_at) VALUES ('{}', 'acct_i', 'LO-2019-{}', 2019, {}, 'purchase', '', "
                     "1000, 'eur', 10, 'cs_{}', '{}', '{{}}', {})",
                     id, n, n, id, key, t));
    ASSERT_TRUE(objects.Put(key, "%PDF-1.4 test", "application/pdf"));
  }

  // The bucket cannot delete: the old invoice keeps its row (and its PDF) for the next run.
  FailingDeletes failing(objects);
  auto blocked = Engine();
  blocked.SetObjectStore(&failing);
  EXPECT_FALSE(blocked.Run(false).has_value());
  EXPECT_TRUE(Has("invoices", "id", "inv_out"));
  EXPECT_TRUE(*objects.Exists("invoices/2019/inv_out.pdf"));

  auto engine = Engine();
  engine.SetObjectStore(&objects);
  auto dry = engine.Run(true);
  ASSERT_TRUE(dry.has_value()) << dry.error().message;
  EXPECT_TRUE(*objects.Exists("invoices/2019/inv_out.pdf")) << "a dry run deletes nothing";
  auto report = engine.Run(false);
  ASSERT_TRUE(report.has_value()) << report.error().message;
  std::map<std::string, int64_t> reported;
  for (const auto& cat : report->categories) {
    for (const auto& t : cat.tables) reported[t.table] += t.rows;
  }
  EXPECT_EQ(reported["invoices"], 1);
  EXPECT_EQ(reported["invoice_pdfs"], 1);
  EXPECT_FALSE(Has("invoices", "id", "inv_out"));
  EXPECT_FALSE(*objects.Exists("invoices/2019/inv_out.pdf"));
  EXPECT_TRUE(Has("invoices", "id", "inv_in"));
  EXPECT_TRUE(*objects.Exists("invoices/2019/inv_in.pdf"));
}

TEST_P(RetentionTest, OldLedgerEntriesGoAndTheLedgerStillVerifies) {
  billing::Ledger ledger(db(), clock_);
  const auto start = clock_.Now();
  const auto period = std::chrono::milliseconds(RetentionPeriods().Millis(Category::kBilling));
  int key = 0;
  auto append = [&](const std::string& account, int64_t amount, core::TimePoint at) {
    clock_.Set(at);
    auto e =
        ledger.Append({account, amount,
                       amount > 0 ? billing::EntryReason::kPurchase : billing::EntryReason::kLead,
                       "ref", "k" + std::to_string(++key)});
    ASSERT_TRUE(e.has_value()) << e.error().message;
  };
  // acct_l: seq 1–3 past the period (the last one second past), 4 one second inside, 5 now.
  append("acct_l", 100, start - period - 30s);
  append("acct_l", -30, start - period - 20s);
  append("acct_l", -10, start - period - 1s);
  append("acct_l", 50, start - period + 1s);
  append("acct_l", -20, start);
  append("acct_m", 40, start - period + 1s);  // another account: all inside
  clock_.Set(start);

  // Batches of one entry per transaction: three transactions for acct_l's prefix.
  auto report = Engine(RetentionPeriods(), 1).Run(false);
  ASSERT_TRUE(report.has_value()) << report.error().message;
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM ledger_entries WHERE account_id = 'acct_l'"), "2");
  EXPECT_EQ(Scalar("SELECT MIN(seq) FROM ledger_entries WHERE account_id = 'acct_l'"), "4");
  EXPECT_EQ(Scalar("SELECT opening_seq FROM credit_balances WHERE account_id = 'acct_l'"), "3");
  EXPECT_EQ(Scalar("SELECT opening_balance FROM credit_balances WHERE account_id = 'acct_l'"),
            "60");
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM ledger_entries WHERE account_id = 'acct_m'"), "1");
  EXPECT_EQ(Scalar("SELECT balance FROM credit_balances WHERE account_id = 'acct_l'"), "90");
  auto verify = ledger.Verify();
  ASSERT_TRUE(verify.has_value()) << verify.error().message;
  EXPECT_TRUE(verify->clean()) << verify->problems.front().problem;

  // Spending continues the chain after the retention cut.
  auto spend = ledger.Append({"acct_l", -5, billing::EntryReason::kLead, "ref", "after"});
  ASSERT_TRUE(spend.has_value()) << spend.error().message;
  EXPECT_EQ(spend->seq, 6);
  verify = ledger.Verify();
  ASSERT_TRUE(verify.has_value());
  EXPECT_TRUE(verify->clean());

  // Tampering with the opening balance is caught.
  Exec("UPDATE credit_balances SET opening_balance = 61 WHERE account_id = 'acct_l'");
  verify = ledger.Verify();
  ASSERT_TRUE(verify.has_value());
  EXPECT_FALSE(verify->clean());
}

// Fingerprints and payloads: the KV store expires them. SQLite half: the embedded KV store on
// the manual clock (one second inside / past the period); PostgreSQL half: Redis, whose TTLs run
// on its own clock, so the TTL it reports is checked against the period.
TEST_P(RetentionTest, KvRowsExpireAtThePolicyPeriod) {
  const RetentionPeriods periods;
  const auto fp_period = std::chrono::seconds(periods.Days(Category::kFingerprints) * 86'400);
  const auto pl_period = std::chrono::seconds(periods.Days(Category::kPayloads) * 86'400);
  EXPECT_LE(pipeline::FingerprintRegistry::kDefaultTtl, fp_period);
  EXPECT_TRUE(CheckKvTtls(periods, KvTtls{}).has_value());
  auto too_long = CheckKvTtls(periods, KvTtls{90 * 86'400, 31 * 86'400, 30 * 86'400, 3600});
  ASSERT_FALSE(too_long.has_value());
  EXPECT_NE(too_long.error().message.find("pipeline.payload_ttl_days is 31 days"),
            std::string::npos)
      << too_long.error().message;

  std::unique_ptr<store::KeyValue> kv;
  store::testing::ScopedTempDir dir;
  if (GetParam() == store::Dialect::kSqlite) {
    auto opened = store::OpenEmbeddedKeyValue(dir.path() / "kv.db", clock_);
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    kv = std::move(*opened);
  } else {
    auto opened = store::testing::FreshRedisKeyValue();
    if (!opened && opened.error().code == core::ErrorCode::kUnavailable) {
      GTEST_SKIP() << opened.error().message;
    }
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    kv = std::move(*opened);
  }
  pipeline::FingerprintRegistry fps(*kv);
  pipeline::PayloadStore payloads(*kv);
  ASSERT_TRUE(fps.ClaimFor("acct_k", "ab12", "ld_1").has_value());
  ASSERT_TRUE(payloads.Put("ld_1", R"({"author":"someone"})").has_value());
  const std::string fp_key = pipeline::FingerprintRegistry::KeyFor("acct_k", "ab12");
  const std::string pl_key = pipeline::PayloadStore::KeyFor("ld_1");

  if (GetParam() == store::Dialect::kPostgres) {
    for (const auto& [key, period] : {std::pair{fp_key, fp_period}, std::pair{pl_key, pl_period}}) {
      auto ttl = kv->Ttl(key);
      ASSERT_TRUE(ttl.has_value() && ttl->has_value()) << key;
      EXPECT_LE(**ttl, period) << key;
      EXPECT_GT(**ttl, period - 60s) << key;
    }
    return;
  }
  auto present = [&](const std::string& key) {
    auto v = kv->Get(key);
    EXPECT_TRUE(v.has_value());
    return v && v->has_value();
  };
  const auto start = clock_.Now();
  clock_.Set(start + pl_period - 1s);
  EXPECT_TRUE(present(pl_key)) << "payload one second inside 30 days";
  clock_.Set(start + pl_period + 1s);
  EXPECT_FALSE(present(pl_key)) << "payload one second past 30 days";
  EXPECT_TRUE(present(fp_key));
  clock_.Set(start + fp_period - 1s);
  EXPECT_TRUE(present(fp_key)) << "fingerprint one second inside 90 days";
  clock_.Set(start + fp_period + 1s);
  EXPECT_FALSE(present(fp_key)) << "fingerprint one second past 90 days";
}

TEST_P(RetentionTest, TheDailyJobRunsOncePerUtcDayAcrossProcesses) {
  Exec(
      "INSERT INTO accounts (id, company_name, billing_address_enc, status, created_at) "
      "VALUES ('acct_r', 'Retained Ltd', 'x', 'active', 0)");
  auto engine = Engine();
  RetentionJob a(engine, *kv_, clock_, {std::chrono::seconds(3600), "a"});
  RetentionJob b(engine, *kv_, clock_, {std::chrono::seconds(3600), "b"});
  auto first = a.RunIfDue();
  ASSERT_TRUE(first.has_value());
  EXPECT_TRUE(first->has_value());
  auto second = b.RunIfDue();
  ASSERT_TRUE(second.has_value());
  EXPECT_FALSE(second->has_value()) << "another process already ran today";
  clock_.Advance(24h);
  // Tomorrow an audit event of two years and a day ago is due.
  const int64_t old = clock_.NowUnixMillis() - RetentionPeriods().Millis(Category::kAuditLogs) - 1;
  Exec(
      "INSERT INTO audit_events (id, at, actor_kind, actor_id, account_id, action, target, ip, "
      "outcome, detail) VALUES ('aud_old', ?, 'system', '', NULL, 'x', '', '', 'success', '')",
      {old});
  auto next = b.RunIfDue();
  ASSERT_TRUE(next.has_value());
  ASSERT_TRUE(next->has_value());
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_events WHERE id = 'aud_old'"), "0");
}

TEST_P(RetentionTest, RawUsageEventsKeepTheirOwnShorterPeriod) {
  // usage_events: 90 days (usage.raw_retention_days), or a shorter configured value; their
  // daily totals stay for the audit logs' period (the data-file test above).
  const int64_t now = clock_.NowUnixMillis();
  auto insert = [&](const std::string& id, int64_t at) {
    Exec(
        "INSERT INTO usage_events (id, account_id, at_ms, day, kind, name, key_prefix, status, "
        "status_class, latency_ms, quantity) VALUES (?, 'acct_r', ?, '2025-10-03', 'api_call', "
        "'listLeads', '', 200, '2xx', 5, 1)",
        {id, at});
  };
  const int64_t day = 86'400'000;
  insert("use_in", now - 90 * day + 1000);
  insert("use_out", now - 90 * day - 1000);
  insert("use_in30", now - 30 * day + 1000);
  auto engine = Engine();
  auto dry = engine.Run(true);
  ASSERT_TRUE(dry.has_value()) << dry.error().message;
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM usage_events"), "3") << "a dry run deletes nothing";
  auto report = engine.Run(false);
  ASSERT_TRUE(report.has_value()) << report.error().message;
  EXPECT_TRUE(Has("usage_events", "id", "use_in")) << "one second inside 90 days stays";
  EXPECT_FALSE(Has("usage_events", "id", "use_out")) << "one second past 90 days is gone";
  int64_t reported = 0;
  for (const auto& cat : report->categories) {
    for (const auto& t : cat.tables) {
      if (t.table == "usage_events") reported += t.rows;
    }
  }
  EXPECT_EQ(reported, 1);
  // A shorter configured period (usage.raw_retention_days = 30).
  RetentionEngine shorter(db(), clock_, *audit_, RetentionPeriods(), KvTtls{},
                          RetentionOptions{.batch_size = 500, .usage_events_days = 30});
  ASSERT_TRUE(shorter.Run(false).has_value());
  EXPECT_FALSE(Has("usage_events", "id", "use_in"));
  EXPECT_TRUE(Has("usage_events", "id", "use_in30"));
}

INSTANTIATE_TEST_SUITE_P(Backends, RetentionTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         testing::DialectName);

}  // namespace
}  // namespace leados::retention
