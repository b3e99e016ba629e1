#include "deliver/attempt_recorder.h"

#include <fmt/format.h>

#include <map>

#include "core/json.h"
#include "core/log.h"

namespace leados::deliver {

namespace json = core::json;

std::string ErrorSummary(const AttemptResult& r) {
  std::string cls = r.error_class.value_or("error");
  if (r.http_status) return fmt::format("{} (HTTP {})", cls, *r.http_status);
  return cls;
}

AttemptRecorder::AttemptRecorder(store::Database& db, const core::Clock& clock,
                                 DeliveryStore& deliveries, EndpointService& endpoints,
                                 DeliveryService& service, const RetryPolicy& policy,
                                 OwnerEmails owner_emails, std::string product_name)
    : db_(db),
      clock_(clock),
      deliveries_(deliveries),
      endpoints_(endpoints),
      service_(service),
      policy_(policy),
      owner_emails_(std::move(owner_emails)),
      outbox_(clock),
      templates_(std::move(product_name)),
      ids_(clock) {}

core::Result<std::vector<notify::Email>> AttemptRecorder::FailureEmails(
    const WebhookEndpoint& endpoint, std::string_view reason, std::string_view last_error,
    int64_t since_ms) {
  std::vector<notify::Email> emails;
  if (!owner_emails_) return emails;
  auto owners = owner_emails_(endpoint.account_id);
  if (!owners) return core::Fail(owners.error());
  for (const auto& to : *owners) {
    auto email = templates_.Render(
        "delivery_failures", to,
        {{"endpoint_url", endpoint.url},
         {"endpoint_id", endpoint.id},
         {"reason", std::string(reason)},
         {"since", core::FormatRfc3339(core::TimePoint(std::chrono::milliseconds(since_ms)))},
         {"last_error", std::string(last_error)}});
    if (!email) return core::Fail(email.error());
    emails.push_back(std::move(*email));
  }
  return emails;
}

core::Status AttemptRecorder::DisableEndpoint(store::SqlSession& tx,
                                              const WebhookEndpoint& endpoint,
                                              std::string_view reason, std::string_view last_error,
                                              const std::vector<notify::Email>& emails) {
  auto changed = endpoints_.Disable(tx, endpoint.id, reason, clock_.NowUnixMillis());
  if (!changed) return core::Fail(changed.error());
  if (!*changed) return core::Ok();  // another dispatcher disabled it first: one email only
  for (const auto& email : emails) {
    if (auto queued = outbox_.Enqueue(tx, email); !queued) return core::Fail(queued.error());
  }
  // Ids and reasons only; the disabled endpoint itself no longer receives events.
  json::object data{{"endpoint_id", endpoint.id},
                    {"url", endpoint.url},
                    {"reason", std::string(reason)},
                    {"last_error", std::string(last_error)}};
  auto made = service_.EnqueueIn(tx, endpoint.account_id, kEventEndpointDisabled, std::nullopt,
                                 core::ToJson(data));
  if (!made) return core::Fail(made.error());
  return core::Ok();
}

// One attempt, decided and ready to be written.
struct AttemptRecorder::Planned {
  const Delivery* delivery = nullptr;
  WebhookEndpoint endpoint;
  Delivery next;
  Attempt attempt;
  bool succeeded = false;
  int64_t now_ms = 0;
  std::string summary;
  std::optional<std::string> disable_reason;
  std::vector<notify::Email> emails;
  std::string final_status;  // after the transaction
};

core::Result<AttemptRecorder::Planned> AttemptRecorder::Plan(const Delivery& d,
                                                             const WebhookEndpoint& endpoint,
                                                             const AttemptResult& result) {
  Planned p;
  p.delivery = &d;
  p.endpoint = endpoint;
  p.now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(result.attempted_at.time_since_epoch())
          .count();
  Delivery& next = p.next;
  next = d;
  next.attempt_count = d.attempt_count + 1;
  next.retry_step = d.retry_step + 1;
  const AttemptOutcome outcome{result.http_status.value_or(0), result.retry_after};
  const RetryDecision decision =
      policy_.Decide(static_cast<int>(next.retry_step), outcome, clock_.Now());
  p.summary = ErrorSummary(result);
  p.succeeded = decision.verdict == Verdict::kSucceeded;

  std::optional<int64_t> failing_since;
  switch (decision.verdict) {
    case Verdict::kSucceeded:
      next.status = std::string(kStatusSucceeded);
      next.last_error.reset();
      break;
    case Verdict::kRetry:
      next.status = std::string(kStatusFailed);
      next.next_attempt_at_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                    decision.next_attempt_at.time_since_epoch())
                                    .count();
      next.last_error = p.summary;
      break;
    case Verdict::kDead:
      next.status = std::string(kStatusDead);
      next.last_error =
          fmt::format("gave up after {} attempts; last: {}", next.retry_step, p.summary);
      break;
    case Verdict::kDisableEndpoint:
      next.status = std::string(kStatusDead);
      next.last_error = "the endpoint answered 410 Gone: it was disabled";
      p.disable_reason = "the endpoint answered 410 Gone";
      break;
  }
  if (!p.succeeded && endpoint.enabled) {
    failing_since = endpoint.failing_since_ms.value_or(p.now_ms);
    if (!p.disable_reason &&
        policy_.ShouldDisableEndpoint(core::TimePoint(std::chrono::milliseconds(*failing_since)),
                                      clock_.Now())) {
      p.disable_reason = fmt::format(
          "every delivery failed for {} days",
          std::chrono::duration_cast<std::chrono::hours>(policy_.disable_after()).count() / 24);
    }
  }
  // Rendered before the transaction: reading the owners is not part of it.
  if (p.disable_reason) {
    auto made =
        FailureEmails(endpoint, *p.disable_reason, p.summary, failing_since.value_or(p.now_ms));
    if (!made) return core::Fail(made.error());
    p.emails = std::move(*made);
  }
  p.attempt =
      Attempt{ids_.NewId("att"),
              d.id,
              next.attempt_count,
              p.now_ms,
              result.http_status ? std::optional<int64_t>(*result.http_status) : std::nullopt,
              result.latency_ms,
              result.error_class,
              result.response_excerpt};
  p.final_status = next.status;
  return p;
}

core::Status AttemptRecorder::Apply(store::SqlSession& tx, Planned& p, std::string_view owner) {
  if (auto s = deliveries_.InsertAttempt(tx, p.attempt); !s) return s;
  auto held = deliveries_.Finish(tx, p.next, owner);
  if (!held) return core::Fail(held.error());
  p.final_status = *held ? p.next.status : std::string(kStatusDelivering);
  if (p.succeeded) {
    if (auto s = endpoints_.MarkHealthy(tx, p.delivery->endpoint_id); !s) return s;
  } else {
    if (auto s = endpoints_.MarkFailing(tx, p.delivery->endpoint_id, p.now_ms, p.summary); !s) {
      return s;
    }
  }
  if (p.disable_reason) {
    return DisableEndpoint(tx, p.endpoint, *p.disable_reason, p.summary, p.emails);
  }
  return core::Ok();
}

core::Result<std::string> AttemptRecorder::Record(const Delivery& d, std::string_view owner,
                                                  const AttemptResult& result) {
  auto statuses = RecordAll({{&d, &result}}, owner);
  if (!statuses) return core::Fail(statuses.error());
  return std::move(statuses->front());
}

core::Result<std::vector<std::string>> AttemptRecorder::RecordAll(
    const std::vector<std::pair<const Delivery*, const AttemptResult*>>& attempts,
    std::string_view owner) {
  std::map<std::string, WebhookEndpoint> endpoints;  // read once per endpoint
  std::vector<Planned> planned;
  planned.reserve(attempts.size());
  for (const auto& [d, result] : attempts) {
    auto it = endpoints.find(d->endpoint_id);
    if (it == endpoints.end()) {
      auto endpoint = endpoints_.Load(d->endpoint_id);
      if (!endpoint) return core::Fail(endpoint.error());
      it = endpoints.emplace(d->endpoint_id, std::move(*endpoint)).first;
    }
    auto p = Plan(*d, it->second, *result);
    if (!p) return core::Fail(p.error());
    planned.push_back(std::move(*p));
  }
  auto st = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    for (auto& p : planned) {
      if (auto s = Apply(tx, p, owner); !s) return s;
    }
    return core::Ok();
  });
  if (!st) return core::Fail(st.error());
  std::vector<std::string> out;
  out.reserve(planned.size());
  for (auto& p : planned) {
    if (p.final_status == kStatusSucceeded || p.final_status == kStatusDead) {
      AfterFinal(*p.delivery, p.final_status);
    }
    out.push_back(std::move(p.final_status));
  }
  return out;
}

core::Status AttemptRecorder::Kill(const Delivery& d, std::string_view owner,
                                   std::string_view reason) {
  Delivery next = d;
  next.status = std::string(kStatusDead);
  next.last_error = std::string(reason);
  bool held_claim = false;
  auto st = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto held = deliveries_.Finish(tx, next, owner);
    if (!held) return core::Fail(held.error());
    held_claim = *held;
    return core::Ok();
  });
  if (st && held_claim) AfterFinal(d, kStatusDead);
  return st;
}

void AttemptRecorder::AfterFinal(const Delivery& d, std::string_view status) {
  if (on_final_) on_final_(d, status);
  // Read after our own commit: of two deliveries of one event ending at once, at least the
  // later one sees both final (both may: deleting twice and closing a channel twice are fine).
  auto progress = deliveries_.ProgressOf(d.event_id);
  if (!progress) {
    core::log::Warn(fmt::format("webhook event {}: could not read its deliveries: {}", d.event_id,
                                progress.error().message));
    return;
  }
  if (progress->open() > 0) return;
  if (progress->succeeded == progress->total) {
    if (auto st = service_.DeletePayload(d.payload_ref); !st) {
      // The TTL still removes it; say so rather than fail the attempt.
      core::log::Warn(fmt::format("webhook event {}: body not deleted after delivery: {}",
                                  d.event_id, st.error().message));
    }
  }
  if (on_event_final_) on_event_final_(d, *progress);
}

}  // namespace leados::deliver
