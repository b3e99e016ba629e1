#include "notify/test_util.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "core/encoding.h"
#include "notify/mime.h"
#include "store/test_support.h"

namespace leados::notify::testing {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r' || s.back() == '\t')) s.pop_back();
  size_t b = s.find_first_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b);
}

std::string NoCr(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), '\r'), s.end());
  return s;
}

// Splits "headers\r\n\r\nbody" (LF or CRLF) into unfolded headers and the body.
std::map<std::string, std::string> ParseHeaders(const std::string& raw, std::string* body) {
  std::string text = NoCr(raw);
  size_t end = text.find("\n\n");
  std::string head = end == std::string::npos ? text : text.substr(0, end);
  *body = end == std::string::npos ? "" : text.substr(end + 2);
  std::map<std::string, std::string> headers;
  std::string last;
  std::istringstream in(head);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      if (!last.empty()) headers[last] += " " + Trim(line);
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    last = Lower(line.substr(0, colon));
    headers[last] = Trim(line.substr(colon + 1));
  }
  return headers;
}

}  // namespace

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string DecodeHeader(const std::string& value) {
  std::string out;
  size_t pos = 0;
  while (pos < value.size()) {
    size_t start = value.find("=?UTF-8?B?", pos);
    if (start == std::string::npos) {
      out += value.substr(pos);
      break;
    }
    std::string between = value.substr(pos, start - pos);
    if (between.find_first_not_of(" \t\r\n") != std::string::npos) out += between;
    size_t end = value.find("?=", start + 10);
    if (end == std::string::npos) return value;
    out += core::Base64Decode(value.substr(start + 10, end - start - 10)).value_or("?");
    pos = end + 2;
  }
  return out;
}

namespace {

// The value of parameter `name` in a header value (`filename="a.pdf"` -> a.pdf), or "".
std::string HeaderParam(const std::string& value, const std::string& name) {
  const size_t at = value.find(name + "=\"");
  if (at == std::string::npos) return "";
  const size_t start = at + name.size() + 2;
  return value.substr(start, value.find('"', start) - start);
}

// Walks the parts of a multipart body (nested multiparts too) into `eml`.
void ParseParts(const std::string& type, const std::string& body, ParsedEml& eml) {
  const std::string boundary = HeaderParam(type, "boundary");
  if (boundary.empty()) return;
  const std::string marker = "--" + boundary;
  size_t pos = body.find(marker);
  while (pos != std::string::npos) {
    size_t start = pos + marker.size();
    if (body.compare(start, 2, "--") == 0) break;
    size_t next = body.find(marker, start);
    if (next == std::string::npos) break;
    std::string part_raw = body.substr(start + 1, next - start - 1);
    std::string part_body;
    auto part_headers = ParseHeaders(part_raw, &part_body);
    if (!part_body.empty() && part_body.back() == '\n') part_body.pop_back();
    const std::string& part_type = part_headers["content-type"];
    if (part_type.starts_with("multipart/")) {
      ParseParts(part_type, part_body, eml);
    } else if (part_headers["content-disposition"].starts_with("attachment")) {
      std::string b64;
      for (char c : part_body) {
        if (c != '\r' && c != '\n') b64 += c;
      }
      eml.attachments.push_back(
          {HeaderParam(part_headers["content-disposition"], "filename"),
           part_type.substr(0, part_type.find(';')), core::Base64Decode(b64).value_or("")});
    } else {
      std::string decoded = NoCr(DecodeQuotedPrintable(part_body));
      if (part_type.starts_with("text/plain")) eml.text = decoded;
      if (part_type.starts_with("text/html")) eml.html = decoded;
    }
    pos = next;
  }
}

}  // namespace

ParsedEml ParseEml(const std::string& raw) {
  ParsedEml eml;
  std::string body;
  eml.headers = ParseHeaders(raw, &body);
  ParseParts(eml.headers["content-type"], body, eml);
  return eml;
}

StandInHttpServer::StandInHttpServer() {
  listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  listen(listen_fd_, 8);
  socklen_t len = sizeof(addr);
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { Serve(); });
}

StandInHttpServer::~StandInHttpServer() {
  stop_ = true;
  thread_.join();
  close(listen_fd_);
}

std::string StandInHttpServer::BaseUrl() const {
  return fmt::format("http://127.0.0.1:{}", port_);
}

void StandInHttpServer::Answer(int status, std::string body) {
  std::lock_guard lock(mu_);
  status_ = status;
  body_ = std::move(body);
}

std::vector<StandInHttpServer::Request> StandInHttpServer::Requests() {
  std::lock_guard lock(mu_);
  return requests_;
}

void StandInHttpServer::Serve() {
  while (!stop_) {
    pollfd pfd{listen_fd_, POLLIN, 0};
    if (poll(&pfd, 1, 50) <= 0) continue;
    int fd = accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    std::string data;
    char buf[4096];
    size_t header_end = std::string::npos;
    size_t content_length = 0;
    Request request;
    while (true) {
      pollfd cfd{fd, POLLIN, 0};
      if (poll(&cfd, 1, 5000) <= 0) break;
      ssize_t n = read(fd, buf, sizeof(buf));
      if (n <= 0) break;
      data.append(buf, static_cast<size_t>(n));
      if (header_end == std::string::npos) {
        header_end = data.find("\r\n\r\n");
        if (header_end != std::string::npos) {
          std::string ignored;
          std::string head = data.substr(0, header_end);
          size_t first_line_end = head.find("\r\n");
          std::istringstream first(head.substr(0, first_line_end));
          first >> request.method >> request.target;
          request.headers = ParseHeaders(head.substr(first_line_end + 2) + "\r\n\r\n", &ignored);
          content_length = std::stoul(
              request.headers.count("content-length") ? request.headers["content-length"] : "0");
        }
      }
      if (header_end != std::string::npos && data.size() >= header_end + 4 + content_length) {
        request.body = data.substr(header_end + 4, content_length);
        break;
      }
    }
    int status;
    std::string body;
    {
      std::lock_guard lock(mu_);
      requests_.push_back(request);
      status = status_;
      body = body_;
    }
    std::string response = fmt::format(
        "HTTP/1.1 {} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\n"
        "Connection: close\r\n\r\n{}",
        status, body.size(), body);
    (void)!write(fd, response.data(), response.size());
    close(fd);
  }
}

core::Status FakeSender::Send(const Email& email) {
  ++calls_;
  std::lock_guard lock(mu_);
  if (error_) return core::Fail(*error_);
  sent_.push_back(email);
  return core::Ok();
}

void FakeSender::FailWith(core::ErrorCode code, std::string message) {
  std::lock_guard lock(mu_);
  error_ = core::Error{code, std::move(message)};
}

void FakeSender::Succeed() {
  std::lock_guard lock(mu_);
  error_.reset();
}

std::vector<Email> FakeSender::Sent() {
  std::lock_guard lock(mu_);
  return sent_;
}

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

bool CanConnect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  close(fd);
  return ok;
}

std::string PythonWithAiosmtpd() {
  for (const char* python : {"/usr/bin/python3", "python3"}) {
    std::string cmd = std::string(python) + " -c 'import aiosmtpd' >/dev/null 2>&1";
    if (std::system(cmd.c_str()) == 0) return python;
  }
  return "";
}

AiosmtpdServer::AiosmtpdServer(const std::string& python, const std::filesystem::path& maildir) {
  port_ = FreePort();
  std::string listen = "127.0.0.1:" + std::to_string(port_);
  std::string dir = maildir.string();
  std::vector<std::string> args = {
      python, "-m", "aiosmtpd", "-n", "-l", listen, "-c", "aiosmtpd.handlers.Mailbox", dir};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  int rc = posix_spawnp(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) pid_ = -1;
}
AiosmtpdServer::~AiosmtpdServer() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
}
bool AiosmtpdServer::WaitReady() {
  return pid_ > 0 &&
         store::testing::WaitFor([&] { return CanConnect(port_); }, std::chrono::seconds(20));
}

}  // namespace leados::notify::testing
