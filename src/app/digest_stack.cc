#include "app/digest_stack.h"

#include <fmt/format.h>
#include <unistd.h>

#include "app/accounts_stack.h"

namespace leados::app {

core::Result<std::unique_ptr<DigestStack>> DigestStack::Open(Runtime& rt, accounts::AuditLog& audit,
                                                             accounts::AccountService& accounts,
                                                             notify::OutboxWorker& outbox_worker) {
  const core::Config& config = rt.config();
  std::unique_ptr<DigestStack> s(new DigestStack());
  s->enabled_ = config.GetBool("digest.enabled");
  const auto payload_ttl = std::chrono::hours(24 * config.GetInt("pipeline.payload_ttl_days"));
  s->campaigns_ = std::make_unique<campaigns::CampaignStore>(rt.database(), rt.clock(), audit);
  s->leads_ = std::make_unique<pipeline::LeadStore>(rt.database());
  s->payloads_ = std::make_unique<pipeline::PayloadStore>(rt.key_value(), payload_ttl);
  s->lead_service_ = std::make_unique<pipeline::LeadService>(*s->leads_, *s->payloads_, rt.clock());
  s->periods_ = std::make_unique<pipeline::DigestPeriodStore>(rt.database());
  s->outbox_ = std::make_unique<notify::Outbox>(rt.clock());
  // A digest body never outlives the payloads it quotes.
  s->bodies_ = std::make_unique<notify::OutboxBodyStore>(
      rt.key_value(), std::min<std::chrono::seconds>(
                          std::chrono::hours(config.GetInt("digest.body_ttl_hours")), payload_ttl));
  s->templates_ = std::make_unique<notify::EmailTemplates>();

  pipeline::DigestOptions options;
  options.daily_hour_utc = static_cast<int>(config.GetInt("digest.daily_hour_utc"));
  options.max_leads_per_email = static_cast<int>(config.GetInt("digest.max_leads_per_email"));
  options.tick = std::chrono::seconds(config.GetInt("digest.tick_seconds"));
  options.portal_url = config.GetString("digest.portal_url");
  if (options.portal_url.empty()) {
    const std::string origin = config.GetString("server.public_url").empty()
                                   ? PublicOrigin(config)
                                   : config.GetString("server.public_url");
    options.portal_url = origin + "/leads";
  }
  char host[256] = {};
  gethostname(host, sizeof(host) - 1);
  options.owner = fmt::format("{}:{}", host, getpid());

  campaigns::CampaignStore* store = s->campaigns_.get();
  pipeline::DigestParts parts{
      rt.database(),
      rt.key_value(),
      *s->leads_,
      *s->lead_service_,
      *s->payloads_,
      *s->periods_,
      *s->outbox_,
      *s->bodies_,
      *s->templates_,
      [store](std::string_view account_id, std::string_view campaign_id)
          -> core::Result<std::optional<pipeline::DigestCampaign>> {
        auto campaign = store->Get(account_id, campaign_id);
        if (!campaign) {
          if (campaign.error().code == core::ErrorCode::kNotFound) {
            return std::optional<pipeline::DigestCampaign>();
          }
          return core::Fail(campaign.error());
        }
        return std::optional<pipeline::DigestCampaign>(pipeline::DigestCampaign{
            campaign->spec.name, pipeline::ParseDigestFrequency(campaign->spec.digest)
                                     .value_or(pipeline::DigestFrequency::kDaily)});
      },
      [&accounts](std::string_view account_id) { return accounts.OwnerEmails(account_id); },
      rt.clock(),
      [&outbox_worker] { outbox_worker.Wake(); }};
  s->service_ = std::make_unique<pipeline::DigestService>(std::move(parts), options);
  return s;
}

DigestStack::~DigestStack() {
  Stop();
}

void DigestStack::Start() {
  if (enabled_) service_->Start();
}

void DigestStack::Stop() {
  if (service_) service_->Stop();
}

}  // namespace leados::app
