#include "app/oversight_stack.h"

#include <unistd.h>

#include "api/admin_anomaly_routes.h"

namespace leados::app {

oversight::AnomalyThresholds AnomalyThresholdsFrom(const core::Config& config) {
  oversight::AnomalyThresholds t;
  t.burn_factor = config.GetDouble("anomaly.burn_factor");
  t.burn_min_credits = config.GetInt("anomaly.burn_min_credits");
  t.burn_new_account_credits = config.GetInt("anomaly.burn_new_account_credits");
  t.failed_signins_per_hour = config.GetInt("anomaly.failed_signins_per_hour");
  t.keys_per_day = config.GetInt("anomaly.keys_per_day");
  return t;
}

OversightStack::OversightStack(Runtime& rt, accounts::AuditLog& audit) {
  hourly_job_ = rt.config().GetBool("anomaly.hourly_job");
  flags_ = std::make_unique<oversight::AnomalyFlagStore>(rt.database(), rt.clock(), audit);
  detector_ = std::make_unique<oversight::AnomalyDetector>(rt.database(), rt.clock(), *flags_,
                                                           AnomalyThresholdsFrom(rt.config()));
  char host[256] = {};
  (void)gethostname(host, sizeof(host) - 1);
  job_ = std::make_unique<oversight::AnomalyJob>(
      *detector_, rt.key_value(), rt.clock(),
      oversight::AnomalyJobOptions{std::chrono::seconds(300),
                                   std::string(host) + ":" + std::to_string(getpid())});
}

OversightStack::~OversightStack() {
  Stop();
}

void OversightStack::RegisterRoutes(api::AccountsApi& api, http::Router& router) {
  api::AddAdminAnomalyRoutes(api, router, *flags_);
}

void OversightStack::Start() {
  if (hourly_job_) job_->Start();
}

void OversightStack::Stop() {
  if (job_) job_->Stop();
}

}  // namespace leados::app
