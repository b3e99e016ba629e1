#include "deliver/webhook_dispatcher.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/log.h"
#include "deliver/standard_webhooks.h"

namespace leados::deliver {
namespace {

std::string HttpClass(int status) {
  if (status >= 500) return "http_5xx";
  if (status >= 400) return "http_4xx";
  if (status >= 300) return "http_3xx";
  return "http_other";
}

int64_t MillisSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start)
      .count();
}

}  // namespace

std::string ResponseExcerpt(std::string_view body) {
  std::string out(body.substr(0, 256));
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (!(u == '\n' || u == '\t' || (u >= 0x20 && u < 0x7f))) c = '?';
  }
  return out;
}

WebhookDispatcher::WebhookDispatcher(DeliveryStore& deliveries, EndpointService& endpoints,
                                     store::KeyValue& kv, ingest::HttpClient& http,
                                     AttemptRecorder& recorder, const core::Clock& clock,
                                     DispatcherOptions options)
    : deliveries_(deliveries),
      endpoints_(endpoints),
      kv_(kv),
      http_(http),
      recorder_(recorder),
      clock_(clock),
      options_(std::move(options)) {}

WebhookDispatcher::~WebhookDispatcher() {
  Stop();
}

size_t WebhookDispatcher::TakeTokens(const std::string& endpoint_id, size_t wanted) {
  const double rate = options_.endpoint_rate_per_second;
  if (rate <= 0) return wanted;
  const double burst = std::max(1.0, rate);  // at most one second's worth at once
  std::lock_guard lock(buckets_mu_);
  const core::TimePoint now = clock_.Now();
  auto [it, created] = buckets_.try_emplace(endpoint_id, Bucket{burst, now});
  Bucket& b = it->second;
  if (!created && now > b.refilled) {
    const double seconds = std::chrono::duration<double>(now - b.refilled).count();
    b.tokens = std::min(burst, b.tokens + seconds * rate);
    b.refilled = now;
  }
  const size_t take = std::min(wanted, static_cast<size_t>(std::floor(b.tokens)));
  b.tokens -= static_cast<double>(take);
  return take;
}

void WebhookDispatcher::Handle(const Delivery& d) {
  auto fail_log = [&](const core::Error& e) {
    core::log::Warn(
        fmt::format("webhook delivery {}: could not record the outcome: {}", d.id, e.message));
  };
  auto endpoint = endpoints_.Load(d.endpoint_id);
  if (!endpoint) {
    if (endpoint.error().code == core::ErrorCode::kNotFound) {
      if (auto st = recorder_.Kill(d, options_.owner, "the endpoint was deleted"); !st) {
        fail_log(st.error());
      }
    } else {
      fail_log(endpoint.error());
    }
    return;
  }
  if (!endpoint->enabled && d.event_type != kEventTest) {
    if (auto st = recorder_.Kill(d, options_.owner,
                                 "the endpoint is disabled: enable it, then replay the delivery");
        !st) {
      fail_log(st.error());
    }
    return;
  }
  auto body = kv_.Get(d.payload_ref);
  if (!body) return fail_log(body.error());  // the lease runs out; another round retries
  if (!*body) {
    if (auto st =
            recorder_.Kill(d, options_.owner, "the payload expired before it could be delivered");
        !st) {
      fail_log(st.error());
    }
    return;
  }

  AttemptResult result;
  result.attempted_at = clock_.Now();
  const auto started = std::chrono::steady_clock::now();
  if (auto vetted = endpoints_.CheckUrl(endpoint->url); !vetted) {
    result.error_class = vetted.error().message.find("refusing to connect") != std::string::npos
                             ? "blocked_private"
                             : "invalid_url";
    result.response_excerpt = ResponseExcerpt(vetted.error().message);
  } else {
    auto secrets = endpoints_.SigningSecrets(d.endpoint_id);
    if (!secrets) return fail_log(secrets.error());
    const int64_t ts =
        std::chrono::duration_cast<std::chrono::seconds>(result.attempted_at.time_since_epoch())
            .count();
    auto signature = SignatureHeader(*secrets, d.id, ts, **body);
    if (!signature) return fail_log(signature.error());
    ingest::HttpRequest req;
    req.method = "POST";
    req.url = endpoint->url;
    req.body = **body;
    req.timeout = options_.request_timeout;
    // Only an excerpt is kept, but a 2xx with a large body must still count as delivered.
    req.max_body_bytes = 1024 * 1024;
    req.max_redirects = 0;
    req.headers.Set("content-type", "application/json");
    req.headers.Set("webhook-id", d.id);
    req.headers.Set("webhook-timestamp", std::to_string(ts));
    req.headers.Set("webhook-signature", *signature);
    req.headers.Set("user-agent", options_.user_agent);
    auto response = http_.Send(req);
    if (response) {
      result.http_status = response->status;
      if (response->status < 200 || response->status >= 300) {
        result.error_class = HttpClass(response->status);
      }
      result.retry_after = response->headers.Get("retry-after");
      result.response_excerpt = ResponseExcerpt(response->body);
    } else {
      result.error_class =
          std::string(ingest::HttpErrorKindName(ingest::HttpErrorKindOf(response.error())));
      result.response_excerpt = ResponseExcerpt(ingest::HttpErrorDetail(response.error()));
    }
  }
  result.latency_ms = MillisSince(started);
  if (auto recorded = recorder_.Record(d, options_.owner, result); !recorded) {
    fail_log(recorded.error());
  }
}

core::Result<int> WebhookDispatcher::RunOnce() {
  auto endpoints = deliveries_.DueEndpoints(options_.max_endpoints_per_round);
  if (!endpoints) return core::Fail(endpoints.error());
  std::vector<Delivery> jobs;
  for (const auto& endpoint_id : *endpoints) {
    const size_t allowed =
        TakeTokens(endpoint_id, static_cast<size_t>(std::max(1, options_.endpoint_concurrency)));
    if (allowed == 0) continue;
    auto claimed = deliveries_.Claim(endpoint_id, options_.owner, allowed, options_.lease);
    if (!claimed) return core::Fail(claimed.error());
    // Tokens not used (fewer due than allowed) are given back.
    if (claimed->size() < allowed) {
      std::lock_guard lock(buckets_mu_);
      buckets_[endpoint_id].tokens += static_cast<double>(allowed - claimed->size());
    }
    for (auto& d : *claimed) jobs.push_back(std::move(d));
  }
  if (jobs.empty()) return 0;
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < jobs.size(); i = next++) Handle(jobs[i]);
  };
  const size_t threads =
      std::min(jobs.size(), static_cast<size_t>(std::max(1, options_.worker_threads)));
  std::vector<std::thread> pool;
  for (size_t i = 1; i < threads; ++i) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  return static_cast<int>(jobs.size());
}

void WebhookDispatcher::Start() {
  std::lock_guard lock(loop_mu_);
  if (loop_.joinable()) return;
  stop_ = false;
  loop_ = std::thread([this] {
    std::unique_lock lock(loop_mu_);
    while (!stop_) {
      wake_ = false;
      lock.unlock();
      auto handled = RunOnce();
      if (!handled) {
        core::log::Warn("webhook dispatcher round failed: " + handled.error().message);
      }
      lock.lock();
      if (handled && *handled > 0) continue;
      loop_cv_.wait_for(lock, options_.poll_interval, [this] { return stop_ || wake_; });
    }
  });
}

void WebhookDispatcher::Stop() {
  {
    std::lock_guard lock(loop_mu_);
    stop_ = true;
  }
  loop_cv_.notify_all();
  if (loop_.joinable()) loop_.join();
}

void WebhookDispatcher::Wake() {
  {
    std::lock_guard lock(loop_mu_);
    wake_ = true;
  }
  loop_cv_.notify_all();
}

}  // namespace leados::deliver
