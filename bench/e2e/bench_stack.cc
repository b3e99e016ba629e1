#include "bench_stack.h"

#include <fmt/format.h>

#include "app/config_schema.h"
#include "core/crypto.h"
#include "core/encoding.h"
#include "deliver/endpoint_service.h"
#include "ingest/ssrf_guard.h"

namespace leados::bench::e2e {

core::Result<std::unique_ptr<BenchStack>> BenchStack::Open(const BackendChoice& choice) {
  std::unique_ptr<BenchStack> s(new BenchStack());
  s->config_ = core::Config::Defaults(app::ConfigSchema());
  core::Config& c = s->config_;
  const std::string src = "bench/e2e";
  c.Set("data.dir", choice.data_dir, src);
  c.Set("log.level", std::string("warn"), src);
  c.Set("database.url", choice.database_url, src);
  c.Set("kv.url", choice.redis_url, src);
  if (!choice.redis_url.empty()) {
    // One key space per run, so a Redis shared between runs starts empty.
    c.Set("kv.prefix", fmt::format("e2e{}:", core::HexEncode(core::RandomBytes(4))), src);
  }
  c.Set("score.model_path", choice.model_path, src);
  // PostgreSQL needs both keys configured; the embedded default would create them in data.dir.
  c.Set("security.master_key", core::Base64Encode(core::RandomBytes(32)), src);
  c.Set("pipeline.fingerprint_secret", core::HexEncode(core::RandomBytes(32)), src);
  // Webhook endpoints on 127.0.0.1 (the switch the deliver tests use).
  c.Set("deliver.allow_http_loopback", true, src);
  if (choice.endpoint_rate > 0)
    c.Set("deliver.endpoint_rate_per_second", choice.endpoint_rate, src);
  c.Set("deliver.dispatcher", choice.dispatcher, src);
  c.Set("pipeline.batch_commit", choice.batch_commit, src);
  if (choice.pipeline_workers > 0) {
    c.Set("pipeline.workers", int64_t{choice.pipeline_workers}, src);
  }
  // Make no outgoing requests of its own (supply scans' search APIs).
  c.Set("scan.hn_search_url", std::string(), src);
  c.Set("scan.reddit_api_url", std::string(), src);

  auto rt = app::Runtime::Open(c);
  if (!rt) return core::Fail(rt.error());
  s->runtime_ = std::move(*rt);
  app::Runtime& r = *s->runtime_;
  auto accounts = app::AccountsStack::Open(r);
  if (!accounts) return core::Fail(accounts.error());
  s->accounts_ = std::move(*accounts);
  auto campaigns =
      app::CampaignsStack::Open(r, (*s->accounts_)->audit(), (*s->accounts_)->accounts());
  if (!campaigns) return core::Fail(campaigns.error());
  s->campaigns_ = std::move(*campaigns);
  auto deliver = app::DeliverStack::Open(r, (*s->accounts_)->cipher(), (*s->accounts_)->accounts());
  if (!deliver) return core::Fail(deliver.error());
  s->deliver_ = std::move(*deliver);
  s->queue_sink_ = std::make_unique<app::QueueSignalSink>(r.queue());
  s->window_sink_ = std::make_unique<app::WindowSignalSink>(
      *s->queue_sink_, (*s->campaigns_)->recent_signals(), r.metrics());
  auto pipeline = app::PipelineStack::Open(r, **s->campaigns_, s->deliver_->get());
  if (!pipeline) return core::Fail(pipeline.error());
  s->pipeline_ = std::move(*pipeline);
  return s;
}

BenchStack::~BenchStack() {
  Stop();
}

core::Status BenchStack::Seed(const SeedPlan& plan) {
  app::Runtime& r = *runtime_;
  auto existing = r.database().Query("SELECT COUNT(*) FROM campaigns", {});
  if (!existing) return core::Fail(existing.error());
  if (!existing->empty() && existing->front().Int(0) > 0) {
    return core::Fail(core::Error{core::ErrorCode::kFailedPrecondition,
                                  "the database already holds campaigns: give the benchmark an "
                                  "empty database"});
  }
  // The endpoint rules the webhook API applies (src/app/deliver_stack.cc builds the same).
  ingest::SsrfGuard guard{ingest::SsrfPolicy{}};
  deliver::EndpointService endpoints(r.database(), r.clock(), (*accounts_)->cipher(), guard,
                                     deliver::EndpointServiceOptions{.allow_http_loopback = true});
  std::vector<std::string> account_ids;
  for (int a = 0; a < plan.accounts; ++a) {
    const std::string id = fmt::format("acct_e2e{:05d}", a);
    auto st = r.database().Exec(
        "INSERT INTO accounts (id, company_name, billing_address_enc, created_at) VALUES (?, ?, ?, "
        "?)",
        {id, fmt::format("Bench Client {}", a), std::string(""), int64_t{1}});
    if (!st) return core::Fail(st.error());
    deliver::NewEndpoint e;
    e.url = plan.receiver_base + id;
    e.description = "e2e bench receiver";
    e.event_types = {"lead.created"};
    auto ep = endpoints.Create(id, e);
    if (!ep) return core::Fail(ep.error());
    account_ids.push_back(id);
  }
  accounts::Actor actor;
  for (int i = 0; i < plan.campaigns; ++i) {
    campaigns::CampaignSpec spec;
    spec.name = fmt::format("bench campaign {}", i);
    spec.query = plan.queries[i % plan.queries.size()];
    spec.channels = {"webhook"};
    spec.status = campaigns::CampaignStatus::kActive;
    if (!plan.min_scores.empty()) spec.min_score = plan.min_scores[i % plan.min_scores.size()];
    auto made = (*campaigns_)->store().Create(account_ids[i % account_ids.size()], spec, actor);
    if (!made) {
      return core::Fail(
          core::Error{made.error().code,
                      fmt::format("campaign {} ({}): {}", i, spec.query, made.error().message)});
    }
  }
  auto version = (*campaigns_)->Reload();
  if (!version) return core::Fail(version.error());
  if (!(*campaigns_)->matcher().WaitForVersion(*version, std::chrono::seconds(120))) {
    return core::Fail(core::Error{core::ErrorCode::kDeadlineExceeded,
                                  "the matcher did not take the campaigns within 120 s"});
  }
  return core::Ok();
}

void BenchStack::Start() {
  if (started_) return;
  started_ = true;
  (*pipeline_)->Start();
  (*deliver_)->StartWorkers();
}

void BenchStack::Stop() {
  if (pipeline_ && *pipeline_) (*pipeline_)->Stop();
  if (deliver_ && *deliver_) (*deliver_)->Stop();
}

core::Status BenchStack::Publish(const ingest::Signal& s) {
  return window_sink_->Accept(s);
}

}  // namespace leados::bench::e2e
