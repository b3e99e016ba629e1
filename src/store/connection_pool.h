#pragma once
// Internal to src/store: a fixed-size pool of connections of any type, shared by the SQL and
// Redis backends. Thread-safe. A lease returns its connection on destruction; a lease marked
// broken drops it instead, and the slot is refilled by the factory on a later Acquire.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "core/result.h"

namespace leados::store::internal {

template <typename Conn>
class ConnectionPool {
 public:
  using Factory = std::function<core::Result<std::unique_ptr<Conn>>()>;

  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Conn> conn) : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (pool_ != nullptr && conn_ != nullptr) pool_->Release(std::move(conn_), broken_);
    }
    Conn& operator*() const { return *conn_; }
    Conn* operator->() const { return conn_.get(); }
    // The connection is unusable (lost socket, protocol error): do not return it to the pool.
    void MarkBroken() { broken_ = true; }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Conn> conn_;
    bool broken_ = false;
  };

  ConnectionPool(size_t size, Factory factory)
      : size_(size == 0 ? 1 : size), factory_(std::move(factory)) {}

  // Opens every connection now, so a bad address fails at startup rather than on first use.
  core::Status Fill() {
    std::vector<std::unique_ptr<Conn>> fresh;
    for (size_t i = 0; i < size_; ++i) {
      auto conn = factory_();
      if (!conn) return core::Fail(conn.error());
      fresh.push_back(std::move(*conn));
    }
    std::lock_guard lock(mu_);
    for (auto& c : fresh) idle_.push_back(std::move(c));
    return core::Ok();
  }

  // Waits up to `timeout` for a connection; opens a new one when a slot is free but empty.
  core::Result<Lease> Acquire(std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    std::unique_lock lock(mu_);
    bool ready = cv_.wait_for(lock, timeout,
                              [&] { return !idle_.empty() || idle_.size() + leased_ < size_; });
    if (!ready) {
      return core::Fail(core::ErrorCode::kUnavailable,
                        "all database connections are busy; raise the pool size or find the leak");
    }
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      ++leased_;
      return Lease(this, std::move(conn));
    }
    ++leased_;  // reserve the slot while connecting without the lock held
    lock.unlock();
    auto conn = factory_();
    if (!conn) {
      lock.lock();
      --leased_;
      cv_.notify_one();
      return core::Fail(conn.error());
    }
    return Lease(this, std::move(*conn));
  }

 private:
  void Release(std::unique_ptr<Conn> conn, bool broken) {
    {
      std::lock_guard lock(mu_);
      --leased_;
      if (!broken) idle_.push_back(std::move(conn));
    }
    cv_.notify_one();
    // A broken connection is destroyed here, outside the lock.
  }

  const size_t size_;
  const Factory factory_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Conn>> idle_;  // guarded by mu_
  size_t leased_ = 0;                        // guarded by mu_
};

}  // namespace leados::store::internal
