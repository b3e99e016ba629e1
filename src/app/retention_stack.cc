#include "app/retention_stack.h"

#include <unistd.h>

#include "api/account_closure_routes.h"
#include "api/admin_retention_routes.h"
#include "pipeline/fingerprint.h"
#include "retention/retention_policy.h"

namespace leados::app {

core::Result<retention::RetentionPeriods> RetentionPeriodsFrom(const core::Config& config) {
  std::map<std::string, int64_t> days;
  for (const auto& rule : retention::RetentionPolicy()) {
    days[std::string(rule.key)] = config.GetInt("retention." + std::string(rule.key) + "_days");
  }
  return retention::RetentionPeriods::FromDays(days);
}

retention::RetentionOptions RetentionOptionsFrom(const core::Config& config) {
  retention::RetentionOptions options;
  options.usage_events_days = config.GetInt("usage.raw_retention_days");
  return options;
}

retention::KvTtls KvTtlsFrom(const core::Config& config) {
  retention::KvTtls t;
  t.fingerprint_seconds =
      std::chrono::duration_cast<std::chrono::seconds>(pipeline::FingerprintRegistry::kDefaultTtl)
          .count();
  t.payload_seconds = config.GetInt("pipeline.payload_ttl_days") * 86'400;
  t.webhook_body_seconds = config.GetInt("deliver.payload_ttl_days") * 86'400;
  t.digest_body_seconds = config.GetInt("digest.body_ttl_hours") * 3'600;
  return t;
}

core::Result<std::unique_ptr<RetentionStack>> RetentionStack::Open(Runtime& rt,
                                                                   AccountsStack& accounts) {
  const core::Config& config = rt.config();
  auto periods = RetentionPeriodsFrom(config);
  if (!periods) return core::Fail(periods.error());
  const retention::KvTtls ttls = KvTtlsFrom(config);
  if (auto ok = retention::CheckKvTtls(*periods, ttls); !ok) return core::Fail(ok.error());
  std::unique_ptr<RetentionStack> s(new RetentionStack());
  s->daily_job_ = config.GetBool("retention.daily_job");
  s->db_ = &rt.database();
  s->clock_ = &rt.clock();
  s->periods_ = *periods;
  s->run_log_ = std::make_unique<retention::RetentionRunLog>(rt.database(), rt.clock());
  s->outbox_ = std::make_unique<notify::Outbox>(rt.clock());
  s->engine_ = std::make_unique<retention::RetentionEngine>(
      rt.database(), rt.clock(), accounts.audit(), *periods, ttls, RetentionOptionsFrom(config));
  char host[256] = {};
  (void)gethostname(host, sizeof(host) - 1);
  s->job_ = std::make_unique<retention::RetentionJob>(
      *s->engine_, rt.key_value(), rt.clock(),
      retention::RetentionJobOptions{std::chrono::seconds(3600),
                                     std::string(host) + ":" + std::to_string(getpid())},
      s->run_log_.get());
  retention::ClosureOptions closure;
  closure.grace_days = periods->Days(retention::Category::kAccountData);
  closure.public_url = config.GetString("server.public_url").empty()
                           ? PublicOrigin(config)
                           : config.GetString("server.public_url");
  s->closure_ = std::make_unique<retention::AccountClosure>(
      rt.database(), rt.clock(), accounts.accounts(), accounts.audit(), *s->outbox_, closure);
  s->export_ =
      std::make_unique<retention::AccountExport>(rt.database(), rt.clock(), accounts.accounts());
  return s;
}

RetentionStack::~RetentionStack() {
  Stop();
}

void RetentionStack::RegisterRoutes(api::AccountsApi& api, http::Router& router,
                                    std::function<void(const std::string& account_id)> on_change) {
  api::AddAccountClosureRoutes(api, router, *closure_, *export_, std::move(on_change));
}

void RetentionStack::RegisterAdminRoutes(api::AccountsApi& api, http::Router& router) {
  api::AddAdminRetentionRoutes(api, router, *db_, *clock_, periods_);
}

void RetentionStack::Start() {
  if (daily_job_) job_->Start();
}

void RetentionStack::Stop() {
  if (job_) job_->Stop();
}

}  // namespace leados::app
