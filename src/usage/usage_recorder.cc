#include "usage/usage_recorder.h"

#include <string>

#include "core/log.h"

namespace leados::usage {
namespace {

constexpr int kColumns = 11;

std::string InsertSql(size_t rows) {
  std::string sql =
      "INSERT INTO usage_events (id, account_id, at_ms, day, kind, name, key_prefix, status, "
      "status_class, latency_ms, quantity) VALUES ";
  for (size_t i = 0; i < rows; ++i) {
    if (i) sql += ", ";
    sql += "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  }
  return sql;
}

}  // namespace

UsageRecorder::UsageRecorder(store::Database& db, const core::Clock& clock,
                             UsageRecorderOptions options)
    : db_(db), clock_(clock), options_(options), ids_(clock) {
  if (options_.buffer_size < 1) options_.buffer_size = 1;
  if (options_.rows_per_statement < 1) options_.rows_per_statement = 1;
}

UsageRecorder::~UsageRecorder() {
  Stop();
}

void UsageRecorder::Record(UsageEvent event) {
  if (event.account_id.empty()) return;
  if (event.at_ms == 0) event.at_ms = clock_.NowUnixMillis();
  std::lock_guard lock(mu_);
  if (buffer_.size() >= options_.buffer_size) {
    ++dropped_;
    return;
  }
  buffer_.push_back(std::move(event));
}

core::Result<int64_t> UsageRecorder::Flush() {
  std::lock_guard flush_lock(flush_mu_);
  std::vector<UsageEvent> batch;
  {
    std::lock_guard lock(mu_);
    batch.swap(buffer_);
  }
  if (batch.empty()) return 0;
  auto st = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    for (size_t start = 0; start < batch.size(); start += options_.rows_per_statement) {
      const size_t n = std::min(options_.rows_per_statement, batch.size() - start);
      std::vector<store::SqlValue> params;
      params.reserve(n * kColumns);
      for (size_t i = start; i < start + n; ++i) {
        const UsageEvent& e = batch[i];
        params.emplace_back(ids_.NewId("use"));
        params.emplace_back(e.account_id);
        params.emplace_back(e.at_ms);
        params.emplace_back(UtcDay(e.at_ms));
        params.emplace_back(std::string(UsageKindName(e.kind)));
        params.emplace_back(e.name);
        params.emplace_back(e.key_prefix);
        params.emplace_back(int64_t{e.status});
        params.emplace_back(StatusClass(e));
        params.emplace_back(e.latency_ms);
        params.emplace_back(e.quantity);
      }
      auto done = tx.Exec(InsertSql(n), params);
      if (!done) return core::Fail(done.error());
    }
    return core::Ok();
  });
  std::lock_guard lock(mu_);
  if (!st) {
    dropped_ += static_cast<int64_t>(batch.size());
    core::log::Warn("usage.flush_failed", {{"events", static_cast<int64_t>(batch.size())},
                                           {"error", st.error().message}});
    return core::Fail(st.error());
  }
  written_ += static_cast<int64_t>(batch.size());
  return static_cast<int64_t>(batch.size());
}

void UsageRecorder::Start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (!stop_) {
      cv_.wait_for(lock, options_.flush_interval, [this] { return stop_; });
      if (stop_) break;
      lock.unlock();
      (void)Flush();  // a failure is logged and counted by Flush
      lock.lock();
    }
  });
}

void UsageRecorder::Stop() {
  std::thread t;
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    t = std::move(thread_);
  }
  cv_.notify_all();
  if (t.joinable()) t.join();
  (void)Flush();
}

int64_t UsageRecorder::dropped() const {
  std::lock_guard lock(mu_);
  return dropped_;
}

int64_t UsageRecorder::written() const {
  std::lock_guard lock(mu_);
  return written_;
}

size_t UsageRecorder::pending() const {
  std::lock_guard lock(mu_);
  return buffer_.size();
}

}  // namespace leados::usage
