#pragma once
// DigestStack: the email digest channel inside a LeadOS process (`leados serve`, `leados worker
// --role deliver`): the DigestService over the Runtime's database and KV store, the campaigns'
// digest frequency (CampaignStore), the account owners' verified addresses (AccountService) as
// recipients, the outbox with the bodies in the KV store, and the outbox worker woken after each
// digest. Configuration: the digest.* keys (docs/configuration.md).

#include <memory>

#include "accounts/account_service.h"
#include "accounts/audit_log.h"
#include "app/runtime.h"
#include "campaigns/campaign_store.h"
#include "core/result.h"
#include "notify/outbox.h"
#include "notify/outbox_body_store.h"
#include "notify/outbox_worker.h"
#include "notify/templates.h"
#include "pipeline/digest_period_store.h"
#include "pipeline/digest_service.h"
#include "pipeline/lead_service.h"
#include "pipeline/lead_store.h"
#include "pipeline/payload_store.h"

namespace leados::app {

class DigestStack {
 public:
  // Every reference must outlive the stack. `outbox_worker` is woken after a digest is enqueued
  // (it must have been given an OutboxBodyStore to send digests: AccountsStack's has).
  static core::Result<std::unique_ptr<DigestStack>> Open(Runtime& runtime,
                                                         accounts::AuditLog& audit,
                                                         accounts::AccountService& accounts,
                                                         notify::OutboxWorker& outbox_worker);
  ~DigestStack();  // Stop()

  // Starts the scheduler thread when digest.enabled. Idempotent.
  void Start();
  void Stop();

  pipeline::DigestService& service() { return *service_; }

 private:
  DigestStack() = default;

  bool enabled_ = true;
  std::unique_ptr<campaigns::CampaignStore> campaigns_;
  std::unique_ptr<pipeline::LeadStore> leads_;
  std::unique_ptr<pipeline::PayloadStore> payloads_;
  std::unique_ptr<pipeline::LeadService> lead_service_;
  std::unique_ptr<pipeline::DigestPeriodStore> periods_;
  std::unique_ptr<notify::Outbox> outbox_;
  std::unique_ptr<notify::OutboxBodyStore> bodies_;
  std::unique_ptr<notify::EmailTemplates> templates_;
  std::unique_ptr<pipeline::DigestService> service_;
};

}  // namespace leados::app
