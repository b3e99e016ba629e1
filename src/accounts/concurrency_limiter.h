#pragma once
// ConcurrencyLimiter: a counting semaphore with a bounded wait, so that memory-hard work
// (argon2id hashing) cannot be started by more callers at once than memory allows.

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "core/result.h"

namespace leados::accounts {

class ConcurrencyLimiter {
 public:
  // An acquired slot; releases it when destroyed. Movable, not copyable.
  class Permit {
   public:
    Permit(Permit&& other) noexcept : owner_(other.owner_) { other.owner_ = nullptr; }
    Permit& operator=(Permit&&) = delete;
    Permit(const Permit&) = delete;
    ~Permit();

   private:
    friend class ConcurrencyLimiter;
    explicit Permit(ConcurrencyLimiter* owner) : owner_(owner) {}
    ConcurrencyLimiter* owner_;
  };

  // At most `capacity` permits (>= 1) exist at once. The limiter must outlive its permits.
  explicit ConcurrencyLimiter(int capacity);

  // Takes a slot, waiting up to `timeout` for one to free up. When none frees up in time:
  // kResourceExhausted with `busy_message`. Thread-safe.
  core::Result<Permit> Acquire(std::chrono::milliseconds timeout, const char* busy_message);

  int capacity() const { return capacity_; }
  // Slots taken right now (for metrics and tests). Thread-safe.
  int in_use() const;

 private:
  void Release();

  const int capacity_;
  mutable std::mutex mu_;
  std::condition_variable freed_;
  int in_use_ = 0;  // guarded by mu_
};

}  // namespace leados::accounts
