#pragma once
// Runs a child process for process-level tests: captures stdout and stderr, waits with a
// deadline, and can send signals. Not for production code.

#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace leados::testing {

struct ProcessResult {
  int exit_code = -1;   // exit status, or -1 when killed by a signal
  int signal = 0;       // the signal that ended it, if any
  std::string out;
  std::string err;
  bool timed_out = false;
};

// Runs `argv` to completion (killed with SIGKILL after `timeout`). `env` entries are added to
// (and override) the current environment.
ProcessResult RunProcess(const std::vector<std::string>& argv,
                         const std::map<std::string, std::string>& env = {},
                         std::chrono::milliseconds timeout = std::chrono::seconds(60));

// A child that runs in the background; its stdout/stderr go to files in a temp folder.
class BackgroundProcess {
 public:
  BackgroundProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {});
  ~BackgroundProcess();  // SIGKILLs the child if still running
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  pid_t pid() const { return pid_; }
  // Waits until stdout contains `needle`; returns the stdout so far, or "" on timeout/exit.
  std::string WaitForOutput(const std::string& needle, std::chrono::milliseconds timeout);
  void Signal(int sig);
  // Waits for exit; returns the result (exit_code -1 with timed_out on timeout).
  ProcessResult Wait(std::chrono::milliseconds timeout);

 private:
  pid_t pid_ = -1;
  std::string dir_;
  bool reaped_ = false;
};

// The path of the built leados binary (next to the test binary's build tree).
std::string LeadosBinary();

}  // namespace leados::testing
