#pragma once
// FixtureServer: a small HTTP/1.1 server for tests. It listens on 127.0.0.1, port 0, in a
// background thread, and answers routes the test registers: exact bytes (recorded fixtures),
// statuses with headers, slow and never-ending responses, truncated bodies, huge streamed bodies,
// redirects, gzip bodies, ETag/Last-Modified with 304, and it logs every request it receives.
// It never connects anywhere: a redirect to 10.0.0.1 is only a Location header.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace leados::test_support {

using Fields = std::vector<std::pair<std::string, std::string>>;

// One scripted answer.
struct FixtureResponse {
  int status = 200;
  Fields headers;    // sent as given (Content-Length is added unless the mode sets it)
  std::string body;  // the exact bytes sent (for kGzip: the bytes BEFORE compression)

  enum class Mode {
    kNormal,     // status, headers, Content-Length, body
    kGzip,       // body gzip-compressed, Content-Encoding: gzip
    kTruncated,  // Content-Length: declared_length, then `body` only, then close
    kStall,      // headers and `body`, then nothing more for `stall` (Content-Length claims more)
    kHuge,       // huge_bytes of 'x' streamed in 64 KiB writes, never all in memory
  };
  Mode mode = Mode::kNormal;
  uint64_t declared_length = 0;                               // kTruncated
  std::chrono::milliseconds stall{std::chrono::seconds(30)};  // kStall
  std::chrono::milliseconds delay{0};                         // before anything is sent (all modes)
  uint64_t huge_bytes = 0;                                    // kHuge
  bool chunked = false;  // kHuge: chunked encoding instead of Content-Length

  // Conditional GET: when set, a request whose If-None-Match equals `etag` (or, without
  // If-None-Match, whose If-Modified-Since equals `last_modified`) gets 304 with no body; the 200
  // carries both headers.
  std::string etag;
  std::string last_modified;
};

// What the server received.
struct RecordedRequest {
  std::string method;
  std::string target;  // path and query as sent
  Fields headers;
  std::string body;
  // The first value of a header (case-insensitive), or "".
  std::string Header(std::string_view name) const;
};

class FixtureServer {
 public:
  // Starts listening on 127.0.0.1 with a kernel-chosen port. Aborts the test process if it
  // cannot (a test environment without loopback cannot run these tests anyway).
  FixtureServer();
  // Stops the thread and closes every connection.
  ~FixtureServer();
  FixtureServer(const FixtureServer&) = delete;
  FixtureServer& operator=(const FixtureServer&) = delete;

  uint16_t port() const;
  // "http://127.0.0.1:PORT"
  std::string BaseUrl() const;
  // BaseUrl() + path (path starts with '/').
  std::string Url(std::string_view path) const;

  // Routes match the request target exactly (path plus query); unknown targets get 404.
  // Registering a path again replaces its script. A script is answered in order; its last
  // response repeats. Thread-safe.
  void Route(std::string target, std::vector<FixtureResponse> script);
  void Route(std::string target, FixtureResponse response) {
    Route(std::move(target), std::vector<FixtureResponse>{std::move(response)});
  }

  // Shorthands.
  void ServeBytes(std::string target, std::string bytes, std::string content_type,
                  int status = 200);
  // Serves a file's bytes exactly. Returns false when the file cannot be read.
  bool ServeFile(std::string target, const std::filesystem::path& file, std::string content_type);
  void ServeRedirect(std::string target, std::string location, int status = 302);

  // Every request received so far, in arrival order. Thread-safe.
  std::vector<RecordedRequest> Requests() const;
  // The requests for one target.
  std::vector<RecordedRequest> RequestsFor(std::string_view target) const;
  // TCP connections accepted so far (requests / connections shows keep-alive reuse).
  size_t ConnectionsAccepted() const;
  // Waits until at least `n` requests arrived, or the timeout passes; returns whether they did.
  bool WaitForRequests(size_t n, std::chrono::milliseconds timeout) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// gzip-compresses bytes (zlib); exposed for tests that build their own encoded bodies.
std::string GzipCompress(std::string_view bytes);

}  // namespace leados::test_support
