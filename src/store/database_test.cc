// Conformance suite for Database: the same cases on SQLite and PostgreSQL.

#include "store/batching_database.h"
#include "store/database.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <thread>

#include "store/test_support.h"

namespace leados::store {
namespace {

using testing::PgUrl;
using testing::ScopedTempDir;
using testing::UniqueName;

class DatabaseTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == Dialect::kPostgres && PgUrl().empty()) {
      GTEST_SKIP() << "LEADOS_TEST_PG_URL is unset (run under scripts/test-services.sh)";
    }
    db_ = Open();
    ASSERT_NE(db_, nullptr);
    table_ = UniqueName("t");
    ASSERT_TRUE(db_->Exec("CREATE TABLE " + table_ +
                          " (id BIGINT PRIMARY KEY, name TEXT UNIQUE, score DOUBLE PRECISION, "
                          "note TEXT)"));
  }

  void TearDown() override {
    if (db_ != nullptr && !table_.empty()) (void)db_->Exec("DROP TABLE IF EXISTS " + table_);
  }

  // A new Database object on the same storage.
  std::unique_ptr<Database> Open() {
    auto db = GetParam() == Dialect::kSqlite ? OpenSqliteDatabase(dir_.path() / "data/leados.db")
                                             : OpenPostgresDatabase(PgUrl(), 4);
    EXPECT_TRUE(db) << db.error().message;
    return db ? std::move(*db) : nullptr;
  }

  int64_t Count() {
    auto rows = db_->Query("SELECT count(*) FROM " + table_);
    EXPECT_TRUE(rows) << rows.error().message;
    return rows ? (*rows)[0].Int(0) : -1;
  }

  ScopedTempDir dir_;
  std::unique_ptr<Database> db_;
  std::string table_;
};

TEST_P(DatabaseTest, ReportsItsDialectAndAnswersPing) {
  EXPECT_EQ(db_->dialect(), GetParam());
  EXPECT_TRUE(db_->Ping());
}

TEST_P(DatabaseTest, RoundTripsIntegersNullsUnicodeAndQuotes) {
  const std::string unicode = "Zoë Ångström — 東京 🚀";
  const std::string tricky = "what's up? \"quoted\" ?; -- not a comment /* nor this */";
  const int64_t big = std::numeric_limits<int64_t>::max();
  const int64_t small = std::numeric_limits<int64_t>::min();
  auto n = db_->Exec("INSERT INTO " + table_ + " (id, name, score, note) VALUES (?, ?, ?, ?)",
                     {big, unicode, 2.5, tricky});
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(*n, 1);
  ASSERT_TRUE(db_->Exec("INSERT INTO " + table_ + " (id, name, score, note) VALUES (?, ?, ?, ?)",
                        {small, std::monostate{}, std::monostate{}, std::monostate{}}));

  auto rows = db_->Query(
      "SELECT id, name, score, note FROM " + table_ + " WHERE note = ? OR note IS NULL ORDER BY id",
      {tricky});
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 2u);
  const Row& lo = (*rows)[0];
  const Row& hi = (*rows)[1];
  EXPECT_EQ(lo.Int(0), small);
  EXPECT_TRUE(lo.IsNull(1));
  EXPECT_EQ(lo.OptText(1), std::nullopt);
  EXPECT_EQ(lo.OptReal(2), std::nullopt);
  EXPECT_EQ(hi.Int(0), big);
  EXPECT_EQ(hi.Text(1), unicode);
  EXPECT_DOUBLE_EQ(hi.Real(2), 2.5);
  EXPECT_EQ(hi.Text(3), tricky);
  EXPECT_EQ(hi.ColumnName(1), "name");
  EXPECT_EQ(hi.ColumnIndex("note"), 3u);
}

TEST_P(DatabaseTest, QuestionMarksInsideQuotesAreNotPlaceholders) {
  auto rows = db_->Query("SELECT 'why?' AS q, ? AS p", {std::string("it's?")});
  ASSERT_TRUE(rows) << rows.error().message;
  EXPECT_EQ((*rows)[0].Text(0), "why?");
  EXPECT_EQ((*rows)[0].Text(1), "it's?");
}

TEST_P(DatabaseTest, ReadsBooleansCountsAndExpressions) {
  ASSERT_TRUE(db_->Exec("INSERT INTO " + table_ + " (id, score) VALUES (1, 0.5), (2, 1.5)"));
  auto rows = db_->Query(
      "SELECT (1 = 1) AS yes, (1 = 2) AS no, count(*) AS n, sum(score) AS s, "
      "max(id) + 1 AS next FROM " +
      table_);
  ASSERT_TRUE(rows) << rows.error().message;
  const Row& r = (*rows)[0];
  EXPECT_TRUE(r.Bool(0));
  EXPECT_FALSE(r.Bool(1));
  EXPECT_EQ(r.Int(2), 2);
  EXPECT_DOUBLE_EQ(r.Real(3), 2.0);
  EXPECT_EQ(r.Int(4), 3);
}

TEST_P(DatabaseTest, WrongParameterCountIsInvalidArgument) {
  auto r = db_->Exec("INSERT INTO " + table_ + " (id) VALUES (?)", {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
}

TEST_P(DatabaseTest, ExecReportsRowsAffected) {
  for (int64_t i = 1; i <= 3; ++i) {
    ASSERT_TRUE(db_->Exec("INSERT INTO " + table_ + " (id, score) VALUES (?, 1)", {i}));
  }
  auto n = db_->Exec("UPDATE " + table_ + " SET score = 2 WHERE id >= ?", {int64_t{2}});
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(*n, 2);
}

TEST_P(DatabaseTest, UniqueViolationIsAlreadyExists) {
  ASSERT_TRUE(db_->Exec("INSERT INTO " + table_ + " (id, name) VALUES (1, 'a')"));
  auto r = db_->Exec("INSERT INTO " + table_ + " (id, name) VALUES (2, 'a')");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kAlreadyExists) << r.error().message;
  auto st = db_->Transact([&](SqlSession& s) -> core::Status {
    auto w = s.Exec("INSERT INTO " + table_ + " (id, name) VALUES (1, 'b')");
    if (!w) return core::Fail(w.error());
    return core::Ok();
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, core::ErrorCode::kAlreadyExists);
  EXPECT_EQ(Count(), 1);
}

TEST_P(DatabaseTest, TransactionCommitsWhenFnSucceeds) {
  auto st = db_->Transact([&](SqlSession& s) -> core::Status {
    EXPECT_EQ(s.dialect(), GetParam());
    for (int64_t i = 1; i <= 2; ++i) {
      auto w = s.Exec("INSERT INTO " + table_ + " (id) VALUES (?)", {i});
      if (!w) return core::Fail(w.error());
    }
    auto seen = s.Query("SELECT count(*) FROM " + table_);
    EXPECT_EQ((*seen)[0].Int(0), 2);
    return core::Ok();
  });
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(Count(), 2);
}

TEST_P(DatabaseTest, TransactionRollsBackOnErrorAndLeavesNothing) {
  auto st = db_->Transact([&](SqlSession& s) -> core::Status {
    EXPECT_TRUE(s.Exec("INSERT INTO " + table_ + " (id) VALUES (1)"));
    EXPECT_TRUE(s.Exec("INSERT INTO " + table_ + " (id) VALUES (2)"));
    return core::Fail(core::ErrorCode::kFailedPrecondition, "not enough credits");
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error(), (core::Error{core::ErrorCode::kFailedPrecondition, "not enough credits"}));
  EXPECT_EQ(Count(), 0);
}

TEST_P(DatabaseTest, TransactionRollsBackOnException) {
  auto st = db_->Transact([&](SqlSession& s) -> core::Status {
    EXPECT_TRUE(s.Exec("INSERT INTO " + table_ + " (id) VALUES (1)"));
    throw std::runtime_error("boom");
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, core::ErrorCode::kInternal);
  EXPECT_NE(st.error().message.find("boom"), std::string::npos);
  EXPECT_EQ(Count(), 0);
  EXPECT_TRUE(db_->Ping());  // the connection went back to the pool in a usable state
}

TEST_P(DatabaseTest, ConcurrentTransactionsNeverLoseAnUpdate) {
  ASSERT_TRUE(db_->Exec("INSERT INTO " + table_ + " (id, score) VALUES (1, 0)"));
  const std::string lock = GetParam() == Dialect::kPostgres ? " FOR UPDATE" : "";
  constexpr int kThreads = 8, kEach = 20;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        auto st = db_->Transact([&](SqlSession& s) -> core::Status {
          auto rows = s.Query("SELECT score FROM " + table_ + " WHERE id = 1" + lock);
          if (!rows) return core::Fail(rows.error());
          auto w =
              s.Exec("UPDATE " + table_ + " SET score = ? WHERE id = 1", {(*rows)[0].Real(0) + 1});
          if (!w) return core::Fail(w.error());
          return core::Ok();
        });
        if (!st) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto rows = db_->Query("SELECT score FROM " + table_ + " WHERE id = 1");
  ASSERT_TRUE(rows);
  EXPECT_EQ((*rows)[0].Int(0), kThreads * kEach);
}

TEST_P(DatabaseTest, ExecScriptRunsSeveralStatements) {
  auto st = db_->Transact([&](SqlSession& s) {
    return s.ExecScript("INSERT INTO " + table_ + " (id) VALUES (1); INSERT INTO " + table_ +
                        " (id, note) VALUES (2, 'a;b');");
  });
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(Count(), 2);
}

TEST_P(DatabaseTest, SqlErrorsAreInternalWithTheDatabaseMessage) {
  auto r = db_->Query("SELECT nope FROM " + table_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kInternal);
  EXPECT_NE(r.error().message.find("nope"), std::string::npos) << r.error().message;
}

TEST_P(DatabaseTest, NothingIsLostAcrossARestart) {
  ASSERT_TRUE(db_->Transact([&](SqlSession& s) -> core::Status {
    auto w = s.Exec("INSERT INTO " + table_ + " (id, name) VALUES (7, 'kept')");
    if (!w) return core::Fail(w.error());
    return core::Ok();
  }));
  db_.reset();
  db_ = Open();
  ASSERT_NE(db_, nullptr);
  auto rows = db_->Query("SELECT name FROM " + table_ + " WHERE id = 7");
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].Text(0), "kept");
}

// BatchingDatabase (batching_database.h): the pipeline's one transaction per claimed batch.
TEST_P(DatabaseTest, BatchJoinsTransactionsAndRollsBackOnlyTheFailedPart) {
  BatchingDatabase batching(Open());
  auto insert = [&](int64_t id, const std::string& name) {
    return batching.Transact([&](SqlSession& s) -> core::Status {
      auto w = s.Exec("INSERT INTO " + table_ + " (id, name) VALUES (?, ?)", {id, name});
      if (!w) return core::Fail(w.error());
      return core::Ok();
    });
  };
  std::vector<int> order;
  auto st = batching.Batch([&]() -> core::Status {
    EXPECT_TRUE(batching.InBatch());
    EXPECT_TRUE(insert(1, "a"));
    // A unique violation rolls back its own savepoint only; the batch goes on (on PostgreSQL the
    // transaction would otherwise be aborted).
    auto dup = insert(2, "a");
    EXPECT_FALSE(dup);
    if (!dup) {
      EXPECT_EQ(dup.error().code, core::ErrorCode::kAlreadyExists);
    }
    // An autocommit-style Exec that fails harms nothing either.
    EXPECT_FALSE(batching.Exec("INSERT INTO " + table_ + " (id, name) VALUES (3, 'a')"));
    EXPECT_TRUE(insert(4, "d"));
    // The thread reads its own writes; another connection does not see them yet.
    auto mine = batching.Query("SELECT count(*) FROM " + table_);
    EXPECT_EQ((*mine)[0].Int(0), 2);
    if (GetParam() == Dialect::kPostgres) {
      EXPECT_EQ(Count(), 0);
    }
    batching.AfterCommit([&] { order.push_back(1); });
    batching.AfterCommit([&] { order.push_back(2); });
    EXPECT_TRUE(order.empty());
    return core::Ok();
  });
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(order, (std::vector<int>{1, 2}));  // after the commit, in order
  EXPECT_FALSE(batching.InBatch());
  EXPECT_EQ(Count(), 2);
  batching.AfterCommit([&] { order.push_back(3); });  // outside a batch: at once
  EXPECT_EQ(order.size(), 3u);
}

TEST_P(DatabaseTest, FailedBatchLeavesNothingAndDropsItsAfterCommitWork) {
  BatchingDatabase batching(Open());
  bool woke = false;
  auto st = batching.Batch([&]() -> core::Status {
    EXPECT_TRUE(batching.Exec("INSERT INTO " + table_ + " (id) VALUES (1)"));
    batching.AfterCommit([&] { woke = true; });
    return core::Fail(core::ErrorCode::kUnavailable, "lost the queue");
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, core::ErrorCode::kUnavailable);
  EXPECT_FALSE(woke);
  EXPECT_EQ(Count(), 0);
  // Other threads are not part of a thread's batch: they commit on their own.
  st = batching.Batch([&]() -> core::Status {
    std::thread other([&] {
      EXPECT_FALSE(batching.InBatch());
      if (GetParam() == Dialect::kPostgres) {
        EXPECT_TRUE(batching.Exec("INSERT INTO " + table_ + " (id) VALUES (7)"));
      }
    });
    other.join();
    return core::Ok();
  });
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(Count(), GetParam() == Dialect::kPostgres ? 1 : 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, DatabaseTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         [](const auto& info) { return std::string(DialectName(info.param)); });

TEST(DatabaseOpenTest, UnreachablePostgresIsUnavailable) {
  auto db = OpenPostgresDatabase("host=127.0.0.1 port=1 dbname=x user=x connect_timeout=2", 1);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, core::ErrorCode::kUnavailable);
}

TEST(DatabaseOpenTest, SqliteInAnUnusableFolderIsUnavailable) {
  ScopedTempDir dir;
  std::ofstream(dir.path() / "file") << "x";
  auto db = OpenSqliteDatabase(dir.path() / "file" / "leados.db");
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, core::ErrorCode::kUnavailable);
}

TEST(DatabaseOpenTest, SqliteCreatesTheDataFolderAndUsesWal) {
  ScopedTempDir dir;
  auto db = OpenSqliteDatabase(dir.path() / "a" / "b" / "leados.db");
  ASSERT_TRUE(db) << db.error().message;
  auto mode = (*db)->Query("PRAGMA journal_mode");
  ASSERT_TRUE(mode);
  EXPECT_EQ((*mode)[0].Text(0), "wal");
  auto fk = (*db)->Query("PRAGMA foreign_keys");
  ASSERT_TRUE(fk);
  EXPECT_EQ((*fk)[0].Int(0), 1);
}

}  // namespace
}  // namespace leados::store
