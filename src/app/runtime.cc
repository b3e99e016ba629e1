#include "app/runtime.h"

#include <chrono>
#include <filesystem>

#include "app/serve.h"
#include "core/log.h"
#include "store/migrations.h"
#include "store/embedded_key_value.h"
#include "store/embedded_queue.h"
#include "store/redis_key_value.h"
#include "store/redis_queue.h"

namespace leados::app {

core::Result<std::unique_ptr<store::Database>> OpenDatabase(const core::Config& config) {
  const std::string& url = config.GetString("database.url");
  if (url.rfind("postgres", 0) == 0) {
    return store::OpenPostgresDatabase(url, static_cast<size_t>(config.GetInt("database.pool_size")));
  }
  std::filesystem::path file = std::filesystem::path(config.GetString("data.dir")) / "leados.db";
  if (url.rfind("sqlite:", 0) == 0) file = url.substr(7);
  return store::OpenSqliteDatabase(file);
}

core::Result<std::unique_ptr<Runtime>> Runtime::Open(const core::Config& config) {
  std::unique_ptr<Runtime> rt(new Runtime(config));
  auto db = OpenDatabase(config);
  if (!db) return core::Fail(db.error());
  rt->database_ = std::make_unique<store::BatchingDatabase>(std::move(*db));
  if (auto st = store::Migrate(*rt->database_, rt->clock_); !st) {
    return core::Fail(st.error().code, "migrations failed: " + st.error().message);
  }

  const std::filesystem::path data_dir = config.GetString("data.dir");
  const std::string& kv_url = config.GetString("kv.url");
  std::string queue_url = config.GetString("queue.url");
  if (queue_url.empty()) queue_url = kv_url;
  store::QueueOptions queue_options;
  queue_options.max_attempts = static_cast<int>(config.GetInt("queue.max_attempts"));
  const std::string& prefix = config.GetString("kv.prefix");

  if (kv_url.empty()) {
    auto kv = store::OpenEmbeddedKeyValue(data_dir / "kv.db", rt->clock_);
    if (!kv) return core::Fail(kv.error());
    rt->embedded_kv_ = kv->get();
    rt->key_value_ = std::move(*kv);
  } else {
    auto kv = store::OpenRedisKeyValue(kv_url, prefix);
    if (!kv) return core::Fail(kv.error());
    rt->key_value_ = std::move(*kv);
  }
  if (queue_url.empty()) {
    auto q = store::OpenEmbeddedQueue(data_dir / "kv.db", rt->clock_, queue_options);
    if (!q) return core::Fail(q.error());
    rt->queue_ = std::move(*q);
  } else {
    auto q = store::OpenRedisQueue(queue_url, prefix, queue_options);
    if (!q) return core::Fail(q.error());
    rt->queue_ = std::move(*q);
  }
  if (rt->embedded_kv_) rt->StartSweeper();
  return rt;
}

Runtime::~Runtime() {
  stopping_ = true;
  if (sweeper_.joinable()) sweeper_.join();
}

void Runtime::StartSweeper() {
  sweeper_ = std::thread([this] {
    // Expired embedded KV rows are invisible to reads already; sweeping reclaims their space.
    int ticks = 0;
    while (!stopping_) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      if (++ticks < 300) continue;  // once a minute
      ticks = 0;
      if (auto swept = embedded_kv_->SweepExpired(); !swept) {
        core::log::Warn("kv.sweep_failed", {{"error", swept.error().message}});
      }
    }
  });
}

std::string Runtime::Describe() const {
  std::string s = database_->dialect() == store::Dialect::kSqlite ? "sqlite" : "postgres";
  s += embedded_kv_ != nullptr ? " + embedded kv/queue" : " + redis";
  return s;
}

core::Status Runtime::Ready() {
  if (auto st = database_->Ping(); !st) {
    return core::Unavailable("database unreachable: " + st.error().message);
  }
  if (auto st = key_value_->Ping(); !st) {
    return core::Unavailable("key-value store unreachable: " + st.error().message);
  }
  return core::Ok();
}

void Runtime::OpenOutbound() {
  std::call_once(outbound_once_, [this] {
    ingest::CurlHttpClientOptions options;
    options.ssrf = ingest::SsrfPolicyFromConfig(config_);
    http_client_ = std::make_unique<ingest::CurlHttpClient>(options);
    fetcher_ = std::make_unique<ingest::Fetcher>(*http_client_, clock_,
                                                 ingest::FetcherOptionsFromConfig(config_));
  });
}

ingest::HttpClient& Runtime::http_client() {
  OpenOutbound();
  return *http_client_;
}

ingest::Fetcher& Runtime::fetcher() {
  OpenOutbound();
  return *fetcher_;
}

}  // namespace leados::app
