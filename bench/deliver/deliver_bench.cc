// Webhook deliveries per second on the embedded default (SQLite + the embedded KV in a temporary
// folder): pending deliveries (enqueued before the timer starts) → the real WebhookDispatcher loop
// (CurlMultiTransport: one libcurl multi handle, keep-alive) → the project's HTTP server on
// loopback answering 204 → every attempt recorded (attempt row, delivery state, endpoint health,
// body deleted once delivered). Issue 7's target: >= 2,000 deliveries/s.
// 16 endpoints of one account on one receiver, per-endpoint concurrency 16, no rate limit, up to
// 128 requests in flight. Run: build/release/bench/deliver/deliver_bench
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <mutex>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/json.h"
#include "core/metrics.h"
#include "deliver/attempt_recorder.h"
#include "deliver/curl_multi_transport.h"
#include "deliver/delivery_service.h"
#include "deliver/delivery_store.h"
#include "deliver/endpoint_service.h"
#include "deliver/retry_policy.h"
#include "deliver/webhook_dispatcher.h"
#include "http/router.h"
#include "http/server.h"
#include "ingest/ssrf_guard.h"
#include "privacy/field_cipher.h"
#include "privacy/keyring.h"
#include "store/database.h"
#include "store/embedded_key_value.h"
#include "store/migrations.h"

namespace leados::deliver {
namespace {

constexpr int kEndpoints = 16;
constexpr const char* kAccount = "acct_bench";

struct Stack {
  core::SystemClock clock;
  std::filesystem::path dir;
  std::unique_ptr<store::Database> db;
  std::unique_ptr<store::KeyValue> kv;
  std::unique_ptr<privacy::Keyring> keyring;
  std::unique_ptr<privacy::FieldCipher> cipher;
  std::unique_ptr<ingest::SsrfGuard> guard;
  std::unique_ptr<EndpointService> endpoints;
  std::unique_ptr<DeliveryStore> deliveries;
  std::unique_ptr<DeliveryService> service;
  std::unique_ptr<RetryPolicy> policy;
  std::unique_ptr<AttemptRecorder> recorder;
  std::unique_ptr<CurlMultiTransport> transport;
  std::unique_ptr<WebhookDispatcher> dispatcher;
  // The receiver.
  core::Metrics metrics;
  http::Router router;
  std::unique_ptr<http::Server> server;
  // Deliveries that reached a final status.
  std::mutex mu;
  std::condition_variable cv;
  int64_t finals = 0;  // guarded by mu

  Stack() {
    dir = std::filesystem::temp_directory_path() / ("leados_deliver_bench_" + core::RandomToken(6));
    db = std::move(*store::OpenSqliteDatabase(dir / "leados.db"));
    if (!store::Migrate(*db, clock)) std::abort();
    kv = std::move(*store::OpenEmbeddedKeyValue(dir / "kv.db", clock));
    if (!db->Exec("INSERT INTO accounts (id, company_name, billing_address_enc, created_at) "
                  "VALUES (?, 'Bench', 'x', 0)",
                  {std::string(kAccount)})) {
      std::abort();
    }
    keyring = std::move(*privacy::Keyring::Create(
        std::move(*privacy::MasterKey::FromBytes(core::RandomBytes(32))), clock));
    cipher = std::make_unique<privacy::FieldCipher>(*keyring);
    guard = std::make_unique<ingest::SsrfGuard>(ingest::SsrfPolicy{});
    endpoints = std::make_unique<EndpointService>(
        *db, clock, *cipher, *guard, EndpointServiceOptions{.allow_http_loopback = true});
    deliveries = std::make_unique<DeliveryStore>(*db, clock);
    service = std::make_unique<DeliveryService>(*db, *kv, clock, *endpoints, *deliveries);
    policy = std::make_unique<RetryPolicy>(SeededUniform(7));
    recorder = std::make_unique<AttemptRecorder>(
        *db, clock, *deliveries, *endpoints, *service, *policy,
        [](std::string_view) -> core::Result<std::vector<std::string>> {
          return std::vector<std::string>{};
        });
    recorder->SetOnFinal([this](const Delivery&, std::string_view) {
      std::lock_guard lock(mu);
      ++finals;
      cv.notify_all();
    });

    router.Add("POST", "/hook/{n}", http::Operation{.operation_id = "receiveWebhook"},
               [](http::Request&) { return http::Response::Text(204, ""); });
    server = std::make_unique<http::Server>(
        http::ServerOptions{.listen = "127.0.0.1:0", .threads = 1, .access_log = false}, router,
        metrics, clock);
    if (!server->Start()) std::abort();
    for (int i = 0; i < kEndpoints; ++i) {
      auto made = endpoints->Create(
          kAccount, NewEndpoint{fmt::format("http://127.0.0.1:{}/hook/{}", server->port(), i),
                                "bench",
                                {"lead.created"},
                                true});
      if (!made) std::abort();
    }
    transport = std::make_unique<CurlMultiTransport>();
    dispatcher = std::make_unique<WebhookDispatcher>(
        *deliveries, *endpoints, *kv, *transport, *recorder, clock,
        DispatcherOptions{.endpoint_concurrency = 16,
                          .endpoint_rate_per_second = 0,
                          .max_in_flight = 128,
                          .poll_interval = std::chrono::milliseconds(100),
                          .owner = "bench"});
  }

  ~Stack() {
    dispatcher.reset();
    server->Stop();
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }

  // `events` lead.created events, one delivery per endpoint each.
  void Enqueue(int events, int64_t first) {
    for (int i = 0; i < events; ++i) {
      const std::string lead = fmt::format("lead_{}", first + i);
      const std::string payload =
          core::ToJson(core::json::object{{"lead_id", lead},
                                          {"author", core::json::object{{"name", "A Person"}}},
                                          {"text", std::string(600, 'x')}});
      if (!service->Enqueue(kAccount, "lead.created", lead, payload)) std::abort();
    }
  }

  // Waits until `n` deliveries are final; after a minute prints where they stand and aborts
  // (a receiver or configuration problem, not a slow run).
  void WaitForFinals(int64_t n) {
    std::unique_lock lock(mu);
    if (cv.wait_for(lock, std::chrono::seconds(60), [&] { return finals >= n; })) return;
    lock.unlock();
    auto rows = db->Query(
        "SELECT status, COALESCE(last_error, ''), COUNT(*) FROM webhook_deliveries "
        "GROUP BY status, last_error");
    for (const auto& r : rows.value()) {
      std::fprintf(stderr, "%s %s: %lld\n", r.Text(0).c_str(), r.Text(1).c_str(),
                   static_cast<long long>(r.Int(2)));
    }
    std::abort();
  }
};

void BM_WebhookDeliveries(benchmark::State& state) {
  static Stack* stack = new Stack();  // one database and receiver for every run
  const int events = static_cast<int>(state.range(0)) / kEndpoints;
  static int64_t next_lead = 0;
  int64_t delivered = 0;
  for (auto _ : state) {
    state.PauseTiming();
    stack->Enqueue(events, next_lead);
    next_lead += events;
    int64_t target = 0;
    {
      std::lock_guard lock(stack->mu);
      target = stack->finals + int64_t{events} * kEndpoints;
    }
    state.ResumeTiming();
    stack->dispatcher->Start();  // nothing is sent while the deliveries are being enqueued
    stack->WaitForFinals(target);
    stack->dispatcher->Stop();
    delivered += int64_t{events} * kEndpoints;
  }
  state.counters["deliveries/s"] =
      benchmark::Counter(static_cast<double>(delivered), benchmark::Counter::kIsRate);
  auto failed =
      stack->db->Query("SELECT COUNT(*) FROM webhook_deliveries WHERE status <> 'succeeded'");
  state.counters["not_succeeded"] = failed ? static_cast<double>(failed->front().Int(0)) : -1;
  // Time on the wire (request start to response), as the attempt rows record it.
  auto latency = stack->db->Query("SELECT AVG(latency_ms), MAX(latency_ms) FROM webhook_attempts");
  if (latency && !latency->empty()) {
    state.counters["wire_ms_avg"] = std::stod(latency->front().Text(0));
    state.counters["wire_ms_max"] = static_cast<double>(latency->front().Int(1));
  }
}
BENCHMARK(BM_WebhookDeliveries)
    ->Arg(4000)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond)
    ->MinTime(5);

}  // namespace
}  // namespace leados::deliver
