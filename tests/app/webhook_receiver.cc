#include "webhook_receiver.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/json.h"
#include "core/metrics.h"
#include "deliver/standard_webhooks.h"
#include "http/router.h"
#include "http/server.h"

namespace leados::testing {

class WebhookReceiver::Impl {
 public:
  Impl() {
    router_.Add("POST", "/hook", http::Operation{.operation_id = "receiveWebhook"},
                [this](http::Request& req) { return Receive(req); });
    http::ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.threads = 4;
    options.access_log = false;
    server_ = std::make_unique<http::Server>(options, router_, metrics_, clock_);
    if (auto st = server_->Start(); !st) {
      ADD_FAILURE() << "webhook receiver cannot listen: " << st.error().message;
    }
  }
  ~Impl() { server_->Stop(); }

  http::Response Receive(http::Request& req) {
    ReceivedWebhook got;
    deliver::WebhookHeaders headers{
        std::string(req.headers.Get("webhook-id").value_or("")),
        std::string(req.headers.Get("webhook-timestamp").value_or("")),
        std::string(req.headers.Get("webhook-signature").value_or(""))};
    got.webhook_id = headers.id;
    std::string secret;
    {
      std::lock_guard lock(mu_);
      secret = secret_;
    }
    if (secret.empty()) {
      got.error = "request before the endpoint secret was known";
    } else if (auto ok = deliver::VerifyWebhook(secret, headers, req.body, clock_.Now()); !ok) {
      got.error = "signature: " + ok.error().message;
    }
    if (auto body = core::ParseJsonObject(req.body)) {
      got.event_type = core::StringOr(*body, "type");
      if (const auto* data = body->if_contains("data"); data && data->is_object()) {
        got.lead_id = core::StringOr(data->as_object(), "lead_id");
        if (const auto* s = data->as_object().if_contains("signal"); s && s->is_object()) {
          got.author = core::StringOr(s->as_object(), "author");
        }
      }
    } else if (got.error.empty()) {
      got.error = "body: " + body.error().message;
    }
    {
      std::lock_guard lock(mu_);
      if (got.error.empty() && got.event_type == "lead.created") leads_.insert(got.lead_id);
      received_.push_back(std::move(got));
    }
    return http::Response::Text(204, "");
  }

  void SetSecret(const std::string& secret) {
    std::lock_guard lock(mu_);
    secret_ = secret;
  }
  std::vector<ReceivedWebhook> Received() const {
    std::lock_guard lock(mu_);
    return received_;
  }
  size_t DistinctLeads() const {
    std::lock_guard lock(mu_);
    return leads_.size();
  }
  int port() const { return server_->port(); }

 private:
  core::SystemClock clock_;
  core::Metrics metrics_;
  http::Router router_;
  std::unique_ptr<http::Server> server_;
  mutable std::mutex mu_;  // guards secret_, received_, leads_
  std::string secret_;
  std::vector<ReceivedWebhook> received_;
  std::set<std::string> leads_;
};

WebhookReceiver::WebhookReceiver() : impl_(std::make_unique<Impl>()) {}
WebhookReceiver::~WebhookReceiver() = default;

std::string WebhookReceiver::url() const {
  return "http://127.0.0.1:" + std::to_string(impl_->port()) + "/hook";
}
void WebhookReceiver::SetSecret(const std::string& secret) { impl_->SetSecret(secret); }
std::vector<ReceivedWebhook> WebhookReceiver::Received() const { return impl_->Received(); }
size_t WebhookReceiver::DistinctLeads() const { return impl_->DistinctLeads(); }

}  // namespace leados::testing
