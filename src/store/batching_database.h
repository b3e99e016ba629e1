#pragma once
// BatchingDatabase: a Database decorator that lets one thread join the transactions it runs into
// one, so that a worker commits the writes of a whole batch of work at once instead of one commit
// per write. The pipeline uses it for the leads of a claimed batch of signals (lead rows, credit
// reservations, delivery rows): on the embedded default each commit is a serialized fsync of
// leados.db, which docs/benchmarks.md measured as the pipeline's bottleneck.
//
// Inside Batch(fn), every call the calling thread makes on this object runs on the batch's one
// connection and transaction:
//  - Transact(inner) becomes a SAVEPOINT: inner's error rolls back only inner's writes (and is
//    returned to its caller, as before), the batch goes on;
//  - Exec and Query run on the batch's session, so the thread reads its own uncommitted writes
//    (and, on SQLite, does not wait for the writer lock it already holds).
// Other threads are not affected: they use the wrapped database as usual and see the batch's writes
// when it commits. Outside Batch every call goes straight to the wrapped database.
//
// Rules for the code that runs inside a batch (the same as inside Transact): no side effects
// outside the database that must not happen twice (PostgreSQL may run the whole batch again after
// a serialization failure or deadlock), and no waiting on another thread that writes to the same
// database. Work that must follow the commit (waking a dispatcher that will read the new rows)
// goes through AfterCommit.

#include <functional>
#include <memory>

#include "store/database.h"

namespace leados::store {

class BatchingDatabase final : public Database {
 public:
  explicit BatchingDatabase(std::unique_ptr<Database> inner);
  // Wraps a database owned elsewhere (it must outlive this object).
  explicit BatchingDatabase(Database& inner);
  ~BatchingDatabase() override;

  // Runs fn with this thread's calls joined into one transaction of the wrapped database, which
  // commits when fn returns ok and rolls back otherwise (fn's error is returned). Batches do not
  // nest: Batch inside Batch runs fn in the open batch. After a commit the AfterCommit callbacks
  // run in the order they were added; after a rollback they are dropped.
  core::Status Batch(const std::function<core::Status()>& fn);
  // True while the calling thread is inside Batch on this database.
  bool InBatch() const;
  // Runs `fn` after the calling thread's batch commits, or right now outside a batch.
  void AfterCommit(std::function<void()> fn);

  // Database.
  Dialect dialect() const override;
  core::Status Transact(const std::function<core::Status(SqlSession&)>& fn) override;
  core::Result<int64_t> Exec(std::string_view sql, const std::vector<SqlValue>& params = {}) override;
  core::Result<std::vector<Row>> Query(std::string_view sql,
                                       const std::vector<SqlValue>& params = {}) override;
  core::Status Ping() override;

  // The open batch of a thread (internal to batching_database.cc).
  struct ThreadBatch;

 private:
  ThreadBatch* Current() const;

  std::unique_ptr<Database> owned_;
  Database* inner_;
};

}  // namespace leados::store
