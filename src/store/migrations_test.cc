// Migrations: naming rules, idempotence and failure handling on both dialects, and concurrent
// migration of one PostgreSQL database by two instances.

#include "store/migrations.h"

#include <gtest/gtest.h>

#include <thread>

#include "store/test_support.h"

namespace leados::store {
namespace {

using testing::PgUrl;
using testing::ScopedTempDir;
using testing::UniqueName;

TEST(ParseMigrationsTest, PairsPerDialectFilesAndSortsByVersion) {
  auto set = ParseMigrations({{"0002_billing_ledger.sqlite.sql", "S2"},
                              {"0001_accounts_clients.sql", "B1"},
                              {"0002_billing_ledger.postgres.sql", "P2"}});
  ASSERT_TRUE(set) << set.error().message;
  ASSERT_EQ(set->size(), 2u);
  EXPECT_EQ((*set)[0].version, 1);
  EXPECT_EQ((*set)[0].name, "accounts_clients");
  EXPECT_EQ((*set)[0].sqlite_sql, "B1");
  EXPECT_EQ((*set)[0].postgres_sql, "B1");
  EXPECT_EQ((*set)[1].name, "billing_ledger");
  EXPECT_EQ((*set)[1].sqlite_sql, "S2");
  EXPECT_EQ((*set)[1].postgres_sql, "P2");
}

TEST(ParseMigrationsTest, RejectsBadNamesClashesAndMissingPartners) {
  for (const auto& files : std::vector<std::vector<std::pair<std::string, std::string>>>{
           {{"1_short.sql", ""}},
           {{"0001-dash.sql", ""}},
           {{"0001_Upper.sql", ""}},
           {{"0001_x.txt", ""}},
           {{"0001_a.sql", ""}, {"0001_b.sql", ""}},
           {{"0001_a.sqlite.sql", ""}},
           {{"0001_a.sql", ""}, {"0001_a.postgres.sql", ""}},
       }) {
    auto set = ParseMigrations(files);
    EXPECT_FALSE(set) << files[0].first;
    if (!set) {
      EXPECT_EQ(set.error().code, core::ErrorCode::kInvalidArgument);
    }
  }
}

TEST(ParseMigrationsTest, TheEmbeddedMigrationsAreWellFormed) {
  auto set = EmbeddedMigrations();
  ASSERT_TRUE(set) << set.error().message;
  for (size_t i = 1; i < set->size(); ++i) EXPECT_LT((*set)[i - 1].version, (*set)[i].version);
}

// A fresh, empty database per test: a temp file, or a new PostgreSQL schema.
class MigrationsTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == Dialect::kPostgres) {
      if (PgUrl().empty()) GTEST_SKIP() << "LEADOS_TEST_PG_URL is unset";
      schema_ = UniqueName("m");
      auto admin = OpenPostgresDatabase(PgUrl(), 1);
      ASSERT_TRUE(admin) << admin.error().message;
      ASSERT_TRUE((*admin)->Exec("CREATE SCHEMA " + schema_));
    }
    prefix_ = UniqueName("mt");
    db_ = Open();
    ASSERT_NE(db_, nullptr);
  }

  void TearDown() override {
    db_.reset();
    if (!schema_.empty()) {
      auto admin = OpenPostgresDatabase(PgUrl(), 1);
      if (admin) (void)(*admin)->Exec("DROP SCHEMA " + schema_ + " CASCADE");
    }
  }

  std::unique_ptr<Database> Open() {
    auto db = GetParam() == Dialect::kSqlite
                  ? OpenSqliteDatabase(dir_.path() / "leados.db")
                  : OpenPostgresDatabase(PgUrl() + " options='-csearch_path=" + schema_ + "'", 2);
    EXPECT_TRUE(db) << db.error().message;
    return db ? std::move(*db) : nullptr;
  }

  std::vector<Migration> Set(int n) {
    std::vector<Migration> set;
    for (int v = 1; v <= n; ++v) {
      std::string sql = "CREATE TABLE " + prefix_ + "_" + std::to_string(v) +
                        " (id BIGINT PRIMARY KEY, note TEXT); INSERT INTO " + prefix_ + "_" +
                        std::to_string(v) + " (id, note) VALUES (1, 'v;" + std::to_string(v) +
                        "');";
      set.push_back(Migration{v, "test_step" + std::to_string(v), sql, sql});
    }
    return set;
  }

  core::ManualClock clock_;
  ScopedTempDir dir_;
  std::string schema_;
  std::string prefix_;
  std::unique_ptr<Database> db_;
};

TEST_P(MigrationsTest, AppliesInOrderOnceAndRecordsThem) {
  auto first = ApplyMigrations(*db_, clock_, Set(3));
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(*first, 3u);
  auto second = ApplyMigrations(*db_, clock_, Set(3));
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(*second, 0u);  // idempotent

  auto status = MigrationStatusOf(*db_, Set(4));
  ASSERT_TRUE(status) << status.error().message;
  ASSERT_EQ(status->size(), 4u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE((*status)[i].applied);
    EXPECT_EQ((*status)[i].applied_at, clock_.Now());
  }
  EXPECT_FALSE((*status)[3].applied);
  EXPECT_EQ((*status)[3].name, "test_step4");

  auto rows = db_->Query("SELECT note FROM " + prefix_ + "_2");
  ASSERT_TRUE(rows) << rows.error().message;
  EXPECT_EQ((*rows)[0].Text(0), "v;2");
}

TEST_P(MigrationsTest, AFailingMigrationIsRolledBackAndStopsTheRun) {
  auto set = Set(3);
  set[1].sqlite_sql = set[1].postgres_sql =
      "CREATE TABLE " + prefix_ + "_2 (id BIGINT); THIS IS NOT SQL;";
  auto r = ApplyMigrations(*db_, clock_, set);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("0002_test_step2"), std::string::npos) << r.error().message;
  auto status = MigrationStatusOf(*db_, set);
  ASSERT_TRUE(status);
  EXPECT_TRUE((*status)[0].applied);
  EXPECT_FALSE((*status)[1].applied);
  EXPECT_FALSE((*status)[2].applied);
  EXPECT_FALSE(db_->Query("SELECT count(*) FROM " + prefix_ + "_2"));  // rolled back
}

TEST_P(MigrationsTest, EmbeddedMigrationsApplyAndAreIdempotent) {
  ASSERT_TRUE(Migrate(*db_, clock_));
  ASSERT_TRUE(Migrate(*db_, clock_));
  auto status = MigrationStatus(*db_);
  ASSERT_TRUE(status) << status.error().message;
  for (const auto& m : *status) EXPECT_TRUE(m.applied) << m.version << " " << m.name;
}

TEST_P(MigrationsTest, ReportsMigrationsFromANewerBinaryAsUnknown) {
  ASSERT_TRUE(ApplyMigrations(*db_, clock_, Set(2)));
  auto status = MigrationStatusOf(*db_, Set(1));
  ASSERT_TRUE(status);
  ASSERT_EQ(status->size(), 2u);
  EXPECT_TRUE((*status)[1].applied);
  EXPECT_FALSE((*status)[1].known);
}

TEST_P(MigrationsTest, ConcurrentInstancesApplyEachMigrationOnce) {
  // Two "instances" (own connection pools) migrate the same empty database at the same time.
  auto other = Open();
  ASSERT_NE(other, nullptr);
  auto set = Set(5);
  core::Result<size_t> a = 0, b = 0;
  std::thread t1([&] { a = ApplyMigrations(*db_, clock_, set); });
  std::thread t2([&] { b = ApplyMigrations(*other, clock_, set); });
  t1.join();
  t2.join();
  ASSERT_TRUE(a) << a.error().message;
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(*a + *b, 5u);
  auto rows = db_->Query("SELECT count(*) FROM schema_migrations");
  ASSERT_TRUE(rows);
  EXPECT_EQ((*rows)[0].Int(0), 5);
  for (int v = 1; v <= 5; ++v) {
    auto n = db_->Query("SELECT count(*) FROM " + prefix_ + "_" + std::to_string(v));
    ASSERT_TRUE(n) << n.error().message;
    EXPECT_EQ((*n)[0].Int(0), 1);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, MigrationsTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         [](const auto& info) { return std::string(DialectName(info.param)); });

}  // namespace
}  // namespace leados::store
