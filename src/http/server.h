#pragma once
// Server: HTTP/1.1 (keep-alive, optional TLS 1.2+) on Boost.Beast, dispatching to a Router.
//
// Threading: `threads` worker threads run one io_context. Each connection is served in order on
// one strand; handlers run synchronously on a worker thread, so a slow handler occupies a whole
// worker (size `threads` for the blocking work handlers do). The server sets the request id
// (core::log::RequestScope) around each handler, turns an escaping exception into a logged 500,
// writes one access-log line per request and records leados_http_* metrics.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/metrics.h"
#include "core/result.h"
#include "http/router.h"

namespace leados::http {

// PEM files for in-process TLS. The certificate file holds the chain, leaf first.
struct TlsOptions {
  std::string cert_file;
  std::string key_file;
};

struct ServerOptions {
  std::string listen = "127.0.0.1:8080";  // host:port; port 0 picks a free port; [::1]:p for IPv6
  int threads = 2;
  size_t max_header_bytes = 16 * 1024;  // request line + headers; more -> 431
  size_t max_body_bytes = 1024 * 1024;  // more -> 413 (Content-Length checked before reading)
  // The whole request (headers and body) must arrive within this; a slow client is cut off.
  std::chrono::seconds read_timeout{30};
  // A keep-alive connection with no request for this long is closed.
  std::chrono::seconds idle_timeout{75};
  // When set, the port speaks TLS (1.2 or later) only.
  std::optional<TlsOptions> tls;
  // How long Stop() lets in-flight requests finish before closing their connections.
  std::chrono::seconds shutdown_grace{30};
  // One structured log line per request (event "http.request").
  bool access_log = true;
};

class Server {
 public:
  // `router`, `metrics` and `clock` must outlive the server.
  Server(ServerOptions options, Router& router, core::Metrics& metrics, const core::Clock& clock);
  // Stops (gracefully) if still running.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Freezes the router, loads the TLS files, binds and starts the worker threads. Errors:
  // kInvalidArgument for a bad listen address or unreadable TLS files, kUnavailable when the
  // address cannot be bound. Call once.
  core::Status Start();
  // The bound port (useful with port 0); 0 before Start.
  uint16_t port() const;
  // Graceful stop: stops accepting, closes idle keep-alive connections, lets in-flight requests
  // finish (each gets `Connection: close`) for up to shutdown_grace, then closes the rest and
  // joins the workers. Blocks until done. Thread-safe; must not be called from a handler.
  void Stop();
  // Starts the same graceful stop without waiting (safe from a handler or a signal callback).
  void BeginStop();
  // Blocks until the server has stopped (after Stop/BeginStop or a signal). Returns at once if it
  // never started.
  void Wait();
  // Begins a graceful stop when one of `signals` (e.g. SIGTERM, SIGINT) arrives. Call after Start.
  void StopOnSignals(std::initializer_list<int> signals);

  class Impl;  // implementation detail (server.cc)

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace leados::http
