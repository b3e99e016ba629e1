#pragma once
// Test helper: a Server on 127.0.0.1 port 0 with the system routes and a few test routes.

#include <memory>

#include "core/clock.h"
#include "core/metrics.h"
#include "http/router.h"
#include "http/server.h"
#include "http/system_routes.h"

namespace leados::http {

struct TestServer {
  core::ManualClock clock;
  core::Metrics metrics;
  Router router;
  std::unique_ptr<Server> server;

  explicit TestServer(std::function<core::Status()> readiness = [] { return core::Ok(); }) {
    AddSystemRoutes(router, metrics, std::move(readiness), {.title = "Test", .version = "1"});
  }
  // Starts with `options` (listen forced to 127.0.0.1:0). Returns the status of Start.
  core::Status Start(ServerOptions options = {}) {
    options.listen = "127.0.0.1:0";
    options.threads = 2;
    server = std::make_unique<Server>(options, router, metrics, clock);
    return server->Start();
  }
  uint16_t port() const { return server->port(); }
  ~TestServer() {
    if (server) server->Stop();
  }
};

}  // namespace leados::http
