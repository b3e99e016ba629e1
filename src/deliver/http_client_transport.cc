#include "deliver/http_client_transport.h"

namespace leados::deliver {

void HttpClientTransport::Start(WebhookRequest request, Done done) {
  queued_.emplace_back(std::move(request), std::move(done));
}

std::size_t HttpClientTransport::Poll(std::chrono::milliseconds wait) {
  if (queued_.empty()) {
    std::unique_lock lock(wake_mu_);
    wake_cv_.wait_for(lock, wait, [this] { return woken_; });
    woken_ = false;
    return 0;
  }
  std::size_t finished = 0;
  while (!queued_.empty()) {
    auto [request, done] = std::move(queued_.front());
    queued_.pop_front();
    ingest::HttpRequest req;
    req.method = "POST";
    req.url = request.url;
    req.headers = std::move(request.headers);
    req.body = std::move(request.body);
    req.timeout = request.timeout;
    req.max_redirects = 0;
    auto response = http_.Send(req);
    if (response && response->body.size() > kKeptResponseBytes) {
      response->body.resize(kKeptResponseBytes);
    }
    done(std::move(response));
    ++finished;
  }
  return finished;
}

void HttpClientTransport::Wakeup() {
  {
    std::lock_guard lock(wake_mu_);
    woken_ = true;
  }
  wake_cv_.notify_all();
}

}  // namespace leados::deliver
