#pragma once
// AttemptRecorder: what happens after one attempt, in ONE transaction: the attempt row is
// appended, the delivery gets its next state from the RetryPolicy, and the endpoint's health is
// updated. When a delivery ends (succeeded or dead) and it was the last open one of its event, the
// event's body is deleted from the payload store if every delivery succeeded. When the endpoint
// must be disabled (410 Gone, or failing for 5 days), the same
// transaction disables it, queues the "delivery_failures" email to each owner of the account
// through the outbox, and enqueues an `endpoint.disabled` event for the account's other endpoints.
// Thread-safe.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/ids.h"
#include "core/result.h"
#include "deliver/delivery_service.h"
#include "deliver/delivery_store.h"
#include "deliver/endpoint_service.h"
#include "deliver/retry_policy.h"
#include "notify/outbox.h"
#include "notify/templates.h"
#include "store/database.h"

namespace leados::deliver {

// The verified email addresses of an account's owners (src/app wires
// accounts::AccountService::OwnerEmails).
using OwnerEmails = std::function<core::Result<std::vector<std::string>>(std::string_view)>;

// What the dispatcher observed.
struct AttemptResult {
  core::TimePoint attempted_at;
  std::optional<int> http_status;          // nullopt: no HTTP response
  std::optional<std::string> retry_after;  // Retry-After header of the response
  int64_t latency_ms = 0;
  std::optional<std::string> error_class;  // timeout, dns, refused, tls, blocked_private, http_5xx…
  std::string response_excerpt;            // already cut to 256 bytes and sanitised
};

class AttemptRecorder {
 public:
  // Every reference must outlive the recorder.
  AttemptRecorder(store::Database& db, const core::Clock& clock, DeliveryStore& deliveries,
                  EndpointService& endpoints, DeliveryService& service, const RetryPolicy& policy,
                  OwnerEmails owner_emails, std::string product_name = "LeadOS");

  // Records an attempt of claimed delivery `d` by dispatcher `owner` and moves it on. Returns
  // the delivery's new status. A claim that was lost (lease taken over) still gets its attempt
  // recorded; its state is left to the new owner.
  core::Result<std::string> Record(const Delivery& d, std::string_view owner,
                                   const AttemptResult& result);
  // As Record for several attempts (the dispatcher's finished requests), written in ONE
  // transaction: one commit (one fsync on SQLite) for the lot. All or nothing: on an error none
  // is recorded (the claims run out and the deliveries are sent again). Returns the new statuses
  // in order. The pointers must stay valid during the call.
  core::Result<std::vector<std::string>> RecordAll(
      const std::vector<std::pair<const Delivery*, const AttemptResult*>>& attempts,
      std::string_view owner);

  // Ends a claimed delivery without an HTTP attempt (payload expired, endpoint deleted or
  // disabled): status dead with `reason`.
  core::Status Kill(const Delivery& d, std::string_view owner, std::string_view reason);

  // Called after a delivery reached a final status ("succeeded" or "dead"), outside the
  // transaction, on the dispatcher's thread (the lead pipeline marks the lead's webhook channel).
  // Set before the dispatcher starts. Must not throw.
  using FinalHook = std::function<void(const Delivery& d, std::string_view status)>;
  void SetOnFinal(FinalHook hook) { on_final_ = std::move(hook); }

  // Called when the LAST open delivery of an event reached a final status (every delivery of the
  // event is now succeeded or dead), after the per-delivery hook, with the event's progress
  // (`d` is the delivery that ended it). It may fire again for the same event when a replayed
  // delivery ends. Same thread and rules as SetOnFinal.
  using EventFinalHook = std::function<void(const Delivery& d, const EventProgress& progress)>;
  void SetOnEventFinal(EventFinalHook hook) { on_event_final_ = std::move(hook); }

 private:
  // After delivery `d` became final: the hooks, and the event's body is deleted from the payload
  // store once every delivery of the event succeeded (a dead one keeps it for replay until its
  // TTL).
  void AfterFinal(const Delivery& d, std::string_view status);
  // Record's steps: decide the next state (outside the transaction), then write it.
  struct Planned;
  core::Result<Planned> Plan(const Delivery& d, const WebhookEndpoint& endpoint,
                             const AttemptResult& result);
  core::Status Apply(store::SqlSession& tx, Planned& p, std::string_view owner);

  FinalHook on_final_;
  EventFinalHook on_event_final_;
  // Disables the endpoint inside `tx`, emails the owners and enqueues endpoint.disabled.
  core::Status DisableEndpoint(store::SqlSession& tx, const WebhookEndpoint& endpoint,
                               std::string_view reason, std::string_view last_error,
                               const std::vector<notify::Email>& emails);
  core::Result<std::vector<notify::Email>> FailureEmails(const WebhookEndpoint& endpoint,
                                                         std::string_view reason,
                                                         std::string_view last_error,
                                                         int64_t since_ms);

  store::Database& db_;
  const core::Clock& clock_;
  DeliveryStore& deliveries_;
  EndpointService& endpoints_;
  DeliveryService& service_;
  const RetryPolicy& policy_;
  OwnerEmails owner_emails_;
  notify::Outbox outbox_;
  notify::EmailTemplates templates_;
  core::IdGenerator ids_;
};

// "http_5xx 503", "timeout" …: the short error text kept on deliveries and endpoints.
std::string ErrorSummary(const AttemptResult& result);

}  // namespace leados::deliver
