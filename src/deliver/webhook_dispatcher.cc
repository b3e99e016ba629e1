#include "deliver/webhook_dispatcher.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

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

void LogNotRecorded(const Delivery& d, const core::Error& e) {
  core::log::Warn(
      fmt::format("webhook delivery {}: could not record the outcome: {}", d.id, e.message));
}

}  // namespace

std::string ResponseExcerpt(std::string_view body) {
  std::string out(body.substr(0, kKeptResponseBytes));
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (!(u == '\n' || u == '\t' || (u >= 0x20 && u < 0x7f))) c = '?';
  }
  return out;
}

struct WebhookDispatcher::EndpointContext {
  core::Result<WebhookEndpoint> endpoint;
  // Read only for an endpoint that may receive: the vetted addresses and the signing secrets.
  std::optional<core::Result<std::vector<std::string>>> addresses;
  std::optional<core::Result<std::vector<std::string>>> secrets;
};

WebhookDispatcher::WebhookDispatcher(DeliveryStore& deliveries, EndpointService& endpoints,
                                     store::KeyValue& kv, WebhookTransport& transport,
                                     AttemptRecorder& recorder, const core::Clock& clock,
                                     DispatcherOptions options)
    : deliveries_(deliveries),
      endpoints_(endpoints),
      kv_(kv),
      transport_(transport),
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

void WebhookDispatcher::GiveBackTokens(const std::string& endpoint_id, size_t unused) {
  if (unused == 0 || options_.endpoint_rate_per_second <= 0) return;
  std::lock_guard lock(buckets_mu_);
  buckets_[endpoint_id].tokens += static_cast<double>(unused);
}

void WebhookDispatcher::Begin(const Delivery& d, const EndpointContext& ctx) {
  auto kill = [&](std::string_view reason) {
    if (auto st = recorder_.Kill(d, options_.owner, reason); !st) LogNotRecorded(d, st.error());
  };
  if (!ctx.endpoint) {
    if (ctx.endpoint.error().code == core::ErrorCode::kNotFound) {
      return kill("the endpoint was deleted");
    }
    return LogNotRecorded(d, ctx.endpoint.error());  // the lease runs out; a later claim retries
  }
  if (!ctx.endpoint->enabled && d.event_type != kEventTest) {
    return kill("the endpoint is disabled: enable it, then replay the delivery");
  }
  auto body = kv_.Get(d.payload_ref);
  if (!body) return LogNotRecorded(d, body.error());
  if (!*body) return kill("the payload expired before it could be delivered");

  AttemptResult result;
  result.attempted_at = clock_.Now();
  const auto& vetted = *ctx.addresses;
  if (!vetted) {
    result.error_class = vetted.error().message.find("refusing to connect") != std::string::npos
                             ? "blocked_private"
                             : "invalid_url";
    result.response_excerpt = ResponseExcerpt(vetted.error().message);
    finished_.push_back({d, std::move(result)});
    return;
  }
  const auto& secrets = *ctx.secrets;
  if (!secrets) return LogNotRecorded(d, secrets.error());
  const int64_t ts =
      std::chrono::duration_cast<std::chrono::seconds>(result.attempted_at.time_since_epoch())
          .count();
  auto signature = SignatureHeader(*secrets, d.id, ts, **body);
  if (!signature) return LogNotRecorded(d, signature.error());

  WebhookRequest req;
  req.url = ctx.endpoint->url;
  req.addresses = *vetted;
  req.body = std::move(**body);
  req.timeout = options_.request_timeout;
  req.headers.Set("content-type", "application/json");
  req.headers.Set("webhook-id", d.id);
  req.headers.Set("webhook-timestamp", std::to_string(ts));
  req.headers.Set("webhook-signature", *signature);
  req.headers.Set("user-agent", options_.user_agent);
  ++in_flight_[d.endpoint_id];
  transport_.Start(std::move(req), [this, d, result, started = std::chrono::steady_clock::now()](
                                       core::Result<ingest::HttpResponse> response) mutable {
    if (auto it = in_flight_.find(d.endpoint_id); it != in_flight_.end() && --it->second <= 0) {
      in_flight_.erase(it);
    }
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
    result.latency_ms = MillisSince(started);
    finished_.push_back({std::move(d), std::move(result)});
  });
}

void WebhookDispatcher::RecordFinished() {
  if (finished_.empty()) return;
  std::vector<Finished> batch;
  batch.swap(finished_);
  // One transaction for everything that finished together (one commit instead of one each).
  std::vector<std::pair<const Delivery*, const AttemptResult*>> attempts;
  attempts.reserve(batch.size());
  for (const auto& f : batch) attempts.emplace_back(&f.delivery, &f.result);
  if (auto recorded = recorder_.RecordAll(attempts, options_.owner); recorded) return;
  // Recorded one by one instead, so one bad row does not lose the others.
  for (const auto& f : batch) {
    if (auto recorded = recorder_.Record(f.delivery, options_.owner, f.result); !recorded) {
      LogNotRecorded(f.delivery, recorded.error());
    }
  }
}

core::Result<int> WebhookDispatcher::Fill() {
  const auto max_total = static_cast<size_t>(std::max(1, options_.max_in_flight));
  if (transport_.in_flight() >= max_total) return 0;
  auto endpoints = deliveries_.DueEndpoints(options_.max_endpoints_per_round);
  if (!endpoints) return core::Fail(endpoints.error());
  // What each endpoint may take now: its concurrency minus what it has in flight, its tokens,
  // and what is left of max_in_flight.
  size_t room = max_total - transport_.in_flight();
  std::vector<std::pair<std::string, size_t>> wanted;
  for (const auto& endpoint_id : *endpoints) {
    if (room == 0) break;
    auto busy = in_flight_.find(endpoint_id);
    const int used = busy == in_flight_.end() ? 0 : busy->second;
    const size_t want =
        std::min(room, static_cast<size_t>(std::max(0, options_.endpoint_concurrency - used)));
    if (want == 0) continue;
    const size_t allowed = TakeTokens(endpoint_id, want);
    if (allowed == 0) continue;
    wanted.emplace_back(endpoint_id, allowed);
    room -= allowed;
  }
  if (wanted.empty()) return 0;
  // One claim transaction for every endpoint of this round.
  auto claimed = deliveries_.ClaimMany(wanted, options_.owner, options_.lease);
  if (!claimed) {
    for (const auto& [endpoint_id, allowed] : wanted) GiveBackTokens(endpoint_id, allowed);
    return core::Fail(claimed.error());
  }
  int claimed_total = 0;
  for (size_t i = 0; i < wanted.size(); ++i) {
    const auto& endpoint_id = wanted[i].first;
    const auto& list = (*claimed)[i];
    GiveBackTokens(endpoint_id, wanted[i].second - list.size());  // fewer due than allowed
    if (list.empty()) continue;
    // The endpoint, its vetted addresses and its secrets are read once per claim, right before
    // sending: DNS answers and secrets change between claims, not within one.
    EndpointContext ctx{endpoints_.Load(endpoint_id), std::nullopt, std::nullopt};
    if (ctx.endpoint) {
      ctx.addresses = endpoints_.VetUrl(ctx.endpoint->url);
      ctx.secrets = endpoints_.SigningSecrets(endpoint_id);
    }
    for (const auto& d : list) Begin(d, ctx);
    claimed_total += static_cast<int>(list.size());
  }
  return claimed_total;
}

core::Result<int> WebhookDispatcher::RunOnce() {
  auto claimed = Fill();
  while (transport_.in_flight() > 0) transport_.Poll(std::chrono::milliseconds(100));
  RecordFinished();
  return claimed;
}

void WebhookDispatcher::Loop() {
  using namespace std::chrono;
  bool claim = true;
  auto last_claim = steady_clock::now();
  while (true) {
    {
      std::lock_guard lock(loop_mu_);
      if (stop_) break;
      claim = claim || wake_;
      wake_ = false;
    }
    int claimed = 0;
    if (claim) {
      last_claim = steady_clock::now();
      auto made = Fill();
      if (!made) core::log::Warn("webhook dispatcher round failed: " + made.error().message);
      claimed = made.value_or(0);
    }
    RecordFinished();  // attempts ended without a request (blocked, killed)
    // Idle: wait for work (or Wake). Busy: return as soon as a request finishes.
    const size_t done = transport_.Poll(options_.poll_interval);
    RecordFinished();
    // Claim again when a slot freed up or the last claim found work (there may be more);
    // otherwise once poll_interval passed (retries fall due while slow requests run).
    // A claim costs a transaction: after completions, wait until a quarter of max_in_flight is
    // free (or nothing is in flight) so each claim fills many slots.
    const size_t max_total = static_cast<size_t>(std::max(1, options_.max_in_flight));
    const size_t free_slots = max_total - std::min(max_total, transport_.in_flight());
    claim = transport_.in_flight() == 0 || (done > 0 && free_slots * 4 >= max_total) ||
            (claimed > 0 && free_slots > 0) ||
            steady_clock::now() - last_claim >= options_.poll_interval;
  }
  // Requests in flight get stop_grace to finish; the rest are left to their leases.
  const auto deadline = steady_clock::now() + options_.stop_grace;
  while (transport_.in_flight() > 0 && steady_clock::now() < deadline) {
    transport_.Poll(milliseconds(50));
    RecordFinished();
  }
  transport_.CancelAll();
  in_flight_.clear();
}

void WebhookDispatcher::Start() {
  std::lock_guard lock(loop_mu_);
  if (loop_.joinable()) return;
  stop_ = false;
  loop_ = std::thread([this] { Loop(); });
}

void WebhookDispatcher::Stop() {
  {
    std::lock_guard lock(loop_mu_);
    stop_ = true;
  }
  transport_.Wakeup();
  if (loop_.joinable()) loop_.join();
}

void WebhookDispatcher::Wake() {
  {
    std::lock_guard lock(loop_mu_);
    wake_ = true;
  }
  transport_.Wakeup();
}

}  // namespace leados::deliver
