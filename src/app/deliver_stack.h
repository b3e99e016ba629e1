#pragma once
// DeliverStack: webhook delivery behind `leados serve`: the endpoint service (secrets through the
// accounts stack's FieldCipher, URLs vetted by an SSRF guard), the delivery store and service
// (bodies in the Runtime's KeyValue), the retry policy, the attempt recorder (emails the account's
// owners through the outbox), the dispatcher on its own CurlMultiTransport (libcurl multi), and the
// HTTP routes.
// Configuration: the deliver.* keys (docs/configuration.md).

#include <memory>

#include "accounts/account_service.h"
#include "api/accounts_api.h"
#include "app/runtime.h"
#include "deliver/attempt_recorder.h"
#include "deliver/curl_multi_transport.h"
#include "deliver/delivery_service.h"
#include "deliver/delivery_store.h"
#include "deliver/endpoint_service.h"
#include "deliver/retry_policy.h"
#include "deliver/webhook_dispatcher.h"
#include "http/router.h"
#include "ingest/ssrf_guard.h"
#include "privacy/field_cipher.h"

namespace leados::app {

class DeliverStack {
 public:
  // Every reference must outlive the stack.
  static core::Result<std::unique_ptr<DeliverStack>> Open(Runtime& runtime,
                                                          const privacy::FieldCipher& cipher,
                                                          accounts::AccountService& accounts);
  ~DeliverStack();

  // Adds the webhook and delivery routes behind `api`'s pipeline (before the router is frozen).
  void RegisterRoutes(api::AccountsApi& api, http::Router& router);
  // Starts the dispatcher loop when deliver.dispatcher is true. Stopped by Stop or the destructor.
  void StartWorkers();
  void Stop();

  // What the pipeline calls to emit events (DeliveryService::Enqueue), then Wake.
  deliver::DeliveryService& deliveries() { return *service_; }
  deliver::WebhookDispatcher& dispatcher() { return *dispatcher_; }
  // Where the lead pipeline hears that a lead's delivery ended (set before StartWorkers).
  deliver::AttemptRecorder& recorder() { return *recorder_; }
  // The endpoints (the demo setup makes its receiver's endpoint through it).
  deliver::EndpointService& endpoints() { return *endpoints_; }

 private:
  DeliverStack() = default;
  const core::Config* config_ = nullptr;
  std::unique_ptr<ingest::SsrfGuard> guard_;
  std::unique_ptr<deliver::CurlMultiTransport> transport_;
  std::unique_ptr<deliver::EndpointService> endpoints_;
  std::unique_ptr<deliver::DeliveryStore> store_;
  std::unique_ptr<deliver::DeliveryService> service_;
  std::unique_ptr<deliver::RetryPolicy> policy_;
  std::unique_ptr<deliver::AttemptRecorder> recorder_;
  std::unique_ptr<deliver::WebhookDispatcher> dispatcher_;
};

}  // namespace leados::app
