#include "app/worker.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <iostream>
#include <mutex>
#include <set>
#include <thread>

#include "app/accounts_stack.h"
#include "app/billing_stack.h"
#include "app/campaigns_stack.h"
#include "app/deliver_stack.h"
#include "app/digest_stack.h"
#include "app/pipeline_stack.h"
#include "app/queue_signal_sink.h"
#include "app/runtime.h"
#include "app/sources_stack.h"
#include "app/usage_stack.h"
#include "app/window_signal_sink.h"
#include "core/log.h"
#include "http/router.h"
#include "http/server.h"
#include "http/system_routes.h"

namespace leados::app {
namespace {

int CannotStart(const core::Error& e) {
  std::cerr << "leados: cannot start: " << e.message << "\n";
  return 1;
}

// Reloads the campaigns when their change stamp moves (campaign changes made through the API of
// another process), every `period`, until stopped.
class CampaignRefresher {
 public:
  CampaignRefresher(CampaignsStack& campaigns, std::chrono::seconds period)
      : campaigns_(campaigns), period_(period), thread_([this] { Loop(); }) {}
  ~CampaignRefresher() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  void Loop() {
    std::string last;
    auto stamp = campaigns_.store().ChangeStamp();
    if (stamp) last = *stamp;
    std::unique_lock lock(mu_);
    while (!cv_.wait_for(lock, period_, [this] { return stop_; })) {
      lock.unlock();
      auto now = campaigns_.store().ChangeStamp();
      if (!now) {
        core::log::Error("worker.campaign_stamp_failed", {{"error", now.error().message}});
      } else if (*now != last) {
        if (auto reloaded = campaigns_.Reload(); reloaded) {
          last = *now;
        } else {
          core::log::Error("campaigns.reload_failed", {{"error", reloaded.error().message}});
        }
      }
      lock.lock();
    }
  }

  CampaignsStack& campaigns_;
  std::chrono::seconds period_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace

int RunWorker(const CommonOptions& opts, const std::vector<std::string>& roles,
              const std::string& listen) {
  static const std::set<std::string> kRoles = {"ingest", "pipeline", "deliver"};
  std::set<std::string> want;
  for (const auto& r : roles) {
    if (!kRoles.contains(r)) {
      return ConfigError(core::Error{core::ErrorCode::kInvalidArgument,
                                     "--role: unknown role '" + r +
                                         "' (use ingest, pipeline or deliver)"});
    }
    want.insert(r);
  }
  if (want.empty()) {
    return ConfigError(core::Error{core::ErrorCode::kInvalidArgument,
                                   "--role: name at least one of ingest, pipeline, deliver"});
  }
  const std::string address = listen.empty() ? "127.0.0.1:0" : listen;
  if (auto bad = core::ValidateHostPort(address)) {
    return ConfigError(core::Error{core::ErrorCode::kInvalidArgument, "--listen: " + *bad});
  }
  auto config = LoadConfig(opts);
  if (!config) return ConfigError(config.error());
  core::log::SetLevel(core::log::ParseLevel(config->GetString("log.level")));
  const bool ingest = want.contains("ingest");
  const bool pipeline = want.contains("pipeline");
  const bool deliver = want.contains("deliver");
  // A role is an explicit order: it wins over the keys that keep `serve` instances from running
  // those workers (a shared leados.toml usually sets them to false for the API instances).
  if (ingest) config->Set("ingest.scheduler", true, "worker --role ingest");
  if (pipeline) config->Set("pipeline.enabled", true, "worker --role pipeline");
  if (deliver) config->Set("deliver.dispatcher", true, "worker --role deliver");

  auto runtime = Runtime::Open(*config);
  if (!runtime) return CannotStart(runtime.error());
  Runtime& rt = **runtime;
  auto accounts = AccountsStack::Open(rt);
  if (!accounts) return CannotStart(accounts.error());

  std::unique_ptr<CampaignsStack> campaigns;
  if (ingest || pipeline) {
    auto opened = CampaignsStack::Open(rt, (*accounts)->audit(), (*accounts)->accounts());
    if (!opened) return CannotStart(opened.error());
    campaigns = std::move(*opened);
  }
  std::unique_ptr<DeliverStack> delivery;
  if (deliver || pipeline) {  // the pipeline hands leads to the webhook deliveries
    auto opened = DeliverStack::Open(rt, (*accounts)->cipher(), (*accounts)->accounts());
    if (!opened) return CannotStart(opened.error());
    delivery = std::move(*opened);
  }
  // The email digest scheduler runs with the deliveries (one instance at a time: a lease).
  std::unique_ptr<DigestStack> digest;
  if (deliver) {
    auto opened = DigestStack::Open(rt, (*accounts)->audit(), (*accounts)->accounts(),
                                    (*accounts)->outbox_worker());
    if (!opened) return CannotStart(opened.error());
    digest = std::move(*opened);
  }
  std::unique_ptr<QueueSignalSink> queue_sink;
  std::unique_ptr<WindowSignalSink> signal_sink;
  std::unique_ptr<SourcesStack> sources;
  if (ingest) {
    queue_sink = std::make_unique<QueueSignalSink>(rt.queue());
    signal_sink = std::make_unique<WindowSignalSink>(*queue_sink, campaigns->recent_signals(),
                                                     rt.metrics());
    auto opened = SourcesStack::Open(rt, (*accounts)->admins(), signal_sink.get());
    if (!opened) return CannotStart(opened.error());
    sources = std::move(*opened);
  }
  std::unique_ptr<PipelineStack> leads;
  std::unique_ptr<BillingStack> billing;
  if (pipeline) {
    auto billed = BillingStack::Open(rt, **accounts, delivery.get());
    if (!billed) return CannotStart(billed.error());
    billing = std::move(*billed);
    auto opened = PipelineStack::Open(rt, *campaigns, delivery.get(), billing.get());
    if (!opened) return CannotStart(opened.error());
    leads = std::move(*opened);
  }

  // Usage (src/usage): this worker's webhook outcomes and credits consumed. The hourly roll-up is
  // left to `leados serve` (it is idempotent, but once is enough).
  auto usage = UsageStack::Open(rt, /*rollup_job=*/false);
  if (!usage) return CannotStart(usage.error());
  if (delivery) (*usage)->ConnectDeliveries(delivery->recorder());
  if (leads) leads->SetUsageSink(&(*usage)->recorder());

  http::Router router;
  http::OpenApiInfo info;
  info.title = "LeadOS worker";
  info.version = LEADOS_VERSION;
  http::AddSystemRoutes(router, rt.metrics(), [&rt] { return rt.Ready(); }, info);
  http::ServerOptions options;
  options.listen = address;
  options.threads = 1;
  options.access_log = false;
  http::Server server(options, router, rt.metrics(), rt.clock());
  if (auto st = server.Start(); !st) {
    std::cerr << "leados: cannot listen on " << address << ": " << st.error().message << "\n";
    return 1;
  }
  server.StopOnSignals({SIGTERM, SIGINT});
  (*usage)->Start();
  if (sources) sources->StartScheduler();
  std::unique_ptr<CampaignRefresher> refresher;
  if (leads) {
    leads->Start();
    billing->Start();
    refresher = std::make_unique<CampaignRefresher>(
        *campaigns, std::chrono::seconds(config->GetInt("pipeline.campaign_refresh_seconds")));
  }
  if (deliver) {
    delivery->StartWorkers();
    // Deliver workers also send the outbox (digests and service emails): with several senders
    // each row is still claimed by one.
    (*accounts)->StartWorkers();
    digest->Start();
  }
  std::string names;
  for (const auto& r : want) names += (names.empty() ? "" : ",") + r;
  const std::string host = address.substr(0, address.rfind(':'));
  const std::string url = "http://" + host + ":" + std::to_string(server.port());
  core::log::Info("worker.started", {{"roles", names}, {"url", url}, {"backends", rt.Describe()}});
  std::cout << "LeadOS worker (" << names << ") listening on " << url << "  (" << rt.Describe()
            << ")" << std::endl;
  server.Wait();
  if (sources) sources->Stop();
  refresher.reset();
  if (billing) billing->Stop();
  if (leads) leads->Stop();
  if (digest) digest->Stop();
  if (delivery) delivery->Stop();
  (*usage)->Stop();  // after the workers that record: flushes the last events
  core::log::Info("worker.stopped", {{"roles", names}});
  return 0;
}

}  // namespace leados::app
