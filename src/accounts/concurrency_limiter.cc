#include "accounts/concurrency_limiter.h"

#include <algorithm>

namespace leados::accounts {

ConcurrencyLimiter::Permit::~Permit() {
  if (owner_ != nullptr) owner_->Release();
}

ConcurrencyLimiter::ConcurrencyLimiter(int capacity) : capacity_(std::max(1, capacity)) {}

core::Result<ConcurrencyLimiter::Permit> ConcurrencyLimiter::Acquire(
    std::chrono::milliseconds timeout, const char* busy_message) {
  std::unique_lock lock(mu_);
  if (!freed_.wait_for(lock, timeout, [this] { return in_use_ < capacity_; })) {
    return core::Fail(core::ErrorCode::kResourceExhausted, busy_message);
  }
  ++in_use_;
  return Permit(this);
}

int ConcurrencyLimiter::in_use() const {
  std::lock_guard lock(mu_);
  return in_use_;
}

void ConcurrencyLimiter::Release() {
  {
    std::lock_guard lock(mu_);
    --in_use_;
  }
  freed_.notify_one();
}

}  // namespace leados::accounts
