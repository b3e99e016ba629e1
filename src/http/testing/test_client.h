#pragma once
// A small blocking HTTP/1.1 client over one connection (plain or TLS), for tests of the server.
// Not for production use: outgoing HTTP in LeadOS goes through libcurl. Every operation has a
// timeout so a misbehaving server fails the test instead of hanging it.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace leados::http::testing {

struct ClientResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool keep_alive = false;
  // The first value of header `name` (case-insensitive), "" when absent.
  std::string Header(std::string_view name) const;
};

struct ClientOptions {
  std::chrono::milliseconds timeout{5000};  // per operation
  bool tls = false;
  std::string ca_file;  // TLS: trust this PEM and check the server is 127.0.0.1; empty = no check
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

class TestConnection {
 public:
  // Connects to 127.0.0.1:`port` (and completes the TLS handshake when options.tls).
  static core::Result<std::unique_ptr<TestConnection>> Connect(uint16_t port,
                                                               ClientOptions options = {});
  ~TestConnection();

  // Sends raw bytes as they are.
  core::Status Send(std::string_view raw);
  // Reads one response (for a HEAD request pass head = true: no body follows).
  core::Result<ClientResponse> ReadResponse(bool head = false);
  // Sends a request (Host and, when there is a body, Content-Length added) and reads the answer.
  core::Result<ClientResponse> Request(std::string_view method, std::string_view target,
                                       std::string_view body = "", const HeaderList& headers = {});
  // True when the server closes the connection within `within` (bytes arriving before the close
  // are discarded); false when it is still open then.
  bool WaitClosed(std::chrono::milliseconds within);

 private:
  struct Impl;
  explicit TestConnection(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// One request on a fresh connection.
core::Result<ClientResponse> Fetch(uint16_t port, std::string_view method, std::string_view target,
                                   std::string_view body = "", const HeaderList& headers = {},
                                   ClientOptions options = {});

}  // namespace leados::http::testing
