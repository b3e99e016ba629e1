// Process-level: SIGTERM during a slow request lets it finish, then the server exits 0.

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <optional>
#include <string>
#include <thread>

#include "http/testing/test_client.h"

extern char** environ;

namespace leados::http {
namespace {

using Clock = std::chrono::steady_clock;

// A child process with its stdout on a pipe; killed and reaped on destruction if still running.
class Child {
 public:
  explicit Child(const std::string& path) {
    int fds[2];
    if (pipe(fds) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    char* argv[] = {const_cast<char*>(path.c_str()), nullptr};
    if (posix_spawn(&pid_, path.c_str(), &actions, nullptr, argv, environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    out_ = fds[0];
  }
  ~Child() {
    if (pid_ > 0 && !exit_status_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (out_ >= 0) close(out_);
  }
  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

  // The next line of the child's stdout, or nullopt at EOF or after `within`.
  std::optional<std::string> ReadLine(std::chrono::milliseconds within) {
    const auto deadline = Clock::now() + within;
    while (true) {
      if (auto nl = buffered_.find('\n'); nl != std::string::npos) {
        std::string line = buffered_.substr(0, nl);
        buffered_.erase(0, nl + 1);
        return line;
      }
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) return std::nullopt;
      pollfd p{out_, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left)) <= 0) continue;
      char buf[256];
      const ssize_t n = read(out_, buf, sizeof(buf));
      if (n <= 0) return std::nullopt;
      buffered_.append(buf, static_cast<size_t>(n));
    }
  }

  // The exit status once the child has exited within `within` (-1 for death by a signal).
  std::optional<int> WaitExit(std::chrono::milliseconds within) {
    const auto deadline = Clock::now() + within;
    while (Clock::now() < deadline) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        return exit_status_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));  // polling the condition
    }
    return std::nullopt;
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  std::string buffered_;
  std::optional<int> exit_status_;
};

TEST(GracefulShutdownTest, SigtermLetsTheInFlightRequestFinishThenExitsZero) {
  Child child(LEADOS_HTTP_SLOW_SERVER);
  ASSERT_TRUE(child.running());
  auto listening = child.ReadLine(std::chrono::seconds(20));
  ASSERT_TRUE(listening) << "the server did not start";
  ASSERT_EQ(listening->rfind("listening ", 0), 0u) << *listening;
  const auto port = static_cast<uint16_t>(std::stoi(listening->substr(10)));

  auto request = std::async(std::launch::async, [port] {
    return testing::Fetch(port, "GET", "/slow?ms=1500", "", {},
                          {.timeout = std::chrono::seconds(20)});
  });
  auto started = child.ReadLine(std::chrono::seconds(10));
  ASSERT_EQ(started, "slow-started");
  ASSERT_EQ(kill(child.pid(), SIGTERM), 0);

  auto res = request.get();
  ASSERT_TRUE(res) << res.error().message;
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "slept 1500 ms");
  EXPECT_FALSE(res->keep_alive);  // answered during shutdown: Connection: close

  EXPECT_EQ(child.WaitExit(std::chrono::seconds(15)), 0);
}

}  // namespace
}  // namespace leados::http
