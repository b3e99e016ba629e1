// A tiny LeadOS HTTP server for process-level tests and benchmarks:
//   leados_http_slow_server [--port N] [--threads N] [--no-access-log]
// Serves the system routes (/healthz, /readyz, /metrics, /openapi.json) and GET /slow?ms=N,
// which prints "slow-started" on stdout and then answers 200 after N milliseconds. Prints
// "listening <port>" on stdout once it accepts connections, stops gracefully on SIGTERM/SIGINT
// and exits 0.

#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

#include "core/clock.h"
#include "core/metrics.h"
#include "http/router.h"
#include "http/server.h"
#include "http/system_routes.h"

int main(int argc, char** argv) {
  using namespace leados;
  http::ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.shutdown_grace = std::chrono::seconds(10);
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--port" && i + 1 < argc) {
      options.listen = std::string("127.0.0.1:") + argv[++i];
    } else if (arg == "--threads" && i + 1 < argc) {
      options.threads = std::stoi(argv[++i]);
    } else if (arg == "--no-access-log") {
      options.access_log = false;
    } else {
      std::fprintf(stderr, "usage: %s [--port N] [--threads N] [--no-access-log]\n", argv[0]);
      return 2;
    }
  }
  core::SystemClock clock;
  core::Metrics metrics;
  http::Router router;
  http::AddSystemRoutes(router, metrics, [] { return core::Ok(); },
                        {.title = "slow server", .version = "test"});
  router.Add("GET", "/slow", {.operation_id = "slow", .summary = "Answers after ?ms=N."},
             [](http::Request& req) {
               const int ms = std::stoi(std::string(req.Query("ms").value_or("0")));
               std::printf("slow-started\n");
               std::fflush(stdout);
               std::this_thread::sleep_for(std::chrono::milliseconds(ms));
               return http::Response::Text(200, "slept " + std::to_string(ms) + " ms");
             });
  http::Server server(options, router, metrics, clock);
  if (auto st = server.Start(); !st) {
    std::fprintf(stderr, "cannot start: %s\n", st.error().message.c_str());
    return 1;
  }
  server.StopOnSignals({SIGTERM, SIGINT});
  std::printf("listening %u\n", static_cast<unsigned>(server.port()));
  std::fflush(stdout);
  server.Wait();
  return 0;
}
