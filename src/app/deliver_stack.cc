#include "app/deliver_stack.h"

#include <fmt/format.h>
#include <unistd.h>

#include <random>

#include "api/webhook_routes.h"

namespace leados::app {

core::Result<std::unique_ptr<DeliverStack>> DeliverStack::Open(Runtime& rt,
                                                               const privacy::FieldCipher& cipher,
                                                               accounts::AccountService& accounts) {
  const core::Config& config = rt.config();
  std::unique_ptr<DeliverStack> s(new DeliverStack());
  s->config_ = &rt.config();
  const bool loopback = config.GetBool("deliver.allow_http_loopback");
  // The endpoint rules vet every URL with a strict guard (loopback literals pass only with
  // deliver.allow_http_loopback); the transport connects only to the addresses vetted there.
  s->guard_ = std::make_unique<ingest::SsrfGuard>(ingest::SsrfPolicy{});
  s->transport_ = std::make_unique<deliver::CurlMultiTransport>();
  s->endpoints_ = std::make_unique<deliver::EndpointService>(
      rt.database(), rt.clock(), cipher, *s->guard_,
      deliver::EndpointServiceOptions{.allow_http_loopback = loopback});
  s->store_ = std::make_unique<deliver::DeliveryStore>(rt.database(), rt.clock());
  s->service_ = std::make_unique<deliver::DeliveryService>(
      rt.database(), rt.key_value(), rt.clock(), *s->endpoints_, *s->store_,
      deliver::DeliveryServiceOptions{
          .payload_ttl = std::chrono::hours(24 * config.GetInt("deliver.payload_ttl_days"))});
  s->policy_ =
      std::make_unique<deliver::RetryPolicy>(deliver::SeededUniform(std::random_device{}()));
  s->recorder_ = std::make_unique<deliver::AttemptRecorder>(
      rt.database(), rt.clock(), *s->store_, *s->endpoints_, *s->service_, *s->policy_,
      [&accounts](std::string_view account_id) { return accounts.OwnerEmails(account_id); });
  char host[256] = {};
  gethostname(host, sizeof(host) - 1);
  deliver::DispatcherOptions options;
  options.request_timeout = std::chrono::milliseconds(config.GetInt("deliver.webhook_timeout_ms"));
  options.endpoint_concurrency = static_cast<int>(config.GetInt("deliver.endpoint_concurrency"));
  options.endpoint_rate_per_second = config.GetDouble("deliver.endpoint_rate_per_second");
  options.max_in_flight = static_cast<int>(config.GetInt("deliver.max_in_flight"));
  options.lease = options.request_timeout +
                  std::chrono::seconds(config.GetInt("deliver.lease_grace_seconds"));
  options.owner = fmt::format("{}:{}", host, getpid());
  s->dispatcher_ = std::make_unique<deliver::WebhookDispatcher>(*s->store_, *s->endpoints_,
                                                                rt.key_value(), *s->transport_,
                                                                *s->recorder_, rt.clock(), options);
  return s;
}

DeliverStack::~DeliverStack() {
  Stop();
}

void DeliverStack::RegisterRoutes(api::AccountsApi& api, http::Router& router) {
  api::AddWebhookRoutes(api, router, *endpoints_, *service_,
                        [d = dispatcher_.get()] { d->Wake(); });
}

void DeliverStack::StartWorkers() {
  if (config_->GetBool("deliver.dispatcher")) dispatcher_->Start();
}

void DeliverStack::Stop() {
  if (dispatcher_) dispatcher_->Stop();
}

}  // namespace leados::app
