#include "core/periodic_task.h"

#include <utility>

namespace leados::core {

PeriodicTask::~PeriodicTask() { Stop(); }

void PeriodicTask::Start(std::chrono::milliseconds interval, std::function<void()> fn) {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this, interval, fn = std::move(fn)] {
    std::unique_lock lock(mu_);
    while (!stop_) {
      lock.unlock();
      fn();
      lock.lock();
      cv_.wait_for(lock, interval, [this] { return stop_; });
    }
  });
}

void PeriodicTask::Stop() {
  std::thread t;
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    t = std::move(thread_);
  }
  cv_.notify_all();
  if (t.joinable()) t.join();
}

bool PeriodicTask::running() {
  std::lock_guard lock(mu_);
  return thread_.joinable();
}

}  // namespace leados::core
