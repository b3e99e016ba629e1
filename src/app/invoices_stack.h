#pragma once
// InvoicesStack: invoices and object storage inside a LeadOS process: the object store chosen by
// billing.object_store (a folder, by default <data.dir>/objects, or S3 with billing.s3.*), the
// billing profiles, the InvoiceService (seller from billing.seller.*, numbers with
// billing.invoice_prefix, PDFs in billing.invoice_font), the invoice routes, and a background
// thread that stores PDFs left pending by a failed upload (every minute).
//
// Without a billing profile, an invoice is made out to the company name and free-text address
// typed at sign-up (AccountService::GetAccount).

#include <memory>

#include "accounts/account_service.h"
#include "api/accounts_api.h"
#include "app/runtime.h"
#include "billing/billing_profile.h"
#include "billing/invoice_attachments.h"
#include "billing/invoice_service.h"
#include "billing/object_store.h"
#include "core/config.h"
#include "core/periodic_task.h"
#include "core/result.h"
#include "http/router.h"
#include "ingest/http_client.h"

namespace leados::app {

// The object store the configuration names (kInvalidArgument naming a bad billing.* key).
// `http` is used for S3 and must outlive the store.
core::Result<std::unique_ptr<billing::ObjectStore>> OpenObjectStore(const core::Config& config,
                                                                    ingest::HttpClient& http,
                                                                    const core::Clock& clock);

// The seller block printed on invoices, from billing.seller.*.
std::vector<std::string> SellerLines(const core::Config& config);

class InvoicesStack {
 public:
  // Every reference must outlive the stack.
  static core::Result<std::unique_ptr<InvoicesStack>> Open(Runtime& runtime,
                                                           accounts::AccountService& accounts);
  ~InvoicesStack();  // Stop()

  void RegisterRoutes(api::AccountsApi& api, http::Router& router);
  // Starts the pending-PDF thread. Idempotent.
  void Start();
  void Stop();

  billing::InvoiceService& invoices() { return *invoices_; }
  billing::BillingProfileStore& profiles() { return *profiles_; }
  billing::ObjectStore& objects() { return *objects_; }
  // The outbox's source of invoice PDFs (the purchase receipt's attachment).
  notify::AttachmentSource& attachments() { return *attachments_; }

 private:
  InvoicesStack() = default;

  std::unique_ptr<ingest::CurlHttpClient> http_;
  std::unique_ptr<billing::ObjectStore> objects_;
  std::unique_ptr<billing::BillingProfileStore> profiles_;
  std::unique_ptr<billing::InvoiceAttachments> attachments_;
  std::unique_ptr<billing::InvoiceService> invoices_;
  core::PeriodicTask task_;
};

}  // namespace leados::app
