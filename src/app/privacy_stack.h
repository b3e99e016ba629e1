#pragma once
// PrivacyStack: rights requests and the suppression list inside a LeadOS process (issue 9).
//
// Why here and not in src/privacy: privacy sits low in the module order (below notify, pipeline
// and deliver), so the parts that need those live in the composition root:
//  - PrivacySuppressionList: pipeline::SuppressionList over privacy::SuppressionStore. For each
//    matched (campaign, signal) it hashes the author's identities (privacy::AuthorIdentities:
//    the handle "<source>:<author>", an email address in the author field, the profile URL) in
//    both forms — keyed (HMAC with the key derived from the fingerprint secret) and DROP (SHA-256
//    base64, for emails) — and asks the list once. The list is global: a suppressed person is
//    dropped for every account. PipelineStack builds one for every process that runs the pipeline.
//  - LeadRightsExecutor: privacy::RightsExecutor over the pipeline and deliver. The leads about a
//    person are found WITHOUT scanning the KV store: a lead's SQL row carries its fingerprint,
//    HMAC(fingerprint secret, account + identity) with identity "author:<source>:<handle>"
//    (pipeline/fingerprint.h), so for every account with leads we compute the fingerprints of
//    the person's identities (a handle: that source; an email: as author on hn, reddit and rss)
//    and select those leads (index leads_fingerprint, migration 0120). Erase deletes each lead's
//    payload ("lead:payload:<id>") and the bodies of its webhook events ("webhook:payload:<evt>"),
//    marks the payloads deleted, then in ONE transaction: a `lead.erasure_requested` webhook
//    event per delivered lead (data: lead_id, campaign_id, requested_at — no personal data) to
//    the account's subscribed endpoints, one email per account owner listing the lead ids
//    (template lead_erasure_requested), the person on the suppression list and the request
//    closed. Held leads (never delivered) are erased but not announced.
//  - OutboxRightsMailer: privacy::RightsMailer over the notify outbox (templates
//    privacy_request_verify, privacy_access_answer).
// Limits: a person named only inside someone else's post text, or a profile URL of a site that
// is not a known handle site (url:… identities), has no lead fingerprint: such a deletion only
// suppresses. Digest email bodies waiting in the outbox (notify:body:…, sent within minutes) are
// not searched.

#include <memory>

#include "accounts/account_service.h"
#include "accounts/audit_log.h"
#include "api/accounts_api.h"
#include "app/runtime.h"
#include "deliver/delivery_service.h"
#include "http/router.h"
#include "notify/outbox.h"
#include "notify/templates.h"
#include "pipeline/fingerprint.h"
#include "pipeline/lead_store.h"
#include "pipeline/payload_store.h"
#include "pipeline/ports.h"
#include "privacy/field_cipher.h"
#include "privacy/identity.h"
#include "privacy/rights_service.h"
#include "privacy/suppression_store.h"

namespace leados::app {

class PrivacySuppressionList final : public pipeline::SuppressionList {
 public:
  // Both must outlive the list. Thread-safe.
  PrivacySuppressionList(privacy::SuppressionStore& store, const privacy::IdentityHasher& hasher)
      : store_(store), hasher_(hasher) {}
  // True when any identity of the signal's author is on the list (whatever the account).
  core::Result<bool> Suppressed(std::string_view account_id,
                                const ingest::Signal& signal) const override;

 private:
  privacy::SuppressionStore& store_;
  const privacy::IdentityHasher& hasher_;
};

// The identity hasher of a process: keyed with the fingerprint secret (FingerprintSecret).
core::Result<privacy::IdentityHasher> OpenIdentityHasher(const core::Config& config);

struct RightsExecutorParts {
  store::Database& db;
  const core::Clock& clock;
  pipeline::LeadStore& leads;
  pipeline::PayloadStore& payloads;
  const pipeline::Fingerprinter& fingerprinter;
  deliver::DeliveryService* deliveries;  // null: no webhook events (the process has no deliver)
  notify::Outbox& outbox;
  const notify::EmailTemplates& templates;
  accounts::AccountService& accounts;
};

class LeadRightsExecutor final : public privacy::RightsExecutor {
 public:
  explicit LeadRightsExecutor(RightsExecutorParts parts) : p_(parts) {}
  core::Result<core::json::object> Inventory(const privacy::Identity& identity) override;
  core::Result<core::json::object> Erase(const privacy::Identity& identity,
                                         std::string_view request_id,
                                         const Finish& finish) override;

  // The leads about `identity` in every account (see above).
  core::Result<std::vector<pipeline::LeadRecord>> LeadsAbout(const privacy::Identity& identity);

 private:
  RightsExecutorParts p_;
};

class OutboxRightsMailer final : public privacy::RightsMailer {
 public:
  OutboxRightsMailer(notify::Outbox& outbox, const notify::EmailTemplates& templates)
      : outbox_(outbox), templates_(templates) {}
  core::Status SendVerification(store::SqlSession& tx, const privacy::RightsRequest& request,
                                std::string_view to, std::string_view link) override;
  core::Status SendAccessAnswer(store::SqlSession& tx, const privacy::RightsRequest& request,
                                std::string_view to, const core::json::object& answer) override;

 private:
  notify::Outbox& outbox_;
  const notify::EmailTemplates& templates_;
};

class PipelineStack;
class DeliverStack;

class PrivacyStack {
 public:
  // Everything given must outlive the stack. `deliver` may be null (no webhook events).
  static core::Result<std::unique_ptr<PrivacyStack>> Open(Runtime& rt,
                                                          const privacy::FieldCipher& cipher,
                                                          accounts::AccountService& accounts,
                                                          PipelineStack& pipeline,
                                                          DeliverStack* deliver);

  // submitPrivacyRequest, verifyPrivacyRequest and the admin queue (api/privacy_routes.h).
  void RegisterRoutes(api::AccountsApi& api, http::Router& router, accounts::AuditLog& audit);

  privacy::RightsService& rights() { return *rights_; }
  privacy::SuppressionStore& suppression() { return *suppression_; }

 private:
  PrivacyStack() = default;
  Runtime* rt_ = nullptr;
  std::unique_ptr<privacy::IdentityHasher> hasher_;
  std::unique_ptr<privacy::SuppressionStore> suppression_;
  std::unique_ptr<notify::Outbox> outbox_;
  std::unique_ptr<notify::EmailTemplates> templates_;
  std::unique_ptr<OutboxRightsMailer> mailer_;
  std::unique_ptr<LeadRightsExecutor> executor_;
  std::unique_ptr<privacy::RightsService> rights_;
};

}  // namespace leados::app
