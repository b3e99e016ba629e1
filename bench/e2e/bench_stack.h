#pragma once
// BenchStack: a LeadOS process as `leados serve` builds it — Runtime, AccountsStack,
// CampaignsStack, DeliverStack and PipelineStack, with new signals entering through the same
// WindowSignalSink → QueueSignalSink chain ingest uses — minus the HTTP server and the source
// scheduler (the benchmark publishes the signals itself). Seed() creates the accounts, one
// webhook endpoint per account pointing at the local receiver, and the campaigns, all active and
// delivering by webhook. Not thread-safe except Publish (as thread-safe as the queue).

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/accounts_stack.h"
#include "app/campaigns_stack.h"
#include "app/deliver_stack.h"
#include "app/pipeline_stack.h"
#include "app/queue_signal_sink.h"
#include "app/runtime.h"
#include "app/window_signal_sink.h"
#include "core/result.h"
#include "ingest/signal.h"

namespace leados::bench::e2e {

struct BackendChoice {
  std::string data_dir;      // a fresh temporary folder
  std::string database_url;  // empty: SQLite in data_dir; else libpq keywords or postgresql://…
  std::string redis_url;     // empty: embedded KV/queue; else redis://…
  std::string model_path;    // the intent model (score.model_path)
  double endpoint_rate = 0;  // deliver.endpoint_rate_per_second; 0 keeps the default
  int pipeline_workers = 0;  // pipeline.workers; 0 keeps the default
  bool dispatcher = true;    // deliver.dispatcher: false measures the pipeline alone
  bool batch_commit = true;  // pipeline.batch_commit
};

struct SeedPlan {
  int accounts = 100;
  int campaigns = 1000;              // spread round-robin over the accounts
  std::string receiver_base;         // "http://127.0.0.1:PORT/hook/"
  std::vector<std::string> queries;  // one per campaign
  std::vector<double> min_scores;    // cycled over the campaigns
};

class BenchStack {
 public:
  // Opens every stack (applying migrations). Errors: the stacks' own.
  static core::Result<std::unique_ptr<BenchStack>> Open(const BackendChoice& choice);
  ~BenchStack();

  // Creates accounts, endpoints and campaigns and waits until the matcher and the pipeline hold
  // them. kFailedPrecondition when the database already has campaigns (needs an empty one).
  core::Status Seed(const SeedPlan& plan);
  // Starts the pipeline workers and the webhook dispatcher, as serve does after listening.
  void Start();
  void Stop();
  // Publishes one signal the way ingest does (recent-signal window, then the "signals" topic).
  core::Status Publish(const ingest::Signal& s);

  app::Runtime& runtime() { return *runtime_; }
  app::CampaignsStack& campaigns() { return **campaigns_; }
  std::string Describe() const { return runtime_->Describe(); }

 private:
  BenchStack() = default;
  core::Config config_;
  std::unique_ptr<app::Runtime> runtime_;
  std::optional<std::unique_ptr<app::AccountsStack>> accounts_;
  std::optional<std::unique_ptr<app::CampaignsStack>> campaigns_;
  std::optional<std::unique_ptr<app::DeliverStack>> deliver_;
  std::optional<std::unique_ptr<app::PipelineStack>> pipeline_;
  std::unique_ptr<app::QueueSignalSink> queue_sink_;
  std::unique_ptr<app::WindowSignalSink> window_sink_;
  bool started_ = false;
};

}  // namespace leados::bench::e2e
