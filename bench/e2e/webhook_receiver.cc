#include "webhook_receiver.h"

#include "signal_corpus.h"

namespace leados::bench::e2e {

core::Result<std::unique_ptr<WebhookReceiver>> WebhookReceiver::Start(int threads) {
  std::unique_ptr<WebhookReceiver> r(new WebhookReceiver());
  r->router_.Add("POST", "/hook/{account}",
                 http::Operation{.operation_id = "receiveWebhook", .summary = "bench receiver"},
                 [p = r.get()](http::Request& req) { return p->Handle(req); });
  http::ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.threads = threads;
  options.access_log = false;
  options.shutdown_grace = std::chrono::seconds(1);
  r->server_ = std::make_unique<http::Server>(options, r->router_, r->metrics_, r->clock_);
  if (auto st = r->server_->Start(); !st) return core::Fail(st.error());
  return r;
}

WebhookReceiver::~WebhookReceiver() {
  if (server_) server_->Stop();
}

uint16_t WebhookReceiver::port() const {
  return server_->port();
}

http::Response WebhookReceiver::Handle(http::Request& req) {
  Arrival a;
  a.at = std::chrono::steady_clock::now();
  received_.fetch_add(1, std::memory_order_relaxed);
  if (FindSignalIndex(req.body, &a.tag, &a.index)) {
    std::lock_guard lock(mu_);
    arrivals_.push_back(a);
  } else {
    unmatched_.fetch_add(1, std::memory_order_relaxed);
  }
  http::Response r;
  r.status = 204;
  return r;
}

std::vector<Arrival> WebhookReceiver::Arrivals() const {
  std::lock_guard lock(mu_);
  return arrivals_;
}

}  // namespace leados::bench::e2e
