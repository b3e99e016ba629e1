#pragma once
// DeliveryService: turns an event into webhook deliveries and offers the manual operations.
//
// Enqueue stores the request body (the event envelope {"type","timestamp","data"}) ONCE in the
// payload store (KeyValue, `payload_ttl`, 30 days by default) under "webhook:payload:<evt id>",
// and inserts one delivery row (msg_…) per enabled endpoint of the account subscribed to the
// event type, all in one transaction. The body is identical on every attempt and replay, so the
// signature covers the same bytes and the webhook-id (the delivery id) never changes.
// SQL never sees the body: lead payloads hold personal data.
// Thread-safe.

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/ids.h"
#include "core/result.h"
#include "deliver/delivery_store.h"
#include "deliver/endpoint_service.h"
#include "store/database.h"
#include "store/key_value.h"

namespace leados::deliver {

struct DeliveryServiceOptions {
  core::Duration payload_ttl = std::chrono::hours(24 * 30);
};

class DeliveryService {
 public:
  // Every reference must outlive the service.
  DeliveryService(store::Database& db, store::KeyValue& kv, const core::Clock& clock,
                  EndpointService& endpoints, DeliveryStore& deliveries,
                  DeliveryServiceOptions options = {});

  // One event for the account: the body goes to the payload store, one delivery per subscribed
  // enabled endpoint. `payload_json` must be a JSON object (kInvalidArgument otherwise); it
  // becomes the envelope's "data". Returns the new delivery ids (empty when nobody subscribes).
  // With a lead id the call is idempotent: when deliveries of that lead's event exist, their ids
  // are returned and nothing is added (a redelivered signal keeps its webhook-ids).
  core::Result<std::vector<std::string>> Enqueue(std::string_view account_id,
                                                 std::string_view event_type,
                                                 std::optional<std::string> lead_id,
                                                 std::string_view payload_json);
  // As Enqueue, inside the caller's transaction (used when an endpoint is disabled).
  core::Result<std::vector<std::string>> EnqueueIn(store::SqlSession& tx,
                                                   std::string_view account_id,
                                                   std::string_view event_type,
                                                   std::optional<std::string> lead_id,
                                                   std::string_view payload_json);

  // A "webhook.test" event to one endpoint (whatever it subscribes to, even when disabled), with
  // no personal data. kNotFound for another account's endpoint.
  core::Result<Delivery> SendTest(std::string_view account_id, std::string_view endpoint_id);
  // Sends one delivery again: same webhook-id, same body, new attempts. kFailedPrecondition when
  // its payload has expired; kConflict while it is being sent.
  core::Result<Delivery> Replay(std::string_view account_id, std::string_view delivery_id);
  // Replays every delivery of the endpoint created at or after `since_ms` whose payload still
  // exists (deliveries whose body was deleted or expired are skipped); returns how many.
  core::Result<int64_t> ReplaySince(std::string_view account_id, std::string_view endpoint_id,
                                    int64_t since_ms);

  // Deletes an event's body from the payload store (every delivery of the event succeeded: the
  // personal data it carries is not kept a moment longer). Deleting a missing key is fine.
  core::Status DeletePayload(std::string_view payload_ref);

  DeliveryStore& store() { return deliveries_; }

 private:
  core::Result<std::string> StorePayload(const std::string& event_id, std::string_view event_type,
                                         std::string_view payload_json);
  core::Result<std::string> NewDelivery(store::SqlSession& tx, const std::string& event_id,
                                        std::string_view account_id, std::string_view endpoint_id,
                                        std::string_view event_type,
                                        const std::optional<std::string>& lead_id,
                                        const std::string& payload_ref);

  store::Database& db_;
  store::KeyValue& kv_;
  const core::Clock& clock_;
  EndpointService& endpoints_;
  DeliveryStore& deliveries_;
  DeliveryServiceOptions options_;
  core::IdGenerator ids_;
};

// The payload store key of an event's body.
std::string PayloadKey(std::string_view event_id);

}  // namespace leados::deliver
