#pragma once
// Helpers for the notify tests: .eml parsing, a one-route HTTP stand-in, fake senders.

#include <sys/types.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "notify/email_sender.h"

namespace leados::notify::testing {

// A message parsed back: headers by lowercase name (folded lines joined), decoded parts.
struct ParsedEml {
  std::map<std::string, std::string> headers;
  std::string text;  // the decoded text/plain part, CRLF turned into LF
  std::string html;  // the decoded text/html part, CRLF turned into LF
  struct File {
    std::string filename, content_type, content;  // content: the decoded bytes
  };
  std::vector<File> attachments;  // parts with Content-Disposition: attachment, in order
};
ParsedEml ParseEml(const std::string& raw);
// Decodes RFC 2047 "=?UTF-8?B?…?=" words (and leaves plain text alone).
std::string DecodeHeader(const std::string& value);
std::string ReadWholeFile(const std::string& path);

// A minimal HTTP/1.1 server on 127.0.0.1:0 answering every request with `status` and `body`,
// and recording the requests it got. One connection at a time, closes after each answer.
class StandInHttpServer {
 public:
  struct Request {
    std::string method, target, body;
    std::map<std::string, std::string> headers;  // lowercase names
  };
  StandInHttpServer();
  ~StandInHttpServer();
  std::string BaseUrl() const;
  void Answer(int status, std::string body);
  std::vector<Request> Requests();

 private:
  void Serve();
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  int status_ = 200;               // guarded by mu_
  std::string body_ = "{}";        // guarded by mu_
  std::vector<Request> requests_;  // guarded by mu_
  std::thread thread_;
};

// A sender that records what it got and answers with a scripted result.
class FakeSender final : public EmailSender {
 public:
  core::Status Send(const Email& email) override;
  void FailWith(core::ErrorCode code, std::string message);  // every later Send fails
  void Succeed();
  std::vector<Email> Sent();
  int calls() const { return calls_.load(); }

 private:
  std::mutex mu_;
  std::optional<core::Error> error_;  // guarded by mu_
  std::vector<Email> sent_;           // guarded by mu_
  std::atomic<int> calls_{0};
};

// A TCP port nobody listens on right now (bind to 0, read it, close).
int FreePort();
// True when something accepts TCP connections on 127.0.0.1:port.
bool CanConnect(int port);

// The python3 that can import aiosmtpd (Debian's python3-aiosmtpd), or "" when none can.
std::string PythonWithAiosmtpd();

// A real SMTP server for tests: an aiosmtpd child process on 127.0.0.1 writing every message it
// receives into `maildir` (maildir/new/*). Killed on destruction.
class AiosmtpdServer {
 public:
  AiosmtpdServer(const std::string& python, const std::filesystem::path& maildir);
  ~AiosmtpdServer();
  // Waits up to 20 s for the port to accept connections.
  bool WaitReady();
  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace leados::notify::testing
