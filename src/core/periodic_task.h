#pragma once
// PeriodicTask: a background thread that runs a function now and then every `interval` until
// Stop. Stop wakes the wait at once and joins (a run in progress finishes first). The scheduled
// jobs of `leados serve` (retention, anomaly scan, usage roll-up, the pipeline's sweeper) use it,
// each deciding inside its function whether its period is due (usually a KV claim shared by every
// process). Thread-safe.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace leados::core {

class PeriodicTask {
 public:
  PeriodicTask() = default;
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;
  ~PeriodicTask();  // Stop()

  // Starts the thread: `fn` runs at once, then `interval` after each run ends. A second Start
  // while running does nothing. After Stop it may be started again.
  void Start(std::chrono::milliseconds interval, std::function<void()> fn);
  // Ends the wait at once and joins the thread; nothing when not running.
  void Stop();
  bool running();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace leados::core
