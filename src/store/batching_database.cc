#include "store/batching_database.h"

#include <string>
#include <utility>
#include <vector>

namespace leados::store {

// The open batch of one thread.
struct BatchingDatabase::ThreadBatch {
  const BatchingDatabase* owner = nullptr;
  SqlSession* session = nullptr;
  int savepoints = 0;  // names the next savepoint (sp1, sp2, …), unique within the transaction
  std::vector<std::function<void()>> after_commit;
};

namespace {
thread_local BatchingDatabase::ThreadBatch* tls_batch = nullptr;

// Runs fn, turning an exception into kInternal (as the backends' Transact does).
core::Status Guarded(const std::function<core::Status(SqlSession&)>& fn, SqlSession& session) {
  try {
    return fn(session);
  } catch (const std::exception& e) {
    return core::Internal(std::string("exception in transaction: ") + e.what());
  } catch (...) {
    return core::Internal("unknown exception in transaction");
  }
}
}  // namespace

BatchingDatabase::BatchingDatabase(std::unique_ptr<Database> inner)
    : owned_(std::move(inner)), inner_(owned_.get()) {}

BatchingDatabase::BatchingDatabase(Database& inner) : inner_(&inner) {}

BatchingDatabase::~BatchingDatabase() = default;

BatchingDatabase::ThreadBatch* BatchingDatabase::Current() const {
  return tls_batch != nullptr && tls_batch->owner == this ? tls_batch : nullptr;
}

bool BatchingDatabase::InBatch() const { return Current() != nullptr; }

core::Status BatchingDatabase::Batch(const std::function<core::Status()>& fn) {
  if (Current() != nullptr) return fn();
  if (tls_batch != nullptr) {
    return core::Internal("a thread cannot batch two databases at once");
  }
  ThreadBatch batch;
  batch.owner = this;
  auto status = inner_->Transact([&](SqlSession& session) -> core::Status {
    // PostgreSQL may run this again after a serialization failure: start each run clean.
    batch.session = &session;
    batch.savepoints = 0;
    batch.after_commit.clear();
    tls_batch = &batch;
    core::Status st = fn();
    tls_batch = nullptr;
    return st;
  });
  tls_batch = nullptr;  // also when fn threw
  if (!status) return status;
  for (auto& f : batch.after_commit) f();
  return core::Ok();
}

void BatchingDatabase::AfterCommit(std::function<void()> fn) {
  if (ThreadBatch* b = Current()) {
    b->after_commit.push_back(std::move(fn));
    return;
  }
  fn();
}

Dialect BatchingDatabase::dialect() const { return inner_->dialect(); }

core::Status BatchingDatabase::Transact(const std::function<core::Status(SqlSession&)>& fn) {
  ThreadBatch* b = Current();
  if (b == nullptr) return inner_->Transact(fn);
  const std::string name = "leados_sp" + std::to_string(++b->savepoints);
  if (auto st = b->session->Exec("SAVEPOINT " + name); !st) return core::Fail(st.error());
  core::Status result = Guarded(fn, *b->session);
  if (result) {
    if (auto st = b->session->Exec("RELEASE SAVEPOINT " + name); !st) return core::Fail(st.error());
    return result;
  }
  // Undo only this part; a statement error on PostgreSQL left the transaction aborted until here.
  if (auto st = b->session->Exec("ROLLBACK TO SAVEPOINT " + name); !st) {
    return core::Fail(st.error());
  }
  (void)b->session->Exec("RELEASE SAVEPOINT " + name);
  return result;
}

core::Result<int64_t> BatchingDatabase::Exec(std::string_view sql,
                                             const std::vector<SqlValue>& params) {
  ThreadBatch* b = Current();
  if (b == nullptr) return inner_->Exec(sql, params);
  if (dialect() != Dialect::kPostgres) return b->session->Exec(sql, params);
  // On PostgreSQL a failed statement aborts the whole transaction, while outside a batch a failed
  // autocommit statement (a unique violation its caller expects) harms nothing: keep it that way.
  int64_t n = 0;
  auto st = Transact([&](SqlSession& s) -> core::Status {
    auto done = s.Exec(sql, params);
    if (!done) return core::Fail(done.error());
    n = *done;
    return core::Ok();
  });
  if (!st) return core::Fail(st.error());
  return n;
}

core::Result<std::vector<Row>> BatchingDatabase::Query(std::string_view sql,
                                                       const std::vector<SqlValue>& params) {
  if (ThreadBatch* b = Current()) return b->session->Query(sql, params);
  return inner_->Query(sql, params);
}

core::Status BatchingDatabase::Ping() { return inner_->Ping(); }

}  // namespace leados::store
